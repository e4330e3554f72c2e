import NNParity
import NNParityConformance
import Testing

/// `reference` gradients against central finite differences in float64.
@Suite("Finite differences")
struct FiniteDifferenceTests {
  /// The issue's case: B=7, I=5, H=9, O=3, training with masks, float64.
  @Test("B=7 I=5 H=9 O=3 training step with a fixed mask agrees to 1e-7")
  func issueCase() throws {
    let c = NetworkCase(
      name: "fd-7x5-9-3", dtype: .float64, semantics: .reference, loss: CrossEntropy(),
      x: Self.matrix(7, 5, seed: 1), y: Self.oneHot(7, 3), w1: Self.matrix(5, 9, seed: 2),
      w2: Self.matrix(9, 3, seed: 3),
      training: .init(
        configuration: TrainingConfiguration(epochs: 1, learningRate: 0.01, dropout: 0.4),
        masks: .seed(7)))
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

  @Test("reference gradients agree on random cases", arguments: RandomCases(seed: 21, maximumSize: 12).cases(12))
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
    let c = NetworkCase(
      name: "fd-notebook-dropout", dtype: .float64, semantics: .notebook, loss: CrossEntropy(),
      x: Self.matrix(4, 3, seed: 4), y: Self.oneHot(4, 2), w1: Self.matrix(3, 5, seed: 5),
      w2: Self.matrix(5, 2, seed: 6),
      training: .init(
        configuration: TrainingConfiguration(epochs: 1, learningRate: 0.01, dropout: 0.4),
        masks: .seed(11)))
    let step = try #require(GradientCheck(c, pass: .trainingStep))
    #expect(!step.expectedToMatch)
    let size = step.maxError
    #expect(size > 1e-2, "the mismatch should be large, found \(size)")
    #expect(step.passed)
    let evaluation = try #require(GradientCheck(c, pass: .evaluation))
    #expect(evaluation.agrees, "without dropout and ε = 0 the notebook gradient is exact")
  }

  static func matrix(_ rows: Int, _ columns: Int, seed: UInt64) -> Matrix<Double> {
    var random = NumPyGenerator(seed: seed)
    return Matrix(rows: rows, columns: columns, elements: random.random(count: rows * columns).map { 2 * $0 - 1 })
  }

  static func oneHot(_ rows: Int, _ columns: Int) -> Matrix<Double> {
    var y = Matrix<Double>(rows: rows, columns: columns)
    for r in 0..<rows { y[r, r % columns] = 1 }
    return y
  }
}
