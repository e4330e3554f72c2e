import Dispatch
import NNParity
import NNParityCases
import NNParityJudging

/// A value computed on another thread while the caller does something else; `value`
/// waits for it.
final class BackgroundWork<T: Sendable>: @unchecked Sendable {
  // `@unchecked Sendable`: `result` is written once, on the worker thread, before `done`
  // is signalled, and read only after waiting for `done`.
  private var result: T?
  private let done = DispatchSemaphore(value: 0)

  /// Starts `work` on a global queue.
  init(_ work: @escaping @Sendable () -> T) {
    DispatchQueue.global().async {
      self.result = work()
      self.done.signal()
    }
  }

  /// The work's result, once it has finished (the first read waits for it).
  var value: T {
    done.wait()
    done.signal()  // so that later reads do not wait
    guard let result else { preconditionFailure("BackgroundWork finished without a result") }
    return result
  }
}
