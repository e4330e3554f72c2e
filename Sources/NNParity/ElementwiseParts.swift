import Dispatch

/// Splits an element-wise pass over `count` elements into consecutive parts, one per
/// thread. Each element is computed alone, the same way in any part, so the results do not
/// depend on the split.
enum ElementwiseParts {
  /// The fewest elements worth giving a thread: a part of fewer costs less than waking it.
  static let minimumPart = 1 << 16

  /// Calls `body` with consecutive ranges covering `0..<count`: one range on the calling
  /// thread when `threads` is 1 or the pass is small, else up to `threads` ranges on as
  /// many threads at once.
  @inline(__always)
  static func run(count: Int, threads: Int, _ body: (Range<Int>) -> Void) {
    let parts = Swift.min(Swift.max(threads, 1), count / minimumPart)
    guard parts > 1 else {
      body(0..<count)
      return
    }
    let size = (count + parts - 1) / parts
    withoutActuallyEscaping(body) { body in
      let pass = Pass(body: body)
      DispatchQueue.concurrentPerform(iterations: parts) { part in
        pass.body((part * size)..<Swift.min(count, (part + 1) * size))
      }
    }
  }

  /// The pass handed to every thread. `@unchecked Sendable`: each part touches only its own
  /// range of the buffers, and `concurrentPerform` returns only after every part finished.
  private struct Pass: @unchecked Sendable {
    var body: (Range<Int>) -> Void
  }
}
