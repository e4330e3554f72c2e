import NNParity
import NNParityCases
import NNParityJudging
import Testing

/// The bias check's statistic and rule, against values worked out by hand.
@Suite("bias statistic")
struct BiasStatisticTests {
  @Test("signed errors in u·C: one ulp above 1 is +2, half an ulp below is −1; the rest skipped")
  func signedErrors() {
    let exact = Tensor(shape: [5], values: [1, 1, 1, 1, .infinity])
    let values = Tensor(
      shape: [5], values: [1 + Double.ulpOfOne, 1 - Double.ulpOfOne / 2, 1, .nan, .infinity])
    let scales = Tensor(shape: [5], values: [1, 1, 1, 1, 1])
    let errors = SignedErrorMean(values, exact: exact, errorScale: scales, dtype: .float64)
    // The NaN and the infinite exact value are left out: 2, −1 and 0.
    #expect(errors.count == 3 && errors.sum == 1 && errors.sumOfSquares == 5)
    let float32 = SignedErrorMean(
      Tensor(shape: [1], values: [Double(Float(1).nextUp)]), exact: Tensor(shape: [1], values: [1]),
      errorScale: Tensor(shape: [1], values: [1]), dtype: .float32)
    #expect(float32.sum == 2)
    let mismatched = SignedErrorMean(
      Tensor(shape: [1, 5], values: values.values), exact: exact, errorScale: scales,
      dtype: .float64)
    #expect(mismatched.count == 0 && mismatched.mean == nil)
  }

  @Test("mean, standard error and z of 1, 2, 3, 4: 2.5, √(5/3)/2, 2.5 / that")
  func figures() throws {
    var errors = SignedErrorMean()
    for e in [1.0, 2, 3, 4] { errors.add(e) }
    #expect(errors.mean == 2.5)
    let standardError = try #require(errors.standardError)
    #expect(abs(standardError - (5.0 / 3).squareRoot() / 2) < 1e-15)
    #expect(abs(try #require(errors.z) - 2.5 / standardError) < 1e-14)
    var one = SignedErrorMean()
    one.add(7)
    #expect(one.mean == 7 && one.standardError == nil && one.z == nil)
    var constant = SignedErrorMean()
    for _ in 0..<3 { constant.add(-1) }
    #expect(constant.standardError == 0 && constant.z == -.infinity)
  }

  @Test("two parts make the whole: counts add, sums to rounding")
  func parts() {
    var (a, b, whole) = (SignedErrorMean(), SignedErrorMean(), SignedErrorMean())
    for e in [0.1, -0.3] {
      a.add(e)
      whole.add(e)
    }
    for e in [0.7, 0.2, -0.05] {
      b.add(e)
      whole.add(e)
    }
    let sum = a + b
    #expect(sum.count == 5 && abs(sum.sum - 0.65) < 1e-15)
    #expect(abs(sum.sumOfSquares - 0.6325) < 1e-15 && abs(whole.sumOfSquares - 0.6325) < 1e-15)
  }

  @Test("a bias is a mean both large and significant; too few elements is never one")
  func rule() {
    let threshold = BiasThreshold(minimumMean: 0.04, minimumZ: 3.5, reason: "test")
    func errors(mean: Double, spread: Double, count: Int = 100) -> SignedErrorMean {
      var errors = SignedErrorMean()
      for i in 0..<count { errors.add(mean + (i % 2 == 0 ? spread : -spread)) }
      return errors
    }
    // Standard error ≈ spread / 10 for 100 elements alternating ± spread.
    #expect(threshold.flags(errors(mean: 0.05, spread: 0.1)))
    #expect(threshold.flags(errors(mean: -0.05, spread: 0.1)))
    #expect(!threshold.flags(errors(mean: 0.03, spread: 0.01)), "large z, small mean")
    #expect(!threshold.flags(errors(mean: 0.05, spread: 0.2)), "large mean, z 2.5")
    #expect(!threshold.flags(errors(mean: 5, spread: 0, count: 1)), "no standard error")
    let detectable = threshold.detectable(with: errors(mean: 0, spread: 0.2))
    #expect(abs((detectable ?? 0) - 3.5 * 0.2 * (100.0 / 99).squareRoot() / 10) < 1e-12)
    #expect(threshold.detectable(with: errors(mean: 0, spread: 0.01)) == 0.04)
  }

  @Test("both bounds are inclusive: 1 and 3 have mean 2, standard error 1, z 2")
  func inclusiveBounds() {
    var errors = SignedErrorMean()
    for e in [1.0, 3] { errors.add(e) }
    #expect(errors.mean == 2 && errors.standardError == 1 && errors.z == 2)
    #expect(BiasThreshold(minimumMean: 2, minimumZ: 2, reason: "").flags(errors))
    #expect(!BiasThreshold(minimumMean: 2.001, minimumZ: 2, reason: "").flags(errors))
    #expect(!BiasThreshold(minimumMean: 2, minimumZ: 2.001, reason: "").flags(errors))
  }

  @Test("an element with a zero error scale counts, in units of the smallest normal")
  func zeroScale() {
    let (exact, scales) = (Tensor(shape: [2], values: [0, 0]), Tensor(shape: [2], values: [0, 0]))
    let values = Tensor(shape: [2], values: [Double.leastNormalMagnitude, 0])
    let errors = SignedErrorMean(values, exact: exact, errorScale: scales, dtype: .float64)
    #expect(errors.count == 2 && errors.sum == 1)
    let float32 = SignedErrorMean(
      Tensor(shape: [2], values: [-Double(Float.leastNormalMagnitude), 0]), exact: exact,
      errorScale: scales, dtype: .float32)
    #expect(float32.count == 2 && float32.sum == -1)
  }
}
