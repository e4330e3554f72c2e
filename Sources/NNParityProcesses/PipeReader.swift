import Foundation

/// Reads a pipe to its end on another thread, so that both pipes of one child are drained
/// together: a child that fills one while the other is read to its end would wait forever.
package final class PipeReader: @unchecked Sendable {
  // `@unchecked Sendable`: `read` is written once, by the reading thread, before `done`
  // is signalled, and read only after waiting for it.
  private var read = Data()
  private let done = DispatchSemaphore(value: 0)

  package init(_ pipe: Pipe) {
    let handle = pipe.fileHandleForReading
    Thread.detachNewThread { [self] in
      read = handle.readDataToEndOfFile()
      done.signal()
    }
  }

  /// Everything read, once the pipe has ended. With `grace`, nothing if it has not ended
  /// within `grace` of the call (a grandchild that kept it open must not hang the caller);
  /// without, it waits for the end.
  package func data(grace: Duration? = nil) -> Data {
    guard let grace else {
      done.wait()
      return read
    }
    let (seconds, attoseconds) = grace.components
    let deadline = DispatchTime.now() + Double(seconds) + Double(attoseconds) * 1e-18
    return done.wait(timeout: deadline) == .success ? read : Data()
  }
}
