import NNParity

/// A bound on how far a computed tensor may sit from the value it is checked against.
///
/// The error of element i is `|actual_i − expected_i| / scale`, where `scale` is the
/// largest magnitude in the expected tensor, or for gradients the largest magnitude of the
/// terms summed to form an element when that is larger (`NetworkCase.conditionScales`),
/// and at least the dtype's smallest normal. Scaling by the tensor and its terms, not the
/// element, is what floating-point sums promise: an element that cancels to near zero
/// still carries rounding errors the size of its larger terms.
public struct Tolerance: Sendable, Equatable, CustomStringConvertible {
  /// The largest allowed `|Δ| / scale`.
  public internal(set) var scaledBound: Double
  /// Why the bound is what it is, in one line.
  public internal(set) var reason: String

  public init(scaledBound: Double, reason: String) {
    self.scaledBound = scaledBound
    self.reason = reason
  }

  public var description: String { "|Δ| ≤ \(scaledBound) × max|expected| (\(reason))" }
}

/// Every bound this package checks numbers against, in one place.
public enum Tolerances {
  /// Swift against the NumPy reference (goldens and live), per dtype.
  public static func parity(_ dtype: DType) -> Tolerance {
    switch dtype {
    case .float64:
      Tolerance(
        scaledBound: 1e-12,
        reason: "different summation orders (BLAS vs Swift loops) and libm exp/log differ by "
          + "a few ulps of 2^-52 ≈ 2.2e-16; 1e-12 leaves room for ~100 epochs of SGD")
    case .float32:
      Tolerance(
        scaledBound: 1e-5,
        reason: "the same differences at float32's 2^-23 ≈ 1.2e-7, through up to 100 epochs")
    }
  }

  /// The exact (50-digit) oracle against a dtype computation: how far either side may be
  /// from the truth. Same scale as parity: each side rounds in its own way.
  public static func exact(_ dtype: DType) -> Tolerance {
    parity(dtype)
  }

  /// Analytic gradients against central finite differences in float64.
  public static let finiteDifferences = Tolerance(
    scaledBound: 1e-7,
    reason: "fourth-order central differences leave ~1e-12 of truncation and rounding; "
      + "1e-7 is the issue's bound, far above that noise and far below any real error")

  /// Invariants that hold exactly in real arithmetic (row sums of probabilities, w2 row
  /// sums under SGD): only rounding of a handful of operations per element remains.
  public static func invariant(_ dtype: DType) -> Tolerance {
    switch dtype {
    case .float64:
      Tolerance(
        scaledBound: 1e-13, reason: "a sum of O ≤ 64 terms each within 2^-53: ≤ 64 × 1.1e-16")
    case .float32:
      Tolerance(scaledBound: 1e-5, reason: "a sum of O ≤ 64 terms each within 2^-24: ≤ 64 × 6e-8")
    }
  }
}
