import Foundation
import NNParity
import NNParityAudit
import NNParityCases
import NNParityJudging
import NNParityPython
import NNParityTestSupport
import Testing

@Suite("Calls from many threads at once", .requiresNumPy)
struct ParallelTests {
  /// Cases of several shapes and both dtypes, so concurrent calls also contend for the
  /// cached input arrays.
  static let cases: [NetworkCase] = {
    let random = RandomCases(seed: 11, maximumSize: 16)
    return (0..<6).map(random.case) + [notebookCase, notebookCase.with(dtype: .float32)]
  }()

  @Test("32 tasks × 50 calls agree with one serial call each")
  func tasks() async throws {
    let reference = try Live.reference
    let expected = try Self.cases.map(reference.evaluate)
    try await withThrowingTaskGroup(of: Void.self) { group in
      for task in 0..<32 {
        group.addTask {
          for call in 0..<50 {
            let index = (task + call) % Self.cases.count
            let result = try reference.evaluate(Self.cases[index])
            #expect(result == expected[index], "task \(task), call \(call), case \(index)")
          }
        }
      }
      try await group.waitForAll()
    }
  }

  @Test("8 threads (concurrentPerform) × 200 calls, errors mixed in")
  func threads() throws {
    let reference = try Live.reference
    let expected = try Self.cases.map(reference.evaluate)
    let bad = Matrix<Double>(rows: 7, columns: 7)
    DispatchQueue.concurrentPerform(iterations: 8) { thread in
      for call in 0..<200 {
        let index = (thread + call) % Self.cases.count
        if call % 10 == 0 {
          #expect(throws: PythonError.self) {
            try reference.evaluate(
              x: bad, y: bad, w1: bad, w2: Matrix<Double>(rows: 3, columns: 2),
              semantics: .reference, loss: CrossEntropy())
          }
        }
        do {
          let result = try reference.evaluate(Self.cases[index])
          #expect(result == expected[index], "thread \(thread), call \(call), case \(index)")
        } catch {
          Issue.record(error, "thread \(thread), call \(call), case \(index)")
        }
      }
    }
  }
}
