import NNParity
import NNParityCases

/// When a mean signed error is a bias: both large enough to matter (`|mean| ≥ minimumMean`,
/// in u·C) and significant (`|z| ≥ minimumZ`). From `reference/tolerances.json`'s `bias`
/// section, calibrated on NumPy itself, which has small but significant biases of its own.
package struct BiasThreshold: Sendable, Equatable {
  package let minimumMean: Double
  package let minimumZ: Double
  /// Why, and what was measured, in one line.
  package let reason: String

  package init(minimumMean: Double, minimumZ: Double, reason: String) {
    (self.minimumMean, self.minimumZ, self.reason) = (minimumMean, minimumZ, reason)
  }

  /// Whether `errors` show a bias; never with too few elements for a standard error.
  package func flags(_ errors: SignedErrorMean) -> Bool {
    guard let mean = errors.mean, let z = errors.z else { return false }
    return abs(mean) >= minimumMean && abs(z) >= minimumZ
  }

  /// The smallest |mean| (u·C) this threshold flags given the elements' spread: the
  /// bias the evidence can detect; nil when it cannot judge at all.
  package func detectable(with errors: SignedErrorMean) -> Double? {
    guard let standardError = errors.standardError else { return nil }
    return max(minimumMean, minimumZ * standardError)
  }
}

extension Tolerances {
  /// The bias threshold of `dtype` (`reference/tolerances.json`, generated into
  /// `ParityBounds`).
  package static func bias(_ dtype: DType) -> BiasThreshold {
    let bias = ParityBounds.bias(dtype)
    return BiasThreshold(
      minimumMean: bias.minimumMean, minimumZ: bias.minimumZ, reason: bias.reason)
  }
}
