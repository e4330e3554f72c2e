import Foundation
import NNParity
import NNParityConformance
import Testing

@testable import NNParityPython

/// Reference counts balance: repeated calls leave neither Python objects nor resident
/// memory behind.
@Suite("Memory stays flat over many calls", .requiresNumPy)
struct MemoryTests {
  /// `NNPARITY_MEMORY_CALLS`, default 100,000 (about 10 s here).
  static let calls = Live.count("NNPARITY_MEMORY_CALLS", default: 100_000)

  @Test("evaluations, trainings and exceptions: Python blocks and RSS stay flat")
  func flat() throws {
    let runtime = try PythonRuntime.shared.get()
    let reference = runtime.reference
    let c = notebookCase
    let x = c.x.converted(to: Float.self)
    let y = c.y.converted(to: Float.self)
    let w1 = c.w1.converted(to: Float.self)
    let w2 = c.w2.converted(to: Float.self)
    let masks = DropoutMasks<Double>.explicit([Matrix(rows: 2, columns: 4, repeating: 1)])
    let configuration = TrainingConfiguration(epochs: 1, learningRate: 0.1, dropout: 0.25)
    func work(_ count: Int) throws {
      for call in 0..<count {
        switch call % 20 {
        case 0:
          _ = try reference.train(
            x: c.x, y: c.y, w1: c.w1, w2: c.w2, masks: masks, configuration: configuration,
            semantics: .reference, loss: CrossEntropy())
        case 1:
          _ = try? reference.evaluate(
            x: x, y: y, w1: w2, w2: w2, semantics: .reference, loss: CrossEntropy())
        case 2: _ = try reference.evaluate(c)
        default:
          _ = try reference.evaluate(
            x: x, y: y, w1: w1, w2: w2, semantics: .notebook, loss: CrossEntropy())
        }
      }
    }
    try work(5_000)  // warm-up: caches, allocator pools
    let (blocksBefore, rssBefore) = (runtime.allocatedBlocks(), Self.residentBytes())
    try work(Self.calls)
    let (blocksAfter, rssAfter) = (runtime.allocatedBlocks(), Self.residentBytes())
    let rssGrowth = Double(rssAfter - rssBefore) / 1_048_576
    print(
      "memory over \(Self.calls) calls: Python blocks \(blocksBefore) → \(blocksAfter), "
        + "RSS \(rssBefore / 1_048_576) → \(rssAfter / 1_048_576) MiB")
    // The precise check: a leak of one object per call (or per exception, 1 call in 20)
    // would add at least calls / 20 blocks; other tests' calls in flight hold a few hundred.
    #expect(blocksAfter - blocksBefore < max(Self.calls / 40, 500))
    // The coarse one: other tests share this process, so RSS gets 16 MiB of slack (a leak
    // of 170 bytes per call would exceed it).
    #expect(rssGrowth < 16, "RSS grew by \(rssGrowth) MiB")
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
