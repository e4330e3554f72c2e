/// The cross-entropy loss `L = −Σ y · log(p + ε)`, summed or averaged over the batch.
public struct CrossEntropy: Sendable, Equatable {
  /// ε, added to each probability before the logarithm. When it rounds to 0 in the
  /// scalar type the loss uses the row-wise log-softmax, so it stays finite for any finite
  /// logits.
  public var epsilon: Double
  /// Sum or mean over the batch.
  public var reduction: Reduction

  /// The notebook's NumPy loss: ε = 0, summed.
  public static let notebook = CrossEntropy(epsilon: 0, reduction: .sum)
  /// The notebook's PyTorch loss: ε = 1e-7, summed.
  public static let pytorchCell = CrossEntropy(epsilon: 1e-7, reduction: .sum)

  /// A loss with the given ε (0 or more) and reduction.
  public init(epsilon: Double = 0, reduction: Reduction = .sum) {
    precondition(epsilon >= 0 && epsilon.isFinite, "ε must be finite and non-negative")
    self.epsilon = epsilon
    self.reduction = reduction
  }

  /// The loss of probabilities `softmax.probabilities` against targets `y`.
  public func value<Scalar>(_ softmax: RowSoftmax<Scalar>, targets y: Matrix<Scalar>) -> Scalar {
    precondition(softmax.probabilities.hasSameShape(as: y), "targets and probabilities differ")
    let eps = Scalar(epsilon)
    var sum: Scalar = 0
    if eps == 0 {
      for i in y.elements.indices { sum += y.elements[i] * softmax.logProbability(at: i) }
    } else {
      for i in y.elements.indices {
        sum += y.elements[i] * Scalar.log(softmax.probabilities.elements[i] + eps)
      }
    }
    let loss = -sum
    return reduction == .mean ? loss / Scalar(y.rows) : loss
  }

  /// `∂L/∂z2`, the gradient with respect to the logits, as `semantics` defines it.
  public func logitGradient<Scalar>(
    _ softmax: RowSoftmax<Scalar>, targets y: Matrix<Scalar>, semantics: Semantics
  ) -> Matrix<Scalar> {
    let p = softmax.probabilities
    var dz2 = Matrix<Scalar>(rows: p.rows, columns: p.columns)
    let scale: Scalar = reduction == .mean ? Scalar(p.rows) : 1
    let o = p.columns
    switch (semantics, Scalar(epsilon) == 0) {
    case (.notebook, _):
      for i in dz2.elements.indices { dz2.elements[i] = (p.elements[i] - y.elements[i]) / scale }
    case (.reference, true):
      let targetSums = y.rowSums
      for r in 0..<p.rows {
        for c in 0..<o {
          let i = r * o + c
          dz2.elements[i] = (p.elements[i] * targetSums[r] - y.elements[i]) / scale
        }
      }
    case (.reference, false):
      let eps = Scalar(epsilon)
      for r in 0..<p.rows {
        var g = [Scalar](repeating: 0, count: o)
        var gp: Scalar = 0
        for c in 0..<o {
          let i = r * o + c
          g[c] = -y.elements[i] / (p.elements[i] + eps) / scale
          gp += g[c] * p.elements[i]
        }
        for c in 0..<o {
          let i = r * o + c
          dz2.elements[i] = p.elements[i] * (g[c] - gp)
        }
      }
    }
    return dz2
  }
}
