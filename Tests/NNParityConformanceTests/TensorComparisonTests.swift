import NNParity
import NNParityConformance
import Testing

/// One tensor against another: the errors, the scale and the verdict, on values whose
/// differences are exact powers of two.
@Suite("Tensor comparison")
struct TensorComparisonTests {
  static let loose = Tolerance(scaledBound: 1e-12, reason: "test")

  func compare(
    _ expected: [Double], _ actual: [Double], dtype: DType = .float64, shape: [Int]? = nil,
    actualShape: [Int]? = nil, conditionScale: Double = 0
  ) -> TensorComparison {
    TensorComparison(
      .gradW1, expected: Tensor(shape: shape ?? [expected.count], values: expected),
      actual: Tensor(shape: actualShape ?? shape ?? [actual.count], values: actual), dtype: dtype,
      tolerance: Self.loose, conditionScale: conditionScale)
  }

  @Test("one ulp at 4: abs 2^-50, rel and scaled 2^-52, the worst element found")
  func oneULP() {
    let c = compare([1, -2, 4], [1, -2, 4.nextUp])
    #expect(c.shapesMatch && c.count == 3)
    #expect(c.scale == 4)
    #expect(c.maxAbsoluteError == 0x1p-50)
    #expect(c.maxRelativeError == 0x1p-52)
    #expect(c.maxScaledError == 0x1p-52)
    #expect(c.maxULPs == 1)
    #expect(c.worstIndex == 2 && c.worstExpected == 4 && c.worstActual == 4.nextUp)
    #expect(c.passed)
  }

  @Test("a larger condition scale divides the error instead")
  func conditionScale() {
    let c = compare([1, -2, 4], [1, -2, 4.nextUp], conditionScale: 16)
    #expect(c.scale == 16)
    #expect(c.maxScaledError == 0x1p-54)
  }

  @Test("an error of 2^-20 at scale 1 fails a 1e-12 bound and is named [1]")
  func failure() {
    let c = compare([0.5, 1], [0.5, 1 + 0x1p-20])
    #expect(!c.passed)
    #expect(c.maxScaledError == 0x1p-20)
    #expect(c.worstIndexDescription == "[1]")
    #expect(c.summary.hasPrefix("grad_w1[1]: expected 1.0, actual 1.00000095367431"))
  }

  @Test("a 2-D tensor names its worst element [row][column]")
  func twoDimensional() {
    let c = compare([1, 2, 3, 4], [1, 2, 3, 4 + 0x1p-10], shape: [2, 2])
    #expect(c.worstIndexDescription == "[1][1]")
  }

  @Test("a shape mismatch fails with infinite errors")
  func shapeMismatch() {
    let c = compare([1, 2, 3, 4], [1, 2, 3, 4], shape: [2, 2], actualShape: [4])
    #expect(!c.shapesMatch && !c.passed)
    #expect(c.maxAbsoluteError == .infinity && c.maxULPs == .max)
  }

  @Test("0 against a number: infinite relative error; NaN against NaN: no error")
  func zeroAndNaN() {
    let c = compare([0, 1], [0x1p-30, 1])
    #expect(c.maxRelativeError == .infinity)
    #expect(c.maxAbsoluteError == 0x1p-30)
    let nan = compare([.nan, 1], [.nan, 1])
    #expect(nan.maxAbsoluteError == 0 && nan.passed)
  }

  @Test("all zeros: the scale is the dtype's smallest normal, never 0")
  func zeros() {
    #expect(compare([0, 0], [0, 0]).scale == Double.leastNormalMagnitude)
    #expect(compare([0, 0], [0, 0], dtype: .float32).scale == Double(Float.leastNormalMagnitude))
  }

  @Test("float32 counts Float ulps")
  func float32() {
    let c = compare([1], [Double(Float(1).nextUp)], dtype: .float32)
    #expect(c.maxULPs == 1)
    #expect(c.maxAbsoluteError == 0x1p-23)
  }
}
