import NNParity
import NNParityCases

/// A bound on how far a computed tensor may sit from the value it is checked against.
///
/// Two kinds. `.errorScale` bounds each element by its own error scale: the error of
/// element i is `|actual_i − expected_i| / (u · C_i + the dtype's smallest normal)`, with
/// `u` the dtype's unit roundoff and `C_i` the reference's error scale of that element
/// (`CaseResult.errorScales`): a probability is held to a few ulps of itself, a gradient
/// element that cancels to near zero to a few ulps of its terms. `.tensorScale` bounds
/// every element by the tensor's largest expected magnitude (`|Δ| / max|expected|`), for
/// checks without an error analysis (finite differences, invariants).
package struct Tolerance: Sendable, Equatable, CustomStringConvertible {
  /// What the scaled error of an element is divided by.
  package enum Scale: Sendable, Equatable {
    /// `u · C_i + smallest normal`, per element.
    case errorScale
    /// `max|expected|`, for the whole tensor (at least the smallest normal).
    case tensorScale
  }

  /// The largest allowed scaled error.
  package let scaledBound: Double
  /// How the error is scaled.
  package let scale: Scale
  /// Why the bound is what it is, in one line.
  package let reason: String

  package init(scaledBound: Double, scale: Scale = .tensorScale, reason: String) {
    self.scaledBound = scaledBound
    self.scale = scale
    self.reason = reason
  }

  package var description: String {
    switch scale {
    case .errorScale: "|Δ| ≤ \(scaledBound) × (u·C + smallest normal) (\(reason))"
    case .tensorScale: "|Δ| ≤ \(scaledBound) × max|expected| (\(reason))"
    }
  }
}

/// Every bound this package checks numbers against, in one place: the parity bounds come
/// from `reference/tolerances.json` (generated into `ParityBounds`), the others are here.
package enum Tolerances {
  /// Two correct computations of `tensor` in `dtype` (Swift against NumPy, NumPy on one CPU
  /// against another): a multiple of each element's `u · C`, measured across CPUs, NumPy
  /// versions and Swift's kernel sets.
  package static func parity(_ dtype: DType, _ tensor: TensorName) -> Tolerance {
    let bound = ParityBounds.bound(dtype, ParityBounds.group(of: tensor))
    return Tolerance(
      scaledBound: bound.multiple, scale: .errorScale,
      reason: "\(bound.reason); largest measured \(bound.measured)")
  }

  /// Either side against the 50-digit exact value rounded to the dtype: the same bound,
  /// since the exact value is one more correct computation, with no rounding but its own.
  package static func exact(_ dtype: DType, _ tensor: TensorName) -> Tolerance {
    parity(dtype, tensor)
  }

  /// Analytic gradients against central finite differences in float64.
  package static let finiteDifferences = Tolerance(
    scaledBound: 1e-7,
    reason: "fourth-order central differences leave ~1e-12 of truncation and rounding; "
      + "1e-7 is far above that noise and far below any real error")

  /// Invariants that hold exactly in real arithmetic (row sums of probabilities, w2 row
  /// sums under SGD): only rounding of a handful of operations per element remains.
  package static func invariant(_ dtype: DType) -> Tolerance {
    switch dtype {
    case .float64:
      Tolerance(
        scaledBound: 1e-13, reason: "a sum of O ≤ 64 terms each within 2^-53: ≤ 64 × 1.1e-16")
    case .float32:
      Tolerance(scaledBound: 1e-5, reason: "a sum of O ≤ 64 terms each within 2^-24: ≤ 64 × 6e-8")
    }
  }
}

extension DType {
  /// The unit roundoff: half the distance from 1 to the next number (2⁻⁵³, 2⁻²⁴).
  package var unitRoundoff: Double {
    switch self {
    case .float64: Double.ulpOfOne / 2
    case .float32: Double(Float.ulpOfOne) / 2
    }
  }

  /// The smallest positive normal number, as a Double.
  package var smallestNormal: Double {
    switch self {
    case .float64: Double.leastNormalMagnitude
    case .float32: Double(Float.leastNormalMagnitude)
    }
  }
}
