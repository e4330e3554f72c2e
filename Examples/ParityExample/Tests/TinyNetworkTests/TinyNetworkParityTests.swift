import Foundation
import NNParityTesting
import Testing
import TinyNetwork

/// TinyNetwork seen by NNParityTesting: each case in plain Swift values, each result back.
/// `NNPARITY_EXAMPLE_FAULT=1` switches on the slip (dropout not rescaled going back).
struct TinyNetworkUnderTest: NetworkImplementation {
  let network = TinyNetwork(
    rescalesDropoutGoingBack: ProcessInfo.processInfo.environment["NNPARITY_EXAMPLE_FAULT"] != "1")

  var name: String { "TinyNetwork" }

  func evaluate(_ c: ParityCase<Float>) throws -> ParityResult<Float> { run(c) }
  func evaluate(_ c: ParityCase<Double>) throws -> ParityResult<Double> { run(c) }

  private func run<Scalar: TinyFloat>(_ c: ParityCase<Scalar>) -> ParityResult<Scalar> {
    func grid(_ m: ParityMatrix<Scalar>) -> Grid<Scalar> {
      Grid(rows: m.rows, columns: m.columns, values: m.elements)
    }
    func matrix(_ g: Grid<Scalar>) -> ParityMatrix<Scalar> {
      ParityMatrix(rows: g.rows, columns: g.columns, elements: g.values)
    }
    let semantics: TinyNetwork.Semantics = c.semantics == .reference ? .reference : .notebook
    let loss = TinyNetwork.Loss(epsilon: c.lossEpsilon, mean: c.reduction == .mean)
    let (x, y, w1, w2) = (grid(c.x), grid(c.y), grid(c.w1), grid(c.w2))
    let pass = network.pass(x: x, y: y, w1: w1, w2: w2, semantics: semantics, loss: loss)
    var result = ParityResult(
      probabilities: matrix(pass.probabilities), loss: pass.loss,
      gradientW1: matrix(pass.gradientW1), gradientW2: matrix(pass.gradientW2))
    if let training = c.training {
      let trained = network.train(
        x: x, y: y, w1: w1, w2: w2, masks: training.keepMasks.map(grid),
        learningRate: training.learningRate, dropout: training.dropout, semantics: semantics,
        loss: loss)
      result.training = ParityTrainingResult(
        w1: matrix(trained.w1), w2: matrix(trained.w2), losses: trained.losses)
    }
    return result
  }
}

@Test("TinyNetwork matches NumPy on every golden and on live random cases")
func tinyNetworkMatchesNumPy() async throws {
  try await expectParity(TinyNetworkUnderTest())
}
