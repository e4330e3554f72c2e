import Foundation
import NNParity
import NNParityAudit
import NNParityCases
import NNParityJudging
import NNParityTestSupport
import Testing

@testable import NNParityPython

/// The worker processes (`reference/live_worker.py`) give the embedded reference's numbers
/// bit for bit, hand them back in order, and turn a worker that dies or talks nonsense into
/// an error for each of its cases rather than a hang or a silent gap.
@Suite("NumPy worker processes")
struct WorkerPoolTests {
  /// Every golden's case (explicit masks, mask seeds, no training, both dtypes and
  /// semantics, the edge cases), random cases, and the notebook case trained with all-ones
  /// masks (`.keepAll`, which goes to the worker as a stack of ones).
  static func cases() throws -> [NetworkCase] {
    let directory = TestFiles.packageRoot.appendingPathComponent(GoldenDirectory.relativePath)
    let goldens = try Golden.all(in: directory.path).map { try $0.get().networkCase }
    let keepAll = notebookCase.with(
      training: NetworkCase.Training(
        configuration: TrainingConfiguration(epochs: 3, learningRate: 0.1, dropout: 0),
        masks: .keepAll))
    return goldens + RandomCases(seed: 11).cases(150) + [keepAll, keepAll.with(dtype: .float32)]
  }

  /// Each tensor's and each error scale's bit patterns, so NaN compares equal to itself.
  static func bits(_ result: CaseResult) -> [String: [UInt64]] {
    var bits: [String: [UInt64]] = [:]
    for (name, tensor) in result.tensors { bits[name.rawValue] = tensor.values.map(\.bitPattern) }
    for (name, tensor) in result.errorScales {
      bits["error_scale." + name.rawValue] = tensor.values.map(\.bitPattern)
    }
    return bits
  }

  @Test(
    "two workers give the embedded reference's results and scales, bit for bit, in order",
    .requiresNumPy)
  func sameNumbersAsEmbedded() throws {
    let reference = try Live.reference
    let cases = try Self.cases()
    #expect(cases.count > 200)
    let pool = try reference.workerPool(count: 2)
    #expect(pool.placement == "in 2 worker processes")
    var delivered: [Int] = []
    pool.evaluate(cases) { index, result in
      delivered.append(index)
      let c = cases[index]
      let name = c.name ?? "case \(index)"
      do {
        let pooled = try result.get()
        let embedded = try reference.evaluate(c)
        #expect(pooled.name == embedded.name, "\(name)")
        #expect(pooled.dtype == embedded.dtype, "\(name)")
        #expect(Set(pooled.errorScales.keys) == Set(pooled.tensors.keys), "\(name)")
        #expect(Self.bits(pooled) == Self.bits(embedded), "\(name): the worker's numbers differ")
      } catch {
        Issue.record("\(name): \(error)")
      }
    }
    #expect(delivered == Array(cases.indices))
  }

