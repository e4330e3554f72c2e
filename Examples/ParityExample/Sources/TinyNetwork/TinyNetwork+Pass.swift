/// The notebook's two-layer network, written from NNParity's docs/contract.md alone:
/// `x·W1 → ReLU → dropout → ·W2 → row softmax`, cross-entropy, both gradients, SGD.
public struct TinyNetwork: Sendable {
  /// Which cells of the notebook to follow.
  public enum Semantics: Sendable { case reference, notebook }

  /// Whether the reference semantics' backward pass scales the kept units by 1 / (1 − q), as
  /// the forward pass does. Turning it off is a realistic slip, for the example's failing run.
  public var rescalesDropoutGoingBack: Bool

  /// The network; `rescalesDropoutGoingBack: false` is the slip.
  public init(rescalesDropoutGoingBack: Bool = true) {
    self.rescalesDropoutGoingBack = rescalesDropoutGoingBack
  }

  /// Probabilities, loss and both gradients of one pass.
  public struct Pass<Scalar: TinyFloat>: Sendable {
    public var probabilities: Grid<Scalar>
    public var loss: Scalar
    public var gradientW1: Grid<Scalar>
    public var gradientW2: Grid<Scalar>
  }

  /// The loss's settings.
  public struct Loss<Scalar: TinyFloat>: Sendable {
    public var epsilon: Scalar
    public var mean: Bool

    /// ε and whether the loss is the mean over the rows.
    public init(epsilon: Scalar, mean: Bool) {
      (self.epsilon, self.mean) = (epsilon, mean)
    }
  }

  /// One forward and backward pass at `w1`, `w2`; `keep` is the keep-mask (nil: no dropout)
  /// and `scale` is 1 / (1 − q).
  public func pass<Scalar: TinyFloat>(
    x: Grid<Scalar>, y: Grid<Scalar>, w1: Grid<Scalar>, w2: Grid<Scalar>,
    keep: Grid<Scalar>? = nil, scale: Scalar = 1, semantics: Semantics, loss: Loss<Scalar>
  ) -> Pass<Scalar> {
    let z1 = x.times(w1)
    let a1 = z1.map { max(0, $0) }
    var dropped = a1
    if let keep {
      dropped = a1.zip(keep, *)
      if semantics == .reference { dropped = dropped.map { $0 * scale } }
    }
    let (p, value) = softmaxAndLoss(dropped.times(w2), y: y, loss: loss)
    let dz2 = logitGradient(p, y: y, semantics: semantics, loss: loss)
    let gradientW2 = (semantics == .notebook ? a1 : dropped).transposed.times(dz2)
    var dz1 = dz2.times(w2.transposed)
    if let keep, semantics == .reference {
      dz1 = dz1.zip(keep, *)
      if rescalesDropoutGoingBack { dz1 = dz1.map { $0 * scale } }
    }
    dz1 = dz1.zip(z1) { $1 > 0 ? $0 : 0 }
    return Pass(
      probabilities: p, loss: value, gradientW1: x.transposed.times(dz1), gradientW2: gradientW2)
  }

  /// The row softmax of `z2` and the cross-entropy against `y`.
  func softmaxAndLoss<Scalar: TinyFloat>(_ z2: Grid<Scalar>, y: Grid<Scalar>, loss: Loss<Scalar>)
    -> (Grid<Scalar>, Scalar)
  {
    var p = z2
    var total: Scalar = 0
    for r in 0..<z2.rows {
      let row = (0..<z2.columns).map { z2[r, $0] }
      let top = row.max() ?? 0
      let shifted = row.map { $0 - top }
      let e = shifted.map(Scalar.exponential)
      let sum = e.reduce(0, +)
      for c in 0..<z2.columns {
        p[r, c] = e[c] / sum
        let logp =
          loss.epsilon == 0 ? shifted[c] - Scalar.logarithm(sum) : Scalar.logarithm(p[r, c] + loss.epsilon)
        total += y[r, c] * logp
      }
    }
    let value = -total
    return (p, loss.mean ? value / Scalar(z2.rows) : value)
  }

  /// ∂L/∂z2: the exact derivative (`reference`), or the notebook's `p − y`.
  func logitGradient<Scalar: TinyFloat>(
    _ p: Grid<Scalar>, y: Grid<Scalar>, semantics: Semantics, loss: Loss<Scalar>
  ) -> Grid<Scalar> {
    let batch = Scalar(p.rows)
    var dz2 = p
    for r in 0..<p.rows {
      let columns = 0..<p.columns
      if semantics == .reference && loss.epsilon != 0 {
        let g = columns.map { c -> Scalar in
          let value = -y[r, c] / (p[r, c] + loss.epsilon)
          return loss.mean ? value / batch : value
        }
        let dot = columns.reduce(Scalar(0)) { $0 + g[$1] * p[r, $1] }
        for c in columns { dz2[r, c] = p[r, c] * (g[c] - dot) }
      } else {
        let rowSum = columns.reduce(Scalar(0)) { $0 + y[r, $1] }
        for c in columns {
          let value = semantics == .notebook ? p[r, c] - y[r, c] : p[r, c] * rowSum - y[r, c]
          dz2[r, c] = loss.mean ? value / batch : value
        }
      }
    }
    return dz2
  }

  /// SGD for one epoch per keep-mask: both gradients first, then `w −= lr·g`. Returns the
  /// trained weights and each epoch's loss, taken before its update.
  public func train<Scalar: TinyFloat>(
    x: Grid<Scalar>, y: Grid<Scalar>, w1: Grid<Scalar>, w2: Grid<Scalar>, masks: [Grid<Scalar>],
    learningRate: Scalar, dropout: Scalar, semantics: Semantics, loss: Loss<Scalar>
  ) -> (w1: Grid<Scalar>, w2: Grid<Scalar>, losses: [Scalar]) {
    var (w1, w2) = (w1, w2)
    var losses: [Scalar] = []
    let scale = 1 / (1 - dropout)
    for keep in masks {
      let step = pass(
        x: x, y: y, w1: w1, w2: w2, keep: keep, scale: scale, semantics: semantics, loss: loss)
      losses.append(step.loss)
      w1 = w1.zip(step.gradientW1) { $0 - learningRate * $1 }
      w2 = w2.zip(step.gradientW2) { $0 - learningRate * $1 }
    }
    return (w1, w2, losses)
  }
}
