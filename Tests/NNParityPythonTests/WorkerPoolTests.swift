import Foundation
import NNParity
import NNParityConformance
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

  /// A pool whose one worker is `/bin/sh` running `script` in place of `live_worker.py`.
  static func fakePool(_ script: String, in folder: URL) throws -> NumPyWorkerPool {
    try script.write(
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

  @Test("a worker that exits fails each of its cases with the reason", .requiresNumPy)
  func workerExits() throws {
    try TestFiles.withTemporaryDirectory { folder in
      let errors = Self.errors(try Self.fakePool("exit 3\n", in: folder), 3)
      #expect(errors.count == 3)
      for error in errors {
        #expect(error.contains("the NumPy worker process exited"), "\(error)")
      }
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
      #expect(errors.last?.contains("exited") == true, "\(errors)")
    }
  }

  @Test("a worker's own error is that case's failure, and the stream goes on", .requiresNumPy)
  func workerReportsError() throws {
    try TestFiles.withTemporaryDirectory { folder in
      // Answers the first request with an error, then exits.
      let errors = Self.errors(
        try Self.fakePool("read line\necho '{\"error\": \"w2: shape mismatch\"}'\n", in: folder),
        2)
      #expect(errors.first == "w2: shape mismatch", "\(errors)")
      #expect(errors.last?.contains("exited") == true, "\(errors)")
    }
  }
}