  @Test("a single case is the embedded reference's, and a pool of one says so", .requiresNumPy)
  func singleCase() throws {
    let reference = try Live.reference
    let pool = try reference.workerPool(count: 1)
    #expect(pool.placement == "in 1 worker process")
    #expect(
      Self.bits(try pool.evaluate(notebookCase)) == Self.bits(try reference.evaluate(notebookCase)))
  }

  /// A pool whose one worker is `/bin/sh` running `script` in place of `live_worker.py`,
  /// after it wrote the line `live_worker.py` writes before its answers.
  static func fakePool(_ script: String, in folder: URL) throws -> NumPyWorkerPool {
    try ("printf '\\n\(LiveWorker.readyLine)\\n'\n" + script).write(
      to: folder.appendingPathComponent("live_worker.py"), atomically: true, encoding: .utf8)
    return try NumPyWorkerPool(
      count: 1, executable: "/bin/sh", referenceDirectory: folder.path,
      embedded: try Live.reference)
  }

  static func errors(_ pool: NumPyWorkerPool, _ count: Int) -> [String] {
    var errors: [String] = []
    pool.evaluate(Array(repeating: notebookCase, count: count)) { _, result in
      switch result {
      case .success: errors.append("(a result)")
      case .failure(let error): errors.append("\(error)")
      }
    }
    return errors
  }

  /// How a fake worker ends (after writing why to its standard error), and how the error
  /// must say it ended.
  static let exits = [
    ("exit 3", "the NumPy worker process exited with status 3"),
    // Its socket closes well before it exits: the status is still waited for.
    ("exec 0<&- 1>&-\nsleep 0.5\nexit 4", "the NumPy worker process exited with status 4"),
    ("kill -KILL $$", "the NumPy worker process was killed by signal 9"),
  ]

  @Test(
    "a worker that exits fails each of its cases with its status or signal and the reason",
    .requiresNumPy, arguments: exits)
  func workerExits(ending: String, expected: String) throws {
    try TestFiles.withTemporaryDirectory { folder in
      let errors = Self.errors(
        try Self.fakePool("echo 'ImportError: no numpy here' >&2\n\(ending)\n", in: folder), 3)
      #expect(errors.count == 3)
      for error in errors {
        #expect(error.contains(expected), "\(error)")
        // What the worker wrote to its standard error says why.
        #expect(error.contains("ImportError: no numpy here"), "\(error)")
      }
    }
  }

  /// A pool of one worker running a copy of `reference/` whose `nnparity_reference.py` ends
  /// with `patch`, started with `environment` on top of this process's.
  static func patchedPool(
    _ patch: String, in folder: URL, environment: [String: String] = [:]
  ) throws -> NumPyWorkerPool {
    let reference = try Live.reference
    try TestFiles.copyReference(
      from: URL(fileURLWithPath: reference.environment.referenceDirectory), to: folder,
      appending: patch)
    return try NumPyWorkerPool(
      count: 1, executable: reference.runtime.interpreter.executable,
      referenceDirectory: folder.path, embedded: reference, environment: environment)
  }

  /// `cases` through `pool`: each case's error, or nil when its result is the embedded
  /// reference's bit for bit ("differs" when it is not).
  static func outcomes(_ pool: NumPyWorkerPool, _ cases: [NetworkCase]) throws -> [String?] {
    let reference = try Live.reference
    var outcomes: [String?] = []
    pool.evaluate(cases) { index, result in
      switch result {
      case .success(let pooled):
        let embedded = try? reference.evaluate(cases[index])
        outcomes.append(embedded.map { bits(pooled) == bits($0) } == true ? nil : "differs")
      case .failure(let error): outcomes.append("\(error)")
      }
    }
    return outcomes
  }

  @Test(
    "a reference answering in another dtype or shape fails those cases, as in-process, and the others keep their answers",
    .requiresNumPy)
  func wrongDtypeOrShape() throws {
    try TestFiles.withTemporaryDirectory { folder in
      // float32 cases computed in float64 (a silent pass if the dtype went unchecked); float64
      // cases with an odd batch answer probabilities of the wrong shape (which, unchecked,
      // would shift every later answer onto the wrong case).
      let pool = try Self.patchedPool(
        """
        _real_evaluate_fault = evaluate
        def evaluate(x, y, w1, w2, **options):
            if x.dtype == np.float32:
                wide = [a.astype(np.float64) for a in (x, y, w1, w2)]
                return _real_evaluate_fault(*wide, **options)
            result = _real_evaluate_fault(x, y, w1, w2, **options)
            if x.shape[0] % 2:
                result["probs"] = np.ascontiguousarray(result["probs"][:, :1])
            return result
        """, in: folder)
      let cases = RandomCases(seed: 5).cases(16)
      let outcomes = try Self.outcomes(pool, cases)
      #expect(outcomes.count == cases.count)
      for (c, outcome) in zip(cases, outcomes) {
        let name = c.name ?? ""
        if c.dtype == .float32 {
          #expect(outcome?.contains("BridgeError: probs: expected float32") == true, "\(name)")
        } else if c.shape.batch % 2 == 1 {
          #expect(outcome?.contains("BridgeError: probs: expected float64") == true, "\(name)")
        } else {
          #expect(outcome == nil, "\(name): \(outcome ?? "")")
        }
      }
      #expect(cases.contains { $0.dtype == .float32 })
      #expect(Set(cases.filter { $0.dtype == .float64 }.map { $0.shape.batch % 2 }) == [0, 1])
    }
  }

  @Test("what the reference prints does not reach the answers", .requiresNumPy)
  func strayOutput() throws {
    try TestFiles.withTemporaryDirectory { folder in
      let pool = try Self.patchedPool(
        """
        import os as _os
        _real_evaluate_print = evaluate
        def evaluate(*args, **options):
            print("a stray line from the reference", flush=True)
            _os.write(1, b"and one written to file descriptor 1\\n")
            return _real_evaluate_print(*args, **options)
        """, in: folder)
      let cases = RandomCases(seed: 6).cases(6)
      #expect(try Self.outcomes(pool, cases) == Array(repeating: nil, count: cases.count))
    }
  }

  @Test(
    "what a sitecustomize prints as Python starts does not reach the answers", .requiresNumPy)
  func printingSiteCustomize() throws {
    try TestFiles.withTemporaryDirectory { folder in
      let site = folder.appendingPathComponent("site")
      try FileManager.default.createDirectory(at: site, withIntermediateDirectories: false)
      try TestFiles.writePrintingSiteCustomize(in: site)
      let pool = try Self.patchedPool(
        "", in: folder, environment: ["PYTHONPATH": site.path])
      let cases = RandomCases(seed: 8).cases(3)
      let outcomes = try Self.outcomes(pool, cases)
      #expect(outcomes == Array(repeating: nil, count: cases.count), "\(outcomes)")
    }
  }

  @Test(
    "a worker runs the reference it was given with PYTHONSAFEPATH set (Python 3.11+)",
    .requiresNumPy)
  func safePath() throws {
    try TestFiles.withTemporaryDirectory { folder in
      let pool = try Self.patchedPool("", in: folder, environment: ["PYTHONSAFEPATH": "1"])
      let cases = RandomCases(seed: 7).cases(3)
      #expect(try Self.outcomes(pool, cases) == Array(repeating: nil, count: cases.count))
    }
  }

  @Test(
    "a case large enough for threaded BLAS gets the embedded reference's numbers",
    .requiresNumPy)
  func threadedBLAS() throws {
    // B·I·H = 640,000: large enough for OpenBLAS to use several threads when it has more
    // than one core, and with another thread count it rounds these products differently
    // (seen with OPENBLAS_NUM_THREADS=1 against 2).
    var random = NumPyGenerator(seed: 12)
    func matrix(_ rows: Int, _ columns: Int, scale: Double) -> Matrix<Double> {
      var m = Matrix<Double>(rows: rows, columns: columns)
      for k in 0..<(rows * columns) {
        m[element: k] = Double(Float(scale * (random.random() - 0.5)))
      }
      return m
    }
    var y = Matrix<Double>(rows: 16, columns: 5)
    for r in 0..<16 { y[r, r % 5] = 1 }
    let wide = NetworkCase(
      name: "wide", dtype: .float32, x: matrix(16, 200, scale: 4), y: y,
      w1: matrix(200, 200, scale: 0.2), w2: matrix(200, 5, scale: 0.2))
    let pool = try (try Live.reference).workerPool(count: 1)
    let cases = [wide, wide.with(dtype: .float64)]
    #expect(try Self.outcomes(pool, cases) == [nil, nil])
  }

  @Test(
    "after an answer it cannot read, a worker is stopped: no later case takes another's answer",
    .requiresNumPy)
  func outOfStep() throws {
    try TestFiles.withTemporaryDirectory { folder in
      // Nonsense, then an answer that would be taken for the second case's; then it waits.
      let errors = Self.errors(
        try Self.fakePool(
          "read line\necho 'not json'\necho '{\"error\": \"out of place\"}'\ncat >/dev/null\n",
          in: folder), 2)
      #expect(errors.count == 2)
      #expect(errors.first?.contains("unreadable JSON") == true, "\(errors)")
      #expect(errors.last?.contains("stopped") == true, "\(errors)")
    }
  }

  @Test(
    "a worker that answers nonsense fails that case, and the rest when it exits",
    .requiresNumPy)
  func workerTalksNonsense() throws {
    try TestFiles.withTemporaryDirectory { folder in
      let errors = Self.errors(
        try Self.fakePool("read line\necho 'not json'\n", in: folder), 2)
      #expect(errors.count == 2)
      #expect(errors.first?.contains("unreadable JSON") == true, "\(errors)")
      #expect(errors.last?.contains("stopped") == true, "\(errors)")
    }
  }

  @Test("an answer for another case than the one due stops the worker", .requiresNumPy)
  func answerForAnotherCase() throws {
    try TestFiles.withTemporaryDirectory { folder in
      // As if the worker had skipped case 0: its first answer says it is case 1's.
      let errors = Self.errors(
        try Self.fakePool(
          "read line\necho '{\"case\": 1, \"error\": \"case 1 failed\"}'\ncat >/dev/null\n",
          in: folder), 1)
      #expect(errors.count == 1)
      #expect(errors.first?.contains("answered case 1 where case 0 was due") == true, "\(errors)")
    }
  }

  @Test("a worker's own error is that case's failure, and the stream goes on", .requiresNumPy)
  func workerReportsError() throws {
    try TestFiles.withTemporaryDirectory { folder in
      // Answers the first request with an error, then exits.
      let errors = Self.errors(
        try Self.fakePool(
          "read line\necho '{\"case\": 0, \"error\": \"w2: shape mismatch\"}'\n", in: folder),
        2)
      #expect(errors.first == "w2: shape mismatch", "\(errors)")
      #expect(errors.last?.contains("exited") == true, "\(errors)")
    }
  }

  @Test(
    "a worker that ignores the end of its input is ended, by SIGTERM or else SIGKILL",
    .requiresNumPy, arguments: ["", "trap '' TERM\n"])
  func workerIgnoringEndOfInput(traps: String) throws {
    try TestFiles.withTemporaryDirectory { folder in
      let pidFile = folder.appendingPathComponent("pid")
      let holder = PoolHolder()
      // The pid goes to the file in one rename, so it is never read half written.
      let (path, partial) = (pidFile.path, pidFile.path + ".new")
      holder.pool = try Self.fakePool(
        traps + "echo $$ > '\(partial)' && mv '\(partial)' '\(path)'\n"
          + "while :; do sleep 0.05; done\n",
        in: folder)
      var pid: pid_t?
      for _ in 0..<1_000 where pid == nil {
        pid = (try? String(contentsOf: pidFile, encoding: .utf8)).flatMap {
          pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        if pid == nil { usleep(10_000) }
      }
      let worker = try #require(pid, "the fake worker never started")
      // A fake worker the pool failed to end loops forever: it must not outlive the test.
      defer { if kill(worker, 0) == 0 { kill(worker, SIGKILL) } }
      // Dropping the pool ends its worker; on a thread, so that a hang fails the test
      // instead of stopping the suite.
      let ended = DispatchSemaphore(value: 0)
      Thread.detachNewThread {
        holder.pool = nil
        ended.signal()
      }
      #expect(ended.wait(timeout: .now() + 60) == .success, "dropping the pool hung")
      #expect(kill(worker, 0) == -1 && errno == ESRCH, "the worker process \(worker) still runs")
    }
  }
}

/// A pool a test drops on another thread.
private final class PoolHolder: @unchecked Sendable {
  var pool: NumPyWorkerPool?
}
