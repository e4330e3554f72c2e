import Foundation
import NNParity

/// How one computed tensor compares with the tensor it is checked against.
public struct TensorComparison: Sendable, Equatable {
  /// Which tensor.
  public internal(set) var name: TensorName
  /// The number of elements compared.
  public internal(set) var count: Int
  /// The scale of `scaledError`: `max|expected|`, or the condition scale when larger
  /// (never below the smallest normal).
  public internal(set) var scale: Double
  /// The largest `|actual − expected|`.
  public internal(set) var maxAbsoluteError: Double
  /// The largest `|actual − expected| / |expected|` (infinite where expected is 0 and
  /// actual is not).
  public internal(set) var maxRelativeError: Double
  /// The largest distance in ulps of the dtype.
  public internal(set) var maxULPs: UInt64
  /// The largest `|actual − expected| / scale`: what the tolerance bounds.
  public internal(set) var maxScaledError: Double
  /// The flat index of the element with the largest scaled error.
  public internal(set) var worstIndex: Int
  /// Expected and actual at `worstIndex`.
  public internal(set) var worstExpected: Double
  public internal(set) var worstActual: Double
  /// Whether both tensors have the same shape.
  public internal(set) var shapesMatch: Bool
  /// The bound applied.
  public internal(set) var tolerance: Tolerance
  /// The shape compared (the expected one).
  public internal(set) var shape: [Int]

  /// Whether the shapes match and every element is within the bound.
  public var passed: Bool { shapesMatch && maxScaledError <= tolerance.scaledBound }

  /// Compares `actual` against `expected` element by element. The scale is the larger of
  /// `max|expected|` and `conditionScale` (see `NetworkCase.conditionScales`).
  public init(
    _ name: TensorName, expected: Tensor, actual: Tensor, dtype: DType, tolerance: Tolerance,
    conditionScale: Double = 0
  ) {
    self.name = name
    self.tolerance = tolerance
    self.shape = expected.shape
    self.count = expected.values.count
    self.shapesMatch = expected.shape == actual.shape
    let smallestNormal =
      dtype == .float32 ? Double(Float.leastNormalMagnitude) : .leastNormalMagnitude
    let largest = expected.values.lazy.filter(\.isFinite).map(abs).max() ?? 0
    self.scale = max(largest, conditionScale, smallestNormal)
    var maxAbs = 0.0
    var maxRel = 0.0
    var maxULPs: UInt64 = 0
    var maxScaled = -1.0
    var worst = 0
    if shapesMatch {
      for (i, (e, a)) in zip(expected.values, actual.values).enumerated() {
        let ulps = ULPDistance.between(e, a, dtype: dtype)
        let abs: Double
        if ulps == 0 {
          abs = 0
        } else if e.isFinite && a.isFinite {
          abs = Swift.abs(a - e)
        } else {
          abs = .infinity
        }
        let rel = abs == 0 ? 0 : abs / Swift.abs(e)
        let scaled = abs / scale
        maxAbs = max(maxAbs, abs)
        maxRel = max(maxRel, rel)
        maxULPs = max(maxULPs, ulps)
        if scaled > maxScaled {
          maxScaled = scaled
          worst = i
        }
      }
    } else {
      maxAbs = .infinity
      maxRel = .infinity
      maxULPs = .max
      maxScaled = .infinity
    }
    self.maxAbsoluteError = maxAbs
    self.maxRelativeError = maxRel
    self.maxULPs = maxULPs
    self.maxScaledError = max(maxScaled, 0)
    self.worstIndex = worst
    self.worstExpected = expected.values.indices.contains(worst) ? expected.values[worst] : .nan
    self.worstActual = actual.values.indices.contains(worst) ? actual.values[worst] : .nan
  }

  /// The worst element's index as `[r][c]`.
  public var worstIndexDescription: String {
    Tensor(shape: shape, values: Array(repeating: 0, count: count)).indexDescription(
      ofFlat: worstIndex)
  }

  /// One line saying what differed, for a failure message.
  public var summary: String {
    guard shapesMatch else { return "\(name.rawValue): shape differs from \(shape)" }
    return "\(name.rawValue)\(worstIndexDescription): expected \(worstExpected), "
      + "actual \(worstActual); abs \(maxAbsoluteError.shortDescription), "
      + "rel \(maxRelativeError.shortDescription), \(maxULPs) ulp, "
      + "scaled \(maxScaledError.shortDescription) vs bound \(tolerance.scaledBound)"
  }
}

extension Double {
  /// Three significant digits, for reports: `1.23e-05`.
  var shortDescription: String {
    self == 0 || !isFinite ? description : String(format: "%.3g", self)
  }
}
