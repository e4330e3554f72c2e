import NNParity
import NNParityTesting

/// NNParity's own network behind the plain-Swift protocol, with an optional fault: what a
/// user's implementation looks like to `expectParity`.
struct NetworkOfNNParity: NetworkImplementation {
  /// A fault to inject: the float64 loss scaled by `1 + lossError`; ReLU's derivative at
  /// exactly 0 taken as 1 is not reachable from here, so faults are on outputs.
  var lossError = 0.0
  /// Every gradient of W1 scaled by this factor when the case has more than
  /// `wideFrom` hidden units.
  var wideGradientFactor = 1.0
  var wideFrom = Int.max

  var name: String { "NNParity's network" }

  func evaluate(_ c: ParityCase<Float>) throws -> ParityResult<Float> { try run(c) }
  func evaluate(_ c: ParityCase<Double>) throws -> ParityResult<Double> { try run(c) }

  private func run<Scalar: NetworkScalar>(_ c: ParityCase<Scalar>) throws -> ParityResult<Scalar> {
    func matrix(_ m: ParityMatrix<Scalar>) -> Matrix<Scalar> {
      Matrix(rows: m.rows, columns: m.columns, elements: m.elements)
    }
    func plain(_ m: Matrix<Scalar>) -> ParityMatrix<Scalar> {
      ParityMatrix(rows: m.rows, columns: m.columns, elements: m.elements)
    }
    let semantics: Semantics = c.semantics == .reference ? .reference : .notebook
    let loss = CrossEntropy(
      epsilon: Double(c.lossEpsilon), reduction: c.reduction == .sum ? .sum : .mean)
    var network = Network(w1: matrix(c.w1), w2: matrix(c.w2))
    let evaluation = network.evaluate(
      matrix(c.x), targets: matrix(c.y), semantics: semantics, loss: loss)
    var gradientW1 = plain(evaluation.gradientW1)
    if c.w1.columns >= wideFrom {
      gradientW1.elements = gradientW1.elements.map { $0 * Scalar(wideGradientFactor) }
    }
    var result = ParityResult(
      probabilities: plain(evaluation.probabilities),
      loss: evaluation.loss * Scalar(1 + lossError), gradientW1: gradientW1,
      gradientW2: plain(evaluation.gradientW2))
    if let training = c.training {
      let losses = network.train(
        matrix(c.x), targets: matrix(c.y), masks: .explicit(training.keepMasks.map(matrix)),
        configuration: TrainingConfiguration(
          epochs: training.epochs, learningRate: Double(training.learningRate),
          dropout: Double(training.dropout)),
        semantics: semantics, loss: loss)
      result.training = ParityTrainingResult(
        w1: plain(network.w1), w2: plain(network.w2), losses: losses)
    }
    return result
  }
}
