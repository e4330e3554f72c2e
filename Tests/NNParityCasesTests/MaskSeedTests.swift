import NNParity
import NNParityCases
import NNParityTestSupport
import Testing

/// Issue 8's promise: a case with `mask_seed` evaluates to exactly the result of the same
/// case with the masks NumPy drew (taken from the doubles the reference wrote).
@Suite("mask_seed gives exactly NumPy's masks")
struct MaskSeedTests {
  @Test(
    "training with mask_seed equals training with NumPy's masks, bit for bit",
    arguments: RNGGolden.seeds)
  func maskSeedEqualsExplicitMasks(seed: UInt64) throws {
    let doubles = try RNGGolden(seed: seed).doubles
    let (b, h, epochs, rate) = (3, 5, 4, 0.4)
    let masks = (0..<epochs).map { e in
      Matrix(
        rows: b, columns: h,
        elements: doubles[(e * b * h)..<((e + 1) * b * h)].map { $0 >= rate ? 1.0 : 0 })
    }
    var random = NumPyGenerator(seed: 99)
    func matrix(_ rows: Int, _ columns: Int) -> Matrix<Double> {
      Matrix(
        rows: rows, columns: columns,
        elements: random.random(count: rows * columns).map { 2 * $0 - 1 })
    }
    var y = Matrix<Double>(rows: b, columns: 2)
    for r in 0..<b { y[r, r % 2] = 1 }
    let (x, w1, w2) = (matrix(b, 4), matrix(4, h), matrix(h, 2))
    for dtype in DType.allCases {
      for semantics in Semantics.allCases {
        func result(_ masks: NetworkCase.MaskSource) -> CaseResult {
          NetworkCase(
            name: "seed-\(seed)", dtype: dtype, semantics: semantics, x: x, y: y, w1: w1, w2: w2,
            training: .init(
              configuration: TrainingConfiguration(
                epochs: epochs, learningRate: 0.1, dropout: rate),
              masks: masks)
          ).evaluate()
        }
        #expect(
          result(.seed(seed)) == result(.explicit(masks)),
          "seed \(seed) \(dtype.rawValue) \(semantics.rawValue)")
      }
    }
  }
}
