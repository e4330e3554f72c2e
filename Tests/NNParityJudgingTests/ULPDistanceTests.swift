import NNParity
import NNParityCases
import NNParityJudging
import Testing

/// Distances in ulps, against facts of IEEE 754 that need no code to derive.
@Suite("ULP distance")
struct ULPDistanceTests {
  @Test("neighbours are 1 apart, in either order, in both dtypes")
  func neighbours() {
    #expect(ULPDistance.between(1, 1.0.nextUp, dtype: .float64) == 1)
    #expect(ULPDistance.between(1.0.nextUp, 1, dtype: .float64) == 1)
    #expect(ULPDistance.between(1, 1.0.nextDown, dtype: .float64) == 1)
    #expect(ULPDistance.between(1, Double(Float(1).nextUp), dtype: .float32) == 1)
    #expect(ULPDistance.between(.greatestFiniteMagnitude, .infinity, dtype: .float64) == 1)
  }

  @Test("equal values, +0 and −0, and two NaNs are 0 apart; NaN and a number are the maximum")
  func zeroAndNaN() {
    #expect(ULPDistance.between(0.75, 0.75, dtype: .float64) == 0)
    #expect(ULPDistance.between(-0.0, 0.0, dtype: .float64) == 0)
    #expect(ULPDistance.between(-0.0, 0.0, dtype: .float32) == 0)
    #expect(ULPDistance.between(.nan, .nan, dtype: .float64) == 0)
    #expect(ULPDistance.between(.nan, 1, dtype: .float64) == .max)
    #expect(ULPDistance.between(1, .nan, dtype: .float32) == .max)
  }

  @Test("a binade holds 2^52 doubles or 2^23 floats")
  func binade() {
    #expect(ULPDistance.between(1, 2, dtype: .float64) == 1 << 52)
    #expect(ULPDistance.between(1, 2, dtype: .float32) == 1 << 23)
    #expect(ULPDistance.between(-2, -1, dtype: .float64) == 1 << 52)
  }

  @Test("across zero: the smallest subnormals of opposite sign are 2 apart")
  func acrossZero() {
    let tiny = Double.leastNonzeroMagnitude
    #expect(ULPDistance.between(-tiny, tiny, dtype: .float64) == 2)
    let tinyFloat = Double(Float.leastNonzeroMagnitude)
    #expect(ULPDistance.between(-tinyFloat, tinyFloat, dtype: .float32) == 2)
  }

  @Test("float32 counts the Floats the values round to")
  func float32Rounds() {
    // 1 + 2^-30 rounds to the Float 1.
    #expect(ULPDistance.between(1, 1 + 0x1p-30, dtype: .float32) == 0)
    #expect(ULPDistance.between(1, 1 + 0x1p-30, dtype: .float64) == 1 << 22)
  }
}
