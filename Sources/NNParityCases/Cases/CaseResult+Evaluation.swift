import NNParity

extension CaseResult {
  /// The result of one evaluation and, for a training case, the trained weights and the
  /// losses: Swift's (`NetworkCase.evaluate`) or the reference's, built the same way.
  package init<Scalar: NetworkScalar>(
    name: String?, evaluation: Evaluation<Scalar>,
    trained: (w1: Matrix<Scalar>, w2: Matrix<Scalar>, losses: [Scalar])?
  ) {
    var tensors: [TensorName: Tensor] = [
      .probs: Tensor(evaluation.probabilities),
      .loss: Tensor(scalar: evaluation.loss),
      .gradW1: Tensor(evaluation.gradientW1),
      .gradW2: Tensor(evaluation.gradientW2),
    ]
    if let trained {
      tensors[.trainedW1] = Tensor(trained.w1)
      tensors[.trainedW2] = Tensor(trained.w2)
      tensors[.losses] = Tensor(vector: trained.losses)
    }
    self.init(name: name, dtype: Scalar.dtype, tensors: tensors)
  }
}
