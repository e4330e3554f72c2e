import Foundation
import NNParity
import NNParityCases

/// The mean of signed errors `(value − exact) / (u·C + smallest normal)` and its standard
/// error, kept as sums so that parts can be added: a report adds each golden's part in the
/// run's order, so that shards merge to exactly what one run reports.
package struct SignedErrorMean: Sendable, Equatable {
  /// Elements added.
  package var count = 0
  package var sum = 0.0
  package var sumOfSquares = 0.0

  package init(count: Int = 0, sum: Double = 0, sumOfSquares: Double = 0) {
    (self.count, self.sum, self.sumOfSquares) = (count, sum, sumOfSquares)
  }

  /// The signed errors of `values` against `exact` in units of each element's `u·C` (the
  /// error scale `scales`, of the same shape); elements where either side or the unit is
  /// not finite are left out, as is the whole tensor when the shapes differ.
  package init(_ values: Tensor, exact: Tensor, errorScale scales: Tensor, dtype: DType) {
    self.init()
    guard values.shape == exact.shape, scales.shape == exact.shape else { return }
    for (v, (x, c)) in zip(values.values, zip(exact.values, scales.values)) {
      let unit = dtype.unitRoundoff * c + dtype.smallestNormal
      let error = (v - x) / unit
      guard v.isFinite, x.isFinite, unit.isFinite, unit > 0, error.isFinite else { continue }
      add(error)
    }
  }

  package mutating func add(_ error: Double) {
    count += 1
    sum += error
    sumOfSquares += error * error
  }

  /// Both parts' elements, `self`'s first.
  package static func + (a: Self, b: Self) -> Self {
    Self(
      count: a.count + b.count, sum: a.sum + b.sum, sumOfSquares: a.sumOfSquares + b.sumOfSquares)
  }

  /// The mean signed error; nil without elements.
  package var mean: Double? { count > 0 ? sum / Double(count) : nil }

  /// The sample standard deviation over √n; nil with fewer than two elements.
  package var standardError: Double? {
    guard count > 1, let mean else { return nil }
    let n = Double(count)
    let variance = max(0, (sumOfSquares - n * mean * mean) / (n - 1))
    return (variance / n).squareRoot()
  }

  /// The mean in standard errors (infinite for a nonzero mean with no spread); nil when
  /// there is no standard error.
  package var z: Double? {
    guard let mean, let standardError else { return nil }
    if standardError > 0 { return mean / standardError }
    return mean == 0 ? 0 : (mean > 0 ? .infinity : -.infinity)
  }
}
