import NNParity
import NNParityCases
import NNParityJudging
import Testing

/// One tensor against another: the errors, the scale and the verdict, on values whose
/// differences are exact powers of two.
@Suite("Tensor comparison")
struct TensorComparisonTests {
  static let loose = Tolerance(scaledBound: 1e-12, reason: "test")
  static let perElement = Tolerance(scaledBound: 4, scale: .errorScale, reason: "test")

  func compare(
    _ expected: [Double], _ actual: [Double], dtype: DType = .float64, shape: [Int]? = nil,
    actualShape: [Int]? = nil, tolerance: Tolerance = loose, errorScale: [Double]? = nil
  ) -> TensorComparison {
    let shape = shape ?? [expected.count]
    return TensorComparison(
      .gradW1, expected: Tensor(shape: shape, values: expected),
      actual: Tensor(shape: actualShape ?? shape, values: actual), dtype: dtype,
      tolerance: tolerance, errorScale: errorScale.map { Tensor(shape: shape, values: $0) })
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
    #expect(c.passed && c.failingElements == 0)
  }

  @Test("per element: |Δ| / (u·C + smallest normal), each element by its own scale")
  func errorScale() {
    // One ulp of 4 is 2^-50 = 8u (u = 2^-53). With C = 4 that is 2 u·C; with C = 1, 8.
    let c = compare(
      [1, -2, 4], [1, -2, 4.nextUp], tolerance: Self.perElement, errorScale: [1, 1, 4])
    #expect(abs(c.maxScaledError - 2) < 1e-12 && c.passed)
    let tight = compare(
      [1, -2, 4], [1, -2, 4.nextUp], tolerance: Self.perElement, errorScale: [1, 1, 1])
    #expect(abs(tight.maxScaledError - 8) < 1e-12 && !tight.passed)
    #expect(tight.failingElements == 1)
    #expect(tight.summary.hasSuffix("1 of 3 elements beyond"))
  }

  @Test("without scales each element gets the tensor's largest magnitude as its C")
  func errorScaleFallback() {
    // max|expected| = 4: one ulp of 4 (8u) is 2 u·C.
    let c = compare([1, -2, 4], [1, -2, 4.nextUp], tolerance: Self.perElement)
    #expect(abs(c.maxScaledError - 2) < 1e-12)
  }

