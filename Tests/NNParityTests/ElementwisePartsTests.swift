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

/// The three passes split over threads, element by element against the spec's formula:
/// every output starts as NaN, so an element that a part skips, or computes twice where that
/// changes it, is found wherever it lies (a comparison of 1 with 3 threads misses a fault
/// both make, or one at elements that happen to be 0).
@Suite("Element-wise passes on several threads")
struct HiddenLayerPartsTests {
  /// Three parts on 3 threads, the last shorter.
  static let count = 3 * ElementwiseParts.minimumPart + 5

  /// Both signs and never 0, so every element of the activation matters; `flipped`, each
  /// sign the other way, so that every element of the mask matters in one of the two.
  static func z1(flipped: Bool = false) -> [Double] {
    (0..<count).map { i in
      let magnitude = Double(i % 97 + 1) / 8
      return (i % 3 == 0) != flipped ? -magnitude : magnitude
    }
  }
  static let z1 = z1()
  /// Kept and dropped elements, in a pattern that does not follow the parts.
  static let keep: [Double] = (0..<count).map { i in i % 5 == 2 ? 0 : 1 }
  static let scale = 1 / 0.6

  /// `a1` and the second layer's input, by the spec's formula, one element at a time.
  static func expectedActivation(_ i: Int, dropout: Bool, semantics: Semantics) -> (
    Double, Double
  ) {
    let a1 = max(0, z1[i])
    guard dropout else { return (a1, a1) }
    return (a1, semantics == .reference ? a1 * keep[i] * scale : a1 * keep[i])
  }

  /// The first element whose bits differ from `expected(i)`, or nil.
  static func firstDifference(_ values: [Double], _ expected: (Int) -> Double) -> String? {
    guard values.count == count else { return "\(values.count) values" }
    for i in 0..<count where values[i].bitPattern != expected(i).bitPattern {
      return "element \(i): \(values[i]), expected \(expected(i))"
    }
    return nil
  }

  /// Calls `body` with fresh buffers holding `arrays`, and returns what they hold after.
  static func withBuffers(
    _ arrays: [[Double]], _ body: ([UnsafeMutablePointer<Double>]) -> Void
  ) -> [[Double]] {
    let buffers = arrays.map { array in
      let buffer = UnsafeMutablePointer<Double>.allocate(capacity: array.count)
      buffer.initialize(from: array, count: array.count)
      return buffer
    }
    defer { buffers.forEach { $0.deallocate() } }
    body(buffers)
    return zip(buffers, arrays).map { Array(UnsafeBufferPointer(start: $0, count: $1.count)) }
  }

  @Test(
    "activation: every element, with and without dropout, in both semantics",
    arguments: [Semantics.reference, .notebook], [false, true])
  func activate(semantics: Semantics, dropout: Bool) {
    #expect(Self.count / ElementwiseParts.minimumPart == 3, "the passes would not split")
    let unset = [Double](repeating: .nan, count: Self.count)
    let out = Self.withBuffers([Self.z1, Self.keep, unset, unset]) { b in
      HiddenLayer.activate(
        b[0], count: Self.count, activations: b[2], dropped: b[3],
        dropout: dropout ? HiddenLayer.Dropout(keep: b[1], scale: Self.scale) : nil,
        semantics: semantics, threads: 3)
    }
    let expected = { (i: Int) in
      Self.expectedActivation(i, dropout: dropout, semantics: semantics)
    }
    #expect(Self.firstDifference(out[2]) { expected($0).0 } == nil)
    #expect(Self.firstDifference(out[3]) { expected($0).1 } == nil)
  }

  @Test(
    "gradient mask: every element, with and without dropout, in both semantics",
    arguments: [Semantics.reference, .notebook], [false, true])
  func maskGradient(semantics: Semantics, dropout: Bool) {
    for flipped in [false, true] {
      maskGradient(semantics: semantics, dropout: dropout, flipped: flipped)
    }
  }

  func maskGradient(semantics: Semantics, dropout: Bool, flipped: Bool) {
    let z1 = Self.z1(flipped: flipped)
    let incoming: [Double] = (0..<Self.count).map { i in Double(i % 89 + 1) / 16 }
    let out = Self.withBuffers([z1, Self.keep, incoming]) { b in
      HiddenLayer.maskGradient(
        b[2], z1: b[0], count: Self.count,
        dropout: dropout ? HiddenLayer.Dropout(keep: b[1], scale: Self.scale) : nil,
        semantics: semantics, threads: 3)
    }
    #expect(
      Self.firstDifference(out[2]) { i in
        let live = z1[i] > 0 ? 1.0 : 0.0
        return dropout && semantics == .reference
          ? incoming[i] * Self.keep[i] * Self.scale * live : incoming[i] * live
      } == nil, "flipped: \(flipped)")
  }

  @Test("SGD update: every weight once")
  func descend() {
    let gradient: [Double] = (0..<Self.count).map { i in Double(i % 89 + 1) / 16 }
    let out = Self.withBuffers([Self.z1, gradient]) { b in
      HiddenLayer.descend(b[0], along: b[1], count: Self.count, rate: 0.25, threads: 3)
    }
    #expect(Self.firstDifference(out[0]) { Self.z1[$0] - 0.25 * gradient[$0] } == nil)
  }
}

/// The ranges the parts were called with, from any thread.
private final class Parts: @unchecked Sendable {
  private let lock = NSLock()
  private var recorded: [Range<Int>] = []

  func append(_ range: Range<Int>) { lock.withLock { recorded.append(range) } }
  var ranges: [Range<Int>] { lock.withLock { recorded } }
}
