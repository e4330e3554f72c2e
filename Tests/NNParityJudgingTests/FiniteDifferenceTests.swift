import NNParity
import NNParityCases
import NNParityJudging
import Testing

/// `reference` gradients against central finite differences in float64.
@Suite("Finite differences")
struct FiniteDifferenceTests {
  /// The issue's case: B=7, I=5, H=9, O=3, training with masks, float64.
  @Test("B=7 I=5 H=9 O=3 training step with a fixed mask agrees to 1e-7")
  func issueCase() throws {
    let c = Self.trainingCase("fd-7x5-9-3", .reference, b: 7, i: 5, h: 9, o: 3, seed: 1)
    for pass in GradientCheck.Pass.allCases {
      let check = try #require(GradientCheck(c, pass: pass))
      #expect(check.expectedToMatch)
      for tensor in check.tensors {
        let location = "\(pass) \(tensor.name.rawValue)\(tensor.worstIndexDescription)"
        #expect(
          tensor.maxError <= 1e-7,
          "\(location): analytic \(tensor.analytic), numeric \(tensor.numeric)")
      }
    }
  }

  @Test(
    "reference gradients agree on random cases",
    arguments: RandomCases(seed: 21, maximumSize: 12).cases(12))
  func randomReference(c: NetworkCase) throws {
    var c = c
    c.semantics = .reference
    for pass in GradientCheck.Pass.allCases {
      guard let check = GradientCheck(c, pass: pass) else { continue }
      #expect(check.agrees, "\(c.name ?? "") \(pass): worst \(check.maxError)")
    }
  }

  /// The notebook's NumPy cell drops units without rescaling going forward and ignores the
  /// mask going back: its gradient is not the gradient of its own forward pass.
  @Test("notebook gradients with dropout are not the derivative (a known property)")
  func notebookDropoutMismatch() throws {
    let c = Self.trainingCase("fd-notebook-dropout", .notebook, b: 4, i: 3, h: 5, o: 2, seed: 4)
    let step = try #require(GradientCheck(c, pass: .trainingStep))
    #expect(!step.expectedToMatch)
    let size = step.maxError
    #expect(size > 1e-2, "the mismatch should be large, found \(size)")
    // The same case in the reference semantics (PyTorch's dropout) is the derivative: the
    // mismatch belongs to the notebook's formula, not to the check.
    var twin = c
    twin.semantics = .reference
    let reference = try #require(GradientCheck(twin, pass: .trainingStep))
    #expect(reference.expectedToMatch && reference.agrees, "worst \(reference.maxError)")
    let evaluation = try #require(GradientCheck(c, pass: .evaluation))
    #expect(evaluation.agrees, "without dropout and ε = 0 the notebook gradient is exact")
  }

  /// A float64 case with uniform inputs and weights in [-1, 1), one-hot targets, and one
  /// training epoch with dropout 0.4 drawn from `mask_seed` = `seed`.
  static func trainingCase(
    _ name: String, _ semantics: Semantics, b: Int, i: Int, h: Int, o: Int, seed: UInt64
  ) -> NetworkCase {
    NetworkCase(
      name: name, dtype: .float64, semantics: semantics, loss: CrossEntropy(),
      x: matrix(b, i, seed: seed), y: oneHot(b, o), w1: matrix(i, h, seed: seed + 1),
      w2: matrix(h, o, seed: seed + 2),
      training: .init(
        configuration: TrainingConfiguration(epochs: 1, learningRate: 0.01, dropout: 0.4),
        masks: .seed(seed + 3)))
  }

  static func matrix(_ rows: Int, _ columns: Int, seed: UInt64) -> Matrix<Double> {
    var random = NumPyGenerator(seed: seed)
    return Matrix(
      rows: rows, columns: columns,
      elements: random.random(count: rows * columns).map { 2 * $0 - 1 })
  }

  static func oneHot(_ rows: Int, _ columns: Int) -> Matrix<Double> {
    var y = Matrix<Double>(rows: rows, columns: columns)
    for r in 0..<rows { y[r, r % columns] = 1 }
    return y
  }
}
