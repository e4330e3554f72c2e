import NNParity

extension NetworkCase {
  /// Runs the case through the Swift network in its dtype.
  package func evaluate() -> CaseResult {
    switch dtype {
    case .float32: evaluate(as: Float.self)
    case .float64: evaluate(as: Double.self)
    }
  }

  /// Runs the case with every input rounded to `Scalar` and every operation in `Scalar`.
  package func evaluate<Scalar: NetworkScalar>(as _: Scalar.Type) -> CaseResult {
    let (x, y, w1, w2) = inputs(as: Scalar.self)
    var network = Network(w1: w1, w2: w2)
    let evaluation = network.evaluate(x, targets: y, semantics: semantics, loss: loss)
    var trained: (w1: Matrix<Scalar>, w2: Matrix<Scalar>, losses: [Scalar])?
    if let training {
      let losses = network.train(
        x, targets: y, masks: dropoutMasks(training.masks, as: Scalar.self),
        configuration: training.configuration, semantics: semantics, loss: loss)
      trained = (network.w1, network.w2, losses)
    }
    return CaseResult(name: name, evaluation: evaluation, trained: trained)
  }

  /// x, y, w1 and w2 rounded to `Scalar`.
  package func inputs<Scalar: NetworkScalar>(as _: Scalar.Type) -> (
    x: Matrix<Scalar>, y: Matrix<Scalar>, w1: Matrix<Scalar>, w2: Matrix<Scalar>
  ) {
    (x.converted(), y.converted(), w1.converted(), w2.converted())
  }

  /// The inputs rounded to the case's dtype and held as Double, and the network of its
  /// weights: what a float64 check (finite differences, condition scales) of the case runs.
  package var roundedInputs: (x: Matrix<Double>, y: Matrix<Double>, network: Network<Double>) {
    func rounded(_ m: Matrix<Double>) -> Matrix<Double> {
      dtype == .float32 ? m.converted(to: Float.self).converted(to: Double.self) : m
    }
    return (rounded(x), rounded(y), Network(w1: rounded(w1), w2: rounded(w2)))
  }

  /// The training masks in the network's own form.
  package func dropoutMasks<Scalar: NetworkScalar>(_ source: MaskSource, as _: Scalar.Type)
    -> DropoutMasks<Scalar>
  {
    switch source {
    case .explicit(let masks): .explicit(masks.map { $0.converted(to: Scalar.self) })
    case .seed(let seed): .numpy(seed: seed)
    case .keepAll: .keepAll
    }
  }
}
