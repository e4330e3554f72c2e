/// The cross-entropy loss `L = −Σ y · log(p + ε)`, summed or averaged over the batch.
public struct CrossEntropy: Sendable, Equatable {
  /// ε, added to each probability before the logarithm. When it rounds to 0 in the
  /// scalar type the loss uses the row-wise log-softmax, so it stays finite for any finite
  /// logits.
  public let epsilon: Double
  /// Sum or mean over the batch.
  public let reduction: Reduction

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
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func value<Scalar>(_ softmax: RowSoftmax<Scalar>, targets y: Matrix<Scalar>) -> Scalar {
    precondition(softmax.probabilities.hasSameShape(as: y), "targets and probabilities differ")
    return softmax.shifted.elements.withUnsafeBufferPointer { s in
      softmax.probabilities.elements.withUnsafeBufferPointer { p in
        softmax.logRowSums.withUnsafeBufferPointer { l in
          y.elements.withUnsafeBufferPointer { y in
            value(
              LogitRows(
                shifted: s.baseAddress, probabilities: p.baseAddress, logRowSums: l.baseAddress,
                rows: softmax.probabilities.rows, columns: softmax.probabilities.columns),
              targets: y.baseAddress)
          }
        }
      }
    }
  }
}

/// A softmax on raw row-major buffers (rows × columns), as `RowSoftmax.compute` leaves it.
/// A buffer is nil only when the matrix is empty, or when the loss does not read it.
struct LogitRows<Scalar: NetworkScalar> {
  /// `z − rowmax`.
  var shifted: UnsafePointer<Scalar>?
  /// `p`.
  var probabilities: UnsafePointer<Scalar>?
  /// `log rowsum(exp(z − rowmax))`, one per row.
  var logRowSums: UnsafePointer<Scalar>?
  var rows: Int
  var columns: Int
}

extension CrossEntropy {
  /// The loss on raw buffers; `y` has the shape of `softmax`.
  func value<Scalar>(_ softmax: LogitRows<Scalar>, targets y: UnsafePointer<Scalar>?) -> Scalar {
    let count = softmax.rows &* softmax.columns
    let eps = Scalar(epsilon)
    var sum: Scalar = 0
    if let y, count > 0 {
      if eps == 0, let s = softmax.shifted, let l = softmax.logRowSums {
        for r in 0..<softmax.rows {
          let row = r &* softmax.columns
          for c in row..<(row &+ softmax.columns) { sum += y[c] * (s[c] - l[r]) }
        }
      } else if let p = softmax.probabilities {
        for i in 0..<count { sum += y[i] * Scalar.log(p[i] + eps) }
      }
    }
    let loss = -sum
    return reduction == .mean ? loss / Scalar(softmax.rows) : loss
  }

  /// `∂L/∂z2` on raw buffers, written to `dz2` (the shape of `softmax`); `rowScratch`
  /// holds `softmax.columns` scalars.
  func logitGradient<Scalar>(
    _ softmax: LogitRows<Scalar>, targets y: UnsafePointer<Scalar>?, semantics: Semantics,
    into dz2: UnsafeMutablePointer<Scalar>?, rowScratch g: UnsafeMutablePointer<Scalar>?
  ) {
    guard let p = softmax.probabilities, let y, let dz2, let g else { return }
    let scale: Scalar = reduction == .mean ? Scalar(softmax.rows) : 1
    let eps = Scalar(epsilon)
    let o = softmax.columns
    for r in 0..<softmax.rows {
      let (p, y, dz2) = (p + r &* o, y + r &* o, dz2 + r &* o)
      switch (semantics, eps == 0) {
      case (.notebook, _):
        for c in 0..<o { dz2[c] = (p[c] - y[c]) / scale }
      case (.reference, true):
        var targetSum: Scalar = 0
        for c in 0..<o { targetSum += y[c] }
        for c in 0..<o { dz2[c] = (p[c] * targetSum - y[c]) / scale }
      case (.reference, false):
        var gp: Scalar = 0
        for c in 0..<o {
          g[c] = -y[c] / (p[c] + eps) / scale
          gp += g[c] * p[c]
        }
        for c in 0..<o { dz2[c] = p[c] * (g[c] - gp) }
      }
    }
  }
}
