import Foundation
import NNParity
import NNParityAudit
import NNParityCases
import NNParityJudging
import NNParityTestSupport
import Testing

@testable import NNParityPython

/// Reference counts balance: repeated calls leave neither Python objects nor resident
/// memory behind.
///
/// Measured in a child process (an exit test), where nothing else calls Python: in the test
/// process other suites call it in parallel and their objects in flight move both counts.
/// A leak is a slope, so the calls are measured over two equal windows after a warm-up and
/// the smaller growth is judged: a leak grows both windows, a one-off (a cache filling, the
/// allocator taking another arena) only one.
@Suite("Memory stays flat over many calls", .requiresNumPy)
struct MemoryTests {
  @Test("evaluations, trainings and exceptions: Python blocks and RSS stay flat")
  func flat() async throws {
    let result = await #expect(processExitsWith: .success, observing: [\.standardOutputContent]) {
      let growth = try MemoryWindows.measure(
        calls: Live.count("NNPARITY_MEMORY_CALLS", default: 100_000))
      print(growth.summary)
      if let failure = growth.failure {
        print(failure)
        exit(EXIT_FAILURE)
      }
    }
    if let result { print(String(decoding: result.standardOutputContent, as: UTF8.self)) }
  }
}

/// Growth of Python's live blocks and of the resident set over two windows of calls.
struct MemoryWindows {
  var calls: Int
  var blocks: [Int] = []
  var residentMiB: [Double] = []

  /// Warms up, then runs `calls / 2` calls twice, recording the growth of each window.
  static func measure(calls: Int) throws -> MemoryWindows {
    let runtime = try PythonRuntime.shared.get()
    let work = try MemoryWorkload(reference: runtime.reference)
    try work.run(5_000)  // warm-up: caches, allocator pools
    var windows = MemoryWindows(calls: calls)
    for _ in 0..<2 {
      let (blocksBefore, rssBefore) = (runtime.allocatedBlocks(), residentBytes())
      try work.run(calls / 2)
      windows.blocks.append(runtime.allocatedBlocks() - blocksBefore)
      windows.residentMiB.append(Double(residentBytes() - rssBefore) / 1_048_576)
    }
    return windows
  }

  var summary: String {
    "memory over 2 × \(calls / 2) calls: Python blocks +\(blocks), RSS +\(residentMiB) MiB"
  }

  /// Why the growth is a leak, or nil. One object leaked per exception (1 call in 20) adds
  /// `calls / 40` blocks to each window; 4 MiB per window is a leak of ~84 bytes per call.
  var failure: String? {
    let (blockSlope, rssSlope) = (blocks.min() ?? .max, residentMiB.min() ?? .infinity)
    if blockSlope >= max(calls / 80, 100) {
      return "LEAK: Python blocks grew by \(blockSlope) or more in each window"
    }
    if rssSlope >= 4 { return "LEAK: RSS grew by \(rssSlope) MiB or more in each window" }
    return nil
  }

  /// Resident set size, from /proc/self/statm.
  static func residentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else {
      return 0
    }
    let pages = text.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
  }
}

/// The calls measured: trainings, evaluations in both dtypes, and calls that raise.
struct MemoryWorkload {
  let reference: NumPyReference
  let x: Matrix<Float>, y: Matrix<Float>, w1: Matrix<Float>, w2: Matrix<Float>

  init(reference: NumPyReference) throws {
    self.reference = reference
    let c = notebookCase
    (x, y) = (c.x.converted(to: Float.self), c.y.converted(to: Float.self))
    (w1, w2) = (c.w1.converted(to: Float.self), c.w2.converted(to: Float.self))
  }

  func run(_ count: Int) throws {
    let c = notebookCase
    let masks = DropoutMasks<Double>.explicit([Matrix(rows: 2, columns: 4, repeating: 1)])
    let configuration = TrainingConfiguration(epochs: 1, learningRate: 0.1, dropout: 0.25)
    for call in 0..<count {
      switch call % 20 {
      case 0:
        _ = try reference.train(
          x: c.x, y: c.y, w1: c.w1, w2: c.w2, masks: masks, configuration: configuration,
          semantics: .reference, loss: CrossEntropy())
      case 1:  // w2 in place of w1: a shape error raised in Python
        _ = try? reference.evaluate(
          x: x, y: y, w1: w2, w2: w2, semantics: .reference, loss: CrossEntropy())
      case 2: _ = try reference.evaluate(c)
      default:
        _ = try reference.evaluate(
          x: x, y: y, w1: w1, w2: w2, semantics: .notebook, loss: CrossEntropy())
      }
    }
  }
}
