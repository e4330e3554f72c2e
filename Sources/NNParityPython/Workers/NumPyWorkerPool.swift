import Foundation
import NNParity
import NNParityAudit
import NNParityCases

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The NumPy reference in worker processes (`reference/live_worker.py`), one per core, so a
/// long audit runs the reference's Python on every core: the embedded interpreter runs
/// Python on one core at a time (the GIL).
///
/// Each worker runs the same interpreter and calls the same bridge functions on the same
/// arrays as the embedded ``NumPyReference``, so it gives the same numbers. Many cases
/// (``evaluate(_:each:)``) are dealt out to the workers in turn and streamed: a worker
/// always has its next case waiting, and results are handed back in order as they come.
/// A single case (``evaluate(_:)``, e.g. the float32 arbiter's float64 rerun) is computed
/// by the embedded reference, so it never waits behind a stream. The workers end when the
/// pool is released.
package final class NumPyWorkerPool: LiveReference, @unchecked Sendable {
  // `@unchecked Sendable`: the workers are used by one stream at a time (`streaming`), and
  // within it each worker by one writing and one reading thread, which share nothing but
  // the socket.
  private let workers: [LiveWorker]
  private let embedded: NumPyReference
  private let streaming = NSLock()

  /// Starts `count` workers (at least one) running `executable` (a Python with NumPy) on
  /// `referenceDirectory/live_worker.py`; `embedded` computes single cases.
  /// A worker's `sys.path` is `referenceDirectory` then `modulePath` (nil: the interpreter's
  /// own), as the embedded interpreter's is; `environment` is set on top of this process's
  /// (for tests).
  init(
    count: Int, executable: String, referenceDirectory: String, embedded: NumPyReference,
    modulePath: [String]? = nil, environment: [String: String] = [:]
  ) throws {
    var environment = environment
    if let modulePath {
      environment[LiveWorker.modulePathVariable] =
        "[" + modulePath.map(JSONWriter.string).joined(separator: ", ") + "]"
    }
    var workers: [LiveWorker] = []
    for _ in 0..<Swift.max(count, 1) {
      workers.append(
        try LiveWorker(
          executable: executable, referenceDirectory: referenceDirectory,
          environment: environment))
    }
    self.workers = workers
    self.embedded = embedded
  }

  /// How many worker processes run the reference.
  package var count: Int { workers.count }

  /// "in N worker processes".
  package var placement: String {
    count == 1 ? "in 1 worker process" : "in \(count) worker processes"
  }

  /// The workers compute while the caller handles results.
  package var computesAhead: Bool { true }

  /// The reference's result for one case: the embedded reference's.
  package func evaluate(_ networkCase: NetworkCase) throws -> CaseResult {
    try embedded.evaluate(networkCase)
  }

  /// The reference's results for `cases`, computed by the workers (case `i` by worker
  /// `i % count`) while `each` handles the ones already back, in order.
  package func evaluate(
    _ cases: [NetworkCase], each: (_ index: Int, _ result: Result<CaseResult, any Error>) -> Void
  ) {
    streaming.lock()
    defer { streaming.unlock() }
    let board = ResultBoard(count: cases.count)
    for (number, worker) in workers.enumerated() {
      let mine = Array(stride(from: number, to: cases.count, by: workers.count))
      // A writer and a reader per worker, so neither side's socket buffer can fill up and
      // stall the other. A dead worker fails its remaining cases, each with the reason.
      Thread {
        for index in mine {
          guard (try? worker.send(cases[index], number: index)) != nil else { return }
        }
      }.start()
      Thread {
        for index in mine {
          board.put(Result { try worker.receive(for: cases[index], number: index) }, at: index)
        }
      }.start()
    }
    for index in cases.indices { each(index, board.take(index)) }
  }
}

/// The results of one stream, put by the reading threads and taken in order by the caller.
private final class ResultBoard: @unchecked Sendable {
  // `@unchecked Sendable`: `slots` is only touched with `condition` locked.
  private let condition = NSCondition()
  private var slots: [Result<CaseResult, any Error>?]

  init(count: Int) { slots = Array(repeating: nil, count: count) }

  func put(_ result: Result<CaseResult, any Error>, at index: Int) {
    condition.lock()
    slots[index] = result
    condition.broadcast()
    condition.unlock()
  }

  /// Result `index`, waiting for it; its slot is emptied (each is taken once).
  func take(_ index: Int) -> Result<CaseResult, any Error> {
    condition.lock()
    defer { condition.unlock() }
    while true {
      if let result = slots[index] {
        slots[index] = nil
        return result
      }
      condition.wait()
    }
  }
}

extension NumPyReference {
  /// A pool of `count` worker processes running this reference with this interpreter
  /// (``NumPyWorkerPool``); throws when a process cannot be started.
  package func workerPool(count: Int) throws -> NumPyWorkerPool {
    // The module path the embedded interpreter was given: the interpreter found may be a
    // wrapper that sets PYTHONPATH, which `executable` run bare would not see.
    try NumPyWorkerPool(
      count: count, executable: runtime.interpreter.executable,
      referenceDirectory: environment.referenceDirectory, embedded: self,
      modulePath: runtime.interpreter.modulePath)
  }
}