  @Test("a bound wider than every nonzero value is ill-conditioned, not a pass that means ok")
  func illConditioned() {
    // C = 2^60: the allowance 4 × 2^60 × 2^-53 = 512 exceeds both values.
    let c = compare(
      [3, -5, 0], [-3, 5, 0], tolerance: Self.perElement, errorScale: [0x1p60, 0x1p60, 0])
    #expect(c.passed && c.illConditioned)
    #expect(c.nonzeroElements == 2 && c.resolvedElements == 0)
    let resolved = compare([3], [3], tolerance: Self.perElement, errorScale: [1])
    #expect(!resolved.illConditioned && resolved.resolvedElements == 1)
    let zeros = compare([0, 0], [0, 0], tolerance: Self.perElement, errorScale: [0, 0])
    #expect(!zeros.illConditioned && zeros.passed)
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

  @Test("the worst elements of a 3 × 4 tensor are named [row][column], worst first")
  func worstElementsOfAMatrix() {
    let expected = (1...12).map(Double.init)
    var actual = expected
    // Errors of 2^-20 at [1][3], 2^-25 at [0][2], 2^-30 at [2][1]; 2^-35 at [2][3] is
    // fourth and not kept.
    for (flat, error) in [(9, 0x1p-30), (7, 0x1p-20), (11, 0x1p-35), (2, 0x1p-25)] {
      actual[flat] += error
    }
    let c = compare(expected, actual, shape: [3, 4])
    #expect(c.worstElements.map(\.index) == ["[1][3]", "[0][2]", "[2][1]"])
    #expect(c.worstElements.map(\.flatIndex) == [7, 2, 9])
    #expect(c.worstElements.map(\.expected) == [8, 3, 10])
    let moves: [Double] = [8 + 0x1p-20, 3 + 0x1p-25, 10 + 0x1p-30]
    #expect(c.worstElements.map(\.actual) == moves)
    #expect(c.worstIndexDescription == "[1][3]")
    // A column, a row, a vector and a scalar.
    let values = [1.0, 2, 3, 4]
    let moved = [1.0, 2, 3 + 0x1p-20, 4]
    #expect(compare(values, moved, shape: [4, 1]).worstElements.map(\.index) == ["[2][0]"])
    #expect(compare(values, moved, shape: [1, 4]).worstElements.map(\.index) == ["[0][2]"])
    #expect(compare(values, moved).worstElements.map(\.index) == ["[2]"])
    #expect(compare([3], [3 + 0x1p-20], shape: []).worstElements.map(\.index) == [""])
  }

  @Test("a shape mismatch fails with infinite errors")
  func shapeMismatch() {
    let c = compare([1, 2, 3, 4], [1, 2, 3, 4], shape: [2, 2], actualShape: [4])
    #expect(!c.shapesMatch && !c.passed)
    #expect(c.maxAbsoluteError == .infinity && c.maxULPs == .max)
  }

  @Test("0 against a number: infinite relative error; NaN against NaN: no error; NaN fails")
  func zeroAndNaN() {
    let c = compare([0, 1], [0x1p-30, 1])
    #expect(c.maxRelativeError == .infinity)
    #expect(c.maxAbsoluteError == 0x1p-30)
    let nan = compare([.nan, 1], [.nan, 1])
    #expect(nan.maxAbsoluteError == 0 && nan.passed)
    let oneSided = compare([1, 1], [.nan, 1], tolerance: Self.perElement, errorScale: [1, 1])
    #expect(!oneSided.passed && oneSided.failingElements == 1)
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

  @Test("an error scale that is NaN or negative judges nothing: only equal values pass")
  func invalidErrorScales() {
    for bad in [Double.nan, -1e10] {
      let differing = compare(
        [1, 2], [1, 2 + 0x1p-40], tolerance: Self.perElement, errorScale: [1, bad])
      #expect(!differing.passed && differing.failingElements == 1, "C = \(bad)")
      let equal = compare([1, 2], [1, 2], tolerance: Self.perElement, errorScale: [1, bad])
      #expect(equal.passed, "C = \(bad)")
    }
  }

  @Test("an error scale that overflowed to infinity leaves its element unjudged, not failed")
  func overflowedErrorScale() {
    // As a huge finite scale does: a finite difference is allowed, and the element is not
    // resolved, so a tensor of only such elements is ill-conditioned ("not compared").
    let huge = compare([2], [2 + 0x1p-40], tolerance: Self.perElement, errorScale: [1e300])
    let overflowed = compare(
      [2], [2 + 0x1p-40], tolerance: Self.perElement, errorScale: [.infinity])
    for c in [huge, overflowed] {
      #expect(c.passed && c.failingElements == 0 && c.illConditioned)
    }
    // Unlike the huge finite scale, the infinite one bounds nothing: the difference is
    // counted as unjudged, which the audit reports as a lack of evidence.
    #expect(huge.unjudgedElements == 0 && overflowed.unjudgedElements == 1)
    // One resolved element is still judged beside it.
    let mixed = compare(
      [1, 2], [1 + 0x1p-20, 2], tolerance: Self.perElement, errorScale: [1, .infinity])
    #expect(!mixed.passed && mixed.failingElements == 1 && !mixed.illConditioned)
    #expect(mixed.unjudgedElements == 0)
    // A resolved element that passes does not vouch for one whose scale overflowed: any
    // finite value passes there, so it is counted unjudged however wrong it is.
    let vouched = compare(
      [1, 2], [1, 12345], tolerance: Self.perElement, errorScale: [1, .infinity])
    #expect(vouched.passed && !vouched.illConditioned && vouched.unjudgedElements == 1)
    // Exact agreement is judged, whatever the scale.
    let exact = compare([1, 2], [1, 2], tolerance: Self.perElement, errorScale: [1, .infinity])
    #expect(exact.passed && exact.unjudgedElements == 0)
    // A value that is not finite on one side only still fails, whichever side it is on
    // (NumPy's own result overflowing where the scale does is the likely case).
    for (expected, actual) in [(2, Double.nan), (2, .infinity), (.nan, 2), (.infinity, 2)] {
      let broken = compare(
        [expected], [actual], tolerance: Self.perElement, errorScale: [.infinity])
      #expect(!broken.passed && broken.failingElements == 1, "\(expected) vs \(actual)")
    }
    // The same non-finite value on both sides is agreement.
    let bothInfinite = compare(
      [.infinity], [.infinity], tolerance: Self.perElement, errorScale: [.infinity])
    #expect(bothInfinite.passed)
  }
}
