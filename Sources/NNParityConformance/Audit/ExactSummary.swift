import NNParity

/// Swift and NumPy each against the exact (50-digit) value, for one tensor and dtype: which
/// side is closer to the truth.
public struct ExactSummary: Sendable, Equatable {
  public var tensor: TensorName
  public var dtype: DType
  public var cases = 0
  /// The largest ulp distance from the exact value, rounded to the dtype.
  public var swiftMaxULPs: UInt64 = 0
  public var numpyMaxULPs: UInt64 = 0
  /// Elements where one side is strictly closer than the other.
  public var swiftCloser = 0
  public var numpyCloser = 0
  /// Elements compared.
  public var elements = 0

  mutating func add(exact: Tensor, swift: Tensor, numpy: Tensor) {
    guard exact.shape == swift.shape, exact.shape == numpy.shape else { return }
    cases += 1
    for (e, (s, n)) in zip(exact.values, zip(swift.values, numpy.values)) {
      let (su, nu) = (ULPDistance.between(e, s, dtype: dtype), ULPDistance.between(e, n, dtype: dtype))
      elements += 1
      swiftMaxULPs = max(swiftMaxULPs, su)
      numpyMaxULPs = max(numpyMaxULPs, nu)
      if su < nu { swiftCloser += 1 }
      if nu < su { numpyCloser += 1 }
    }
  }
}
