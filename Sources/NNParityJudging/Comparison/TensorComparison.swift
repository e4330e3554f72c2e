import Foundation
import NNParity
import NNParityCases

/// How one computed tensor compares with the tensor it is checked against.
package struct TensorComparison: Sendable, Equatable {
  /// Which tensor.
  package let name: TensorName
  /// The number of elements compared.
  package let count: Int
  /// The tensor's largest expected magnitude (never below the dtype's smallest normal):
  /// the divisor of a `.tensorScale` tolerance.
  package let scale: Double
  /// The largest `|actual − expected|`.
  package internal(set) var maxAbsoluteError = 0.0
  /// The largest `|actual − expected| / |expected|` (infinite where expected is 0 and
  /// actual is not).
  package internal(set) var maxRelativeError = 0.0
  /// The largest distance in ulps of the dtype.
  package internal(set) var maxULPs: UInt64 = 0
  /// The largest scaled error (see `Tolerance`): what the bound limits.
  package internal(set) var maxScaledError = 0.0
  /// How many elements are beyond the bound.
  package internal(set) var failingElements = 0
  /// How many nonzero expected elements the bound can tell from zero (their allowance is
  /// below their magnitude), and how many nonzero expected elements there are.
  package internal(set) var resolvedElements = 0
  package internal(set) var nonzeroElements = 0
  /// How many elements differ (both values finite) where the error scale overflowed to +∞:
  /// any finite value would have passed there, so they were not judged at all. The audit
  /// counts them as a lack of evidence, whatever the other elements show.
  package internal(set) var unjudgedElements = 0
  /// The flat index of the element with the largest scaled error.
  package internal(set) var worstIndex = 0
  /// Expected and actual at `worstIndex`.
  package internal(set) var worstExpected = Double.nan
  package internal(set) var worstActual = Double.nan
  /// The elements with the largest scaled errors, worst first (at most
  /// `worstElementLimit`): what a failure report lists.
  package internal(set) var worstElements: [ElementError] = []
  /// How many elements `worstElements` keeps.
  package static let worstElementLimit = 3
  /// Whether both tensors have the same shape.
  package let shapesMatch: Bool
  /// The bound applied.
  package let tolerance: Tolerance
  /// The shape compared (the expected one).
  package let shape: [Int]
  /// Each element's scaled error, in order (empty when the shapes differ): what
  /// `Float32Arbiter` weighs element by element.
  internal private(set) var scaledErrors: [Double] = []

  /// Whether the shapes match and every element is within the bound.
  package var passed: Bool {
    shapesMatch && failingElements == 0 && maxScaledError <= tolerance.scaledBound
  }

  /// Whether the bound is too wide to say anything: every nonzero expected element is
  /// smaller than its allowance (float32 gradients of ~1e-12 where p rounds to 1). Such a
  /// tensor is reported "not compared (ill-conditioned)", never "ok".
  package var illConditioned: Bool { nonzeroElements > 0 && resolvedElements == 0 }

  /// Compares `actual` against `expected` element by element under `tolerance`.
  /// `errorScale` holds each element's `C` for an `.errorScale` tolerance; without it every
  /// element gets the tensor's largest magnitude as its `C`.
  ///
  /// An error scale that overflowed to +∞ (inputs near the dtype's range) bounds nothing: a
  /// finite difference there is not a failure (a correct implementation differs by an ulp)
  /// but it is not judged either. It counts as unresolved and in `unjudgedElements`, which
  /// the audit reports as a lack of evidence, so resolved elements beside it cannot vouch
  /// for it. A value that is not finite on one side only still fails. A NaN or negative
  /// scale judges nothing: only exact agreement passes.
  package init(
    _ name: TensorName, expected: Tensor, actual: Tensor, dtype: DType, tolerance: Tolerance,
    errorScale: Tensor? = nil
  ) {
    self.name = name
    self.tolerance = tolerance
    self.shape = expected.shape
    self.count = expected.values.count
    self.shapesMatch = expected.shape == actual.shape
    let largest = expected.values.lazy.filter(\.isFinite).map(abs).max() ?? 0
    self.scale = max(largest, dtype.smallestNormal)
    guard shapesMatch else {
      (maxAbsoluteError, maxRelativeError, maxULPs) = (.infinity, .infinity, .max)
      (maxScaledError, failingElements) = (.infinity, count)
      return
    }
    let scales = errorScale.flatMap { $0.shape == expected.shape ? $0.values : nil }
    var maxScaled = -1.0
    scaledErrors.reserveCapacity(count)
    for (i, (e, a)) in zip(expected.values, actual.values).enumerated() {
      let unit = Self.unit(tolerance.scale, scale, dtype, elementScale: scales?[i] ?? largest)
      let ulps = ULPDistance.between(e, a, dtype: dtype)
      let difference = ulps == 0 ? 0 : (e.isFinite && a.isFinite ? abs(a - e) : .infinity)
      let unjudged = difference != 0 && difference.isFinite && unit == .infinity
      if unjudged { unjudgedElements += 1 }
      let scaled =
        difference == 0 || unjudged
        ? 0 : (unit.isFinite && unit > 0 ? difference / unit : .infinity)
      scaledErrors.append(scaled)
      if e != 0 && e.isFinite {
        nonzeroElements += 1
        if tolerance.scaledBound * unit < abs(e) { resolvedElements += 1 }
      }
      if !(scaled <= tolerance.scaledBound) { failingElements += 1 }
      maxAbsoluteError = max(maxAbsoluteError, difference)
      maxRelativeError = max(maxRelativeError, difference == 0 ? 0 : difference / abs(e))
      maxULPs = max(maxULPs, ulps)
      if !(scaled <= maxScaled) {
        (maxScaled, worstIndex, worstExpected, worstActual) = (scaled, i, e, a)
      }
      keepIfWorst(index: i, expected: e, actual: a, scaled: scaled.isNaN ? .infinity : scaled)
    }
    maxScaledError = max(maxScaled, 0)
    describeWorstIndices()
  }

  /// What an element's difference is divided by: `u · C + smallest normal` with the
  /// element's `C` for an error-scale tolerance, else the tensor's scale.
  private static func unit(
    _ kind: Tolerance.Scale, _ tensorScale: Double, _ dtype: DType, elementScale: Double
  ) -> Double {
    switch kind {
    case .tensorScale: tensorScale
    case .errorScale: dtype.unitRoundoff * elementScale + dtype.smallestNormal
    }
  }

  /// Gives each kept worst element its `[r][c]` index text.
  private mutating func describeWorstIndices() {
    worstElements = worstElements.map {
      ElementError(
        flatIndex: $0.flatIndex,
        index: Self.index(ofFlat: $0.flatIndex, shape: shape).map { "[\($0)]" }.joined(),
        expected: $0.expected, actual: $0.actual, scaledError: $0.scaledError)
    }
  }

  /// Keeps the element among the `worstElementLimit` largest scaled errors (earlier
  /// elements first among equals).
  private mutating func keepIfWorst(index: Int, expected: Double, actual: Double, scaled: Double) {
    let limit = Self.worstElementLimit
    guard scaled > 0, worstElements.count < limit || scaled > (worstElements.last?.scaledError ?? 0)
    else { return }
    // The index text is written once the worst are known (`describeWorstIndices`).
    let element = ElementError(
      flatIndex: index, index: "", expected: expected, actual: actual, scaledError: scaled)
    let position = worstElements.firstIndex { $0.scaledError < scaled } ?? worstElements.endIndex
    worstElements.insert(element, at: position)
    if worstElements.count > limit { worstElements.removeLast() }
  }

  /// A flat position's index in a tensor of `shape` (as `Tensor.index(ofFlat:)`).
  package static func index(ofFlat position: Int, shape: [Int]) -> [Int] {
    switch shape.count {
    case 2 where shape[1] > 0: [position / shape[1], position % shape[1]]
    case 1: [position]
    default: []
    }
  }

  /// The worst element's index as `[r][c]`.
  package var worstIndexDescription: String {
    Tensor(shape: shape, values: Array(repeating: 0, count: count)).indexDescription(
      ofFlat: worstIndex)
  }

  /// One line saying what differed, for a failure message.
  package var summary: String {
    guard shapesMatch else { return "\(name.rawValue): shape differs from \(shape)" }
    let unit = tolerance.scale == .errorScale ? "u·C" : "× max|expected|"
    return "\(name.rawValue)\(worstIndexDescription): expected \(worstExpected), "
      + "actual \(worstActual); abs \(maxAbsoluteError.shortDescription), "
      + "rel \(maxRelativeError.shortDescription), \(maxULPs) ulp, "
      + "\(maxScaledError.shortDescription) \(unit) vs bound \(tolerance.scaledBound); "
      + "\(failingElements) of \(count) elements beyond"
  }
}
