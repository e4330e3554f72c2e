import NNParity

extension NetworkCase {
  /// Runs the case through the Swift network in its dtype.
  public func evaluate() -> CaseResult {
    switch dtype {
    case .float32: evaluate(as: Float.self)
    case .float64: evaluate(as: Double.self)
    }
  }

  /// Runs the case with every input rounded to `Scalar` and every operation in `Scalar`.
  public func evaluate<Scalar: NetworkScalar>(as _: Scalar.Type) -> CaseResult {
    let x = x.converted(to: Scalar.self)
    let y = y.converted(to: Scalar.self)
    var network = Network(w1: w1.converted(to: Scalar.self), w2: w2.converted(to: Scalar.self))
    let evaluation = network.evaluate(x, targets: y, semantics: semantics, loss: loss)
    var tensors: [TensorName: Tensor] = [
      .probs: Tensor(evaluation.probabilities),
      .loss: Tensor(scalar: evaluation.loss),
      .gradW1: Tensor(evaluation.gradientW1),
      .gradW2: Tensor(evaluation.gradientW2),
    ]
    if let training {
      let losses = network.train(
        x, targets: y, masks: dropoutMasks(training.masks, as: Scalar.self),
        configuration: training.configuration, semantics: semantics, loss: loss)
      tensors[.trainedW1] = Tensor(network.w1)
      tensors[.trainedW2] = Tensor(network.w2)
      tensors[.losses] = Tensor(vector: losses)
    }
    return CaseResult(name: name, dtype: Scalar.dtype, tensors: tensors)
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
