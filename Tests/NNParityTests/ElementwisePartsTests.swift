import Foundation
import Testing

@testable import NNParity

/// The split of the element-wise passes: every element exactly once, in consecutive parts,
/// no more parts than threads, and none for a pass too small to share.
@Suite("Element-wise parts")
struct ElementwisePartsTests {
  static let minimum = ElementwiseParts.minimumPart
  static let counts = [
    0, 1, minimum - 1, minimum, 2 * minimum - 1, 2 * minimum, 3 * minimum + 5, 10 * minimum + 3,
  ]

  @Test("each element in exactly one part, parts consecutive", arguments: counts, [1, 2, 3, 7])
  func cover(count: Int, threads: Int) {
    let parts = Parts()
    ElementwiseParts.run(count: count, threads: threads) { parts.append($0) }
    let ranges = parts.ranges.sorted { $0.lowerBound < $1.lowerBound }
    #expect(ranges.first?.lowerBound == 0 && ranges.last?.upperBound == count, "\(ranges)")
    for (left, right) in zip(ranges, ranges.dropFirst()) {
      #expect(left.upperBound == right.lowerBound, "\(ranges)")
    }
    #expect(ranges.allSatisfy { !$0.isEmpty } || count == 0, "\(ranges)")
    let expected = Swift.max(1, Swift.min(threads, count / Self.minimum))
    #expect(ranges.count == expected, "\(ranges)")
  }
}

/// The ranges the parts were called with, from any thread.
private final class Parts: @unchecked Sendable {
  private let lock = NSLock()
  private var recorded: [Range<Int>] = []

  func append(_ range: Range<Int>) { lock.withLock { recorded.append(range) } }
  var ranges: [Range<Int>] { lock.withLock { recorded } }
}
