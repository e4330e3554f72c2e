/// The notebook's two-layer network: `x · w1 → ReLU → (dropout) → · w2 → row softmax`.
///
/// No biases. `w1` is I × H and `w2` is H × O; a batch `x` is B × I and its targets `y`
/// are B × O.
public struct Network<Scalar: NetworkScalar>: Sendable, Equatable {
  /// The first weight matrix, inputs × hidden units.
  public var w1: Matrix<Scalar>
  /// The second weight matrix, hidden units × outputs.
  public var w2: Matrix<Scalar>

  /// A network with the given weights; `w1.columns` must equal `w2.rows`.
  public init(w1: Matrix<Scalar>, w2: Matrix<Scalar>) {
    precondition(w1.columns == w2.rows, "w1 has \(w1.columns) columns but w2 has \(w2.rows) rows")
    self.w1 = w1
    self.w2 = w2
  }

  /// The number of inputs, I.
  public var inputCount: Int { w1.rows }
  /// The number of hidden units, H.
  public var hiddenCount: Int { w1.columns }
  /// The number of outputs, O.
  public var outputCount: Int { w2.columns }
}

/// The outputs of one forward and backward pass.
public struct Evaluation<Scalar: NetworkScalar>: Sendable, Equatable {
  /// The row-wise softmax probabilities, B × O.
  public let probabilities: Matrix<Scalar>
  /// The loss.
  public let loss: Scalar
  /// The gradient with respect to `w1`, I × H, as the semantics defines it.
  public let gradientW1: Matrix<Scalar>
  /// The gradient with respect to `w2`, H × O, as the semantics defines it.
  public let gradientW2: Matrix<Scalar>

  /// Outputs computed elsewhere (the NumPy reference), to compare with Swift's.
  public init(
    probabilities: Matrix<Scalar>, loss: Scalar, gradientW1: Matrix<Scalar>,
    gradientW2: Matrix<Scalar>
  ) {
    self.probabilities = probabilities
    self.loss = loss
    self.gradientW1 = gradientW1
    self.gradientW2 = gradientW2
  }
}

/// A dropout keep-mask for one pass: entries 0 (dropped) or 1 (kept), B × H.
public struct DropoutMask<Scalar: NetworkScalar>: Sendable, Equatable {
  /// The keep-mask.
  public let keep: Matrix<Scalar>
  /// The dropout rate q in [0, 1).
  public let rate: Double

  /// A mask with rate `rate`; the entries of `keep` must be 0 or 1.
  public init(keep: Matrix<Scalar>, rate: Double) {
    precondition(rate >= 0 && rate < 1, "dropout rate outside [0, 1)")
    self.keep = keep
    self.rate = rate
  }

  /// The inverted-dropout factor `1 / (1 − q)`, computed in Double and rounded once to
  /// the scalar type (as a NumPy weak scalar is).
  public var scale: Scalar { Scalar(1.0 / (1.0 - rate)) }
}
