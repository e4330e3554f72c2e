/// The SGD settings of a training run.
public struct TrainingConfiguration: Sendable, Equatable {
  /// The number of epochs, N ≥ 1.
  public let epochs: Int
  /// The learning rate; rounded once to the scalar type.
  public let learningRate: Double
  /// The dropout rate q in [0, 1).
  public let dropout: Double

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

extension DropoutMasks {
  /// The next keep-mask NumPy draws: `rng.random((B, H)) >= dropout`, B × H of 0/1.
  package static func draw(
    into keep: inout Matrix<Scalar>, from generator: inout NumPyGenerator, dropout: Double
  ) {
    keep.withUnsafeMutableElements { keep in
      for i in keep.indices { keep[i] = generator.random() >= dropout ? 1 : 0 }
    }
  }

  /// Every epoch's keep-mask, B × H of 0/1, as training uses them.
  package func matrices(epochs: Int, rows: Int, hidden: Int, dropout: Double) -> [Matrix<Scalar>] {
    switch self {
    case .explicit(let list): return Array(list.prefix(epochs))
    case .keepAll:
      return Array(repeating: Matrix(rows: rows, columns: hidden, repeating: 1), count: epochs)
    case .numpy(let seed):
      var generator = NumPyGenerator(seed: seed)
      var keep = Matrix<Scalar>(rows: rows, columns: hidden, repeating: 1)
      return (0..<epochs).map { _ in
        Self.draw(into: &keep, from: &generator, dropout: dropout)
        return keep
      }
    }
  }
}

extension Network {
  /// Trains with SGD for `configuration.epochs` epochs and returns the loss of each epoch,
  /// taken before that epoch's update.
  ///
  /// Each epoch computes both gradients first, then `w1 -= lr·gW1; w2 -= lr·gW2`. The
  /// buffers are allocated once, before the first epoch.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public mutating func train(
    _ x: Matrix<Scalar>, targets y: Matrix<Scalar>, masks: DropoutMasks<Scalar>,
    configuration: TrainingConfiguration, semantics: Semantics, loss: CrossEntropy
  ) -> [Scalar] {
    let workspace = NetworkWorkspace<Scalar>(
      batch: x.rows, inputs: inputCount, hidden: hiddenCount, outputs: outputCount)
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
        if var drawing = generator {
          DropoutMasks.draw(into: &keep, from: &drawing, dropout: configuration.dropout)
          generator = drawing
        }
      case .keepAll:
        break
      }
      losses.append(
        step(
          x, targets: y, keep: keep, dropout: configuration.dropout,
          learningRate: configuration.learningRate, semantics: semantics, loss: loss,
          workspace: workspace))
    }
    return losses
  }

  /// One SGD step with the keep-mask `keep` (B × H of 0/1) at dropout rate `rate`:
  /// forward, loss, both gradients, then `w1 -= lr·gW1; w2 -= lr·gW2`. Returns the loss,
  /// taken before the update. Allocates nothing once the weights are uniquely held.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public mutating func step(
    _ x: Matrix<Scalar>, targets y: Matrix<Scalar>, keep: Matrix<Scalar>, dropout rate: Double,
    learningRate: Double, semantics: Semantics, loss: CrossEntropy,
    workspace: NetworkWorkspace<Scalar>
  ) -> Scalar {
    let mask = DropoutMask(keep: keep, rate: rate)
    return Self.withDropout(mask, batch: x.rows, hidden: hiddenCount) { dropout in
      step(
        x, targets: y, dropout: dropout, learningRate: learningRate, semantics: semantics,
        loss: loss, workspace: workspace)
    }
  }

  /// The step on a raw keep-mask.
  mutating func step(
    _ x: Matrix<Scalar>, targets y: Matrix<Scalar>, dropout: HiddenLayer.Dropout<Scalar>?,
    learningRate: Double, semantics: Semantics, loss: CrossEntropy,
    workspace: NetworkWorkspace<Scalar>
  ) -> Scalar {
    let value = pass(
      x, targets: y, dropout: dropout, semantics: semantics, loss: loss, in: workspace)
    let rate = Scalar(learningRate)
    w1.withUnsafeMutableElements { w in
      guard let base = w.baseAddress else { return }
      HiddenLayer.descend(
        base, along: workspace.gradientW1, count: w.count, rate: rate,
        threads: workspace.threads)
    }
    w2.withUnsafeMutableElements { w in
      guard let base = w.baseAddress else { return }
      HiddenLayer.descend(base, along: workspace.gradientW2, count: w.count, rate: rate)
    }
    return value
  }
}
