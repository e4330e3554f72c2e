/// The SGD settings of a training run.
public struct TrainingConfiguration: Sendable, Equatable {
  /// The number of epochs, N ≥ 1.
  public var epochs: Int
  /// The learning rate; rounded once to the scalar type.
  public var learningRate: Double
  /// The dropout rate q in [0, 1).
  public var dropout: Double

  /// A training configuration.
  public init(epochs: Int, learningRate: Double, dropout: Double) {
    precondition(epochs >= 1, "epochs must be at least 1")
    precondition(dropout >= 0 && dropout < 1, "dropout rate outside [0, 1)")
    self.epochs = epochs
    self.learningRate = learningRate
    self.dropout = dropout
  }
}

/// Where the dropout keep-masks of a training run come from.
public enum DropoutMasks<Scalar: NetworkScalar>: Sendable {
  /// One B × H mask of 0/1 per epoch.
  case explicit([Matrix<Scalar>])
  /// Drawn as `numpy.random.default_rng(seed)` then `rng.random((B, H)) >= q` per epoch.
  case numpy(seed: UInt64)
  /// Every mask all ones (what both of the above give when q = 0).
  case keepAll
}

extension Network {
  /// Trains with SGD for `configuration.epochs` epochs and returns the loss of each epoch,
  /// taken before that epoch's update.
  ///
  /// Each epoch computes both gradients first, then `w1 -= lr·gW1; w2 -= lr·gW2`.
  public mutating func train(
    _ x: Matrix<Scalar>, targets y: Matrix<Scalar>, masks: DropoutMasks<Scalar>,
    configuration: TrainingConfiguration, semantics: Semantics, loss: CrossEntropy
  ) -> [Scalar] {
    let learningRate = Scalar(configuration.learningRate)
    var generator: NumPyGenerator?
    if case .numpy(let seed) = masks { generator = NumPyGenerator(seed: seed) }
    var keep = Matrix<Scalar>(rows: x.rows, columns: hiddenCount, repeating: 1)
    var losses: [Scalar] = []
    losses.reserveCapacity(configuration.epochs)
    for epoch in 0..<configuration.epochs {
      switch masks {
      case .explicit(let list):
        precondition(list.count >= configuration.epochs, "fewer masks than epochs")
        keep = list[epoch]
      case .numpy:
        for i in keep.elements.indices {
          keep.elements[i] = (generator?.random() ?? 1) >= configuration.dropout ? 1 : 0
        }
      case .keepAll:
        break
      }
      let step = pass(
        x, targets: y, dropout: DropoutMask(keep: keep, rate: configuration.dropout),
        semantics: semantics, loss: loss)
      losses.append(step.loss)
      for i in w1.elements.indices { w1.elements[i] -= learningRate * step.gradientW1.elements[i] }
      for i in w2.elements.indices { w2.elements[i] -= learningRate * step.gradientW2.elements[i] }
    }
    return losses
  }
}
