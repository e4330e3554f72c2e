/// What the implementation under test computed for a ``ParityCase``.
public struct ParityResult<Scalar: BinaryFloatingPoint & Sendable>: Sendable {
  /// B × O probabilities.
  public var probabilities: ParityMatrix<Scalar>
  /// The loss at the case's weights.
  public var loss: Scalar
  /// I × H: ∂loss/∂W1 (the notebook's gradient, in `notebook` semantics).
  public var gradientW1: ParityMatrix<Scalar>
  /// H × O: ∂loss/∂W2.
  public var gradientW2: ParityMatrix<Scalar>
  /// The training's outcome; required when the case trains.
  public var training: ParityTrainingResult<Scalar>?

  /// A result; `training` is required when the case trains.
  public init(
    probabilities: ParityMatrix<Scalar>, loss: Scalar, gradientW1: ParityMatrix<Scalar>,
    gradientW2: ParityMatrix<Scalar>, training: ParityTrainingResult<Scalar>? = nil
  ) {
    self.probabilities = probabilities
    self.loss = loss
    self.gradientW1 = gradientW1
    self.gradientW2 = gradientW2
    self.training = training
  }
}

/// What training computed.
public struct ParityTrainingResult<Scalar: BinaryFloatingPoint & Sendable>: Sendable {
  /// I × H weights after the last epoch.
  public var w1: ParityMatrix<Scalar>
  /// H × O weights after the last epoch.
  public var w2: ParityMatrix<Scalar>
  /// Each epoch's loss, taken before that epoch's update.
  public var losses: [Scalar]

  /// A training result.
  public init(w1: ParityMatrix<Scalar>, w2: ParityMatrix<Scalar>, losses: [Scalar]) {
    self.w1 = w1
    self.w2 = w2
    self.losses = losses
  }
}
