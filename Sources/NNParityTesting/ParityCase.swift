/// One case for the implementation under test, in the dtype it is to compute in: the
/// inputs already rounded to `Scalar`, as NumPy rounds them.
///
/// The network is the notebook's: `z1 = x·W1`, `a1 = ReLU(z1)`, dropout (when training), `z2 =
/// a1·W2`, `p = softmax(z2)` by rows, the cross-entropy loss of `p` against `y`, both
/// gradients, and for a training case SGD for `epochs` epochs with the given keep-masks.
/// `docs/contract.md` in the NNParity package is the full contract.
public struct ParityCase<Scalar: BinaryFloatingPoint & Sendable>: Sendable {
  /// The case's name, as failures name it.
  public let name: String
  /// Which cells of the notebook to follow.
  public let semantics: ParitySemantics
  /// B × I inputs.
  public let x: ParityMatrix<Scalar>
  /// B × O targets.
  public let y: ParityMatrix<Scalar>
  /// I × H first-layer weights.
  public let w1: ParityMatrix<Scalar>
  /// H × O second-layer weights.
  public let w2: ParityMatrix<Scalar>
  /// ε in `−Σ y·log(p + ε)`; 0 is `log p` computed from the logits.
  public let lossEpsilon: Scalar
  /// Whether the loss is summed over the rows or averaged.
  public let reduction: ParityReduction
  /// The training to run after the evaluation, or nil for an evaluation only.
  public let training: ParityTraining<Scalar>?
}

/// The two semantics of the notebook.
public enum ParitySemantics: String, Sendable {
  /// Its PyTorch cells: exact gradients; inverted dropout (kept units scaled by
  /// `1 / (1 − dropout)` going forward and back).
  case reference
  /// Its NumPy cells as written: `∂L/∂z2 = p − y`; dropout unscaled going forward and
  /// ignored going back.
  case notebook
}

/// How the loss reduces over the rows.
public enum ParityReduction: String, Sendable {
  /// The sum over the rows.
  case sum
  /// The mean over the rows.
  case mean
}

/// SGD after the evaluation: each epoch computes both gradients at the current weights (with
/// that epoch's keep-mask), then `w1 −= lr·gW1` and `w2 −= lr·gW2`.
public struct ParityTraining<Scalar: BinaryFloatingPoint & Sendable>: Sendable {
  /// The number of epochs.
  public let epochs: Int
  /// The learning rate.
  public let learningRate: Scalar
  /// The dropout rate q (0 for no dropout).
  public let dropout: Scalar
  /// One B × H keep-mask of 0 and 1 per epoch: which hidden units each epoch keeps.
  public let keepMasks: [ParityMatrix<Scalar>]
}
