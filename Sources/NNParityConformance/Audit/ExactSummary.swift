import NNParity

/// Swift and NumPy each against the exact (50-digit) value, for one tensor and dtype: which
/// side is closer to the truth.
public struct ExactSummary: Sendable, Equatable {
  public internal(set) var tensor: TensorName
  public internal(set) var dtype: DType
  public internal(set) var cases = 0
  /// The largest ulp distance from the exact value, rounded to the dtype.
  public internal(set) var swiftMaxULPs: UInt64 = 0
  public internal(set) var numpyMaxULPs: UInt64 = 0
  /// The largest error in ulps of the tensor's largest exact magnitude (`|Δ| / ulp(max|exact|)`):
  /// the measure the tolerances use, free of the huge element-wise ulp counts of values
  /// that cancel to near zero.
  public internal(set) var swiftMaxScaledULPs = 0.0
  public internal(set) var numpyMaxScaledULPs = 0.0
  /// Elements where one side is strictly closer than the other.
  public internal(set) var swiftCloser = 0
  public internal(set) var numpyCloser = 0
  /// Elements compared.
  public internal(set) var elements = 0

  mutating func add(exact: Tensor, swift: Tensor, numpy: Tensor) {
    guard exact.shape == swift.shape, exact.shape == numpy.shape else { return }
    cases += 1
    let largest = exact.values.filter(\.isFinite).map(abs).max() ?? 0
    let unit = dtype == .float32 ? Double(Float(largest).ulp) : largest.ulp
    for (e, (s, n)) in zip(exact.values, zip(swift.values, numpy.values)) {
      swiftMaxScaledULPs = max(swiftMaxScaledULPs, abs(s - e) / unit)
      numpyMaxScaledULPs = max(numpyMaxScaledULPs, abs(n - e) / unit)
      let (su, nu) = (
        ULPDistance.between(e, s, dtype: dtype), ULPDistance.between(e, n, dtype: dtype)
      )
      elements += 1
      swiftMaxULPs = max(swiftMaxULPs, su)
      numpyMaxULPs = max(numpyMaxULPs, nu)
      if su < nu { swiftCloser += 1 }
      if nu < su { numpyCloser += 1 }
    }
  }
}
