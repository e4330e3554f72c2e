/// The stable row-wise softmax of a logit matrix, and its log-softmax.
///
/// `p = exp(z − rowmax) / rowsum` and `log p = z − rowmax − log rowsum`, where
/// `rowsum = Σ exp(z − rowmax)`: no overflow for any finite logits, and the log stays
/// finite when a probability underflows to zero.
public struct RowSoftmax<Scalar: NetworkScalar>: Sendable {
  /// The probabilities, one row per sample.
  public let probabilities: Matrix<Scalar>
  /// `z − rowmax`, kept for the log-softmax.
  let shifted: Matrix<Scalar>
  /// `log rowsum(exp(z − rowmax))` for each row.
  let logRowSums: [Scalar]

  /// The softmax of each row of `logits`.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public init(logits z: Matrix<Scalar>) {
    var shifted = z
    var probabilities = z
    var logRowSums = [Scalar](repeating: 0, count: z.rows)
    shifted.withUnsafeMutableElements { s in
      probabilities.withUnsafeMutableElements { p in
        logRowSums.withUnsafeMutableBufferPointer { l in
          guard let s = s.baseAddress, let p = p.baseAddress, let l = l.baseAddress else { return }
          Self.compute(
            shifting: s, rows: z.rows, columns: z.columns, probabilities: p, logRowSums: l)
        }
      }
    }
    self.probabilities = probabilities
    self.shifted = shifted
    self.logRowSums = logRowSums
  }

  /// The softmax on raw row-major buffers: `logits` (rows × columns) is replaced by
  /// `z − rowmax`, and `probabilities` and `logRowSums` (one per row) are written.
  ///
  /// Per row: the maximum, then `exp` of each shifted logit, summed in order, then each
  /// divided by the sum.
  static func compute(
    shifting logits: UnsafeMutablePointer<Scalar>, rows: Int, columns: Int,
    probabilities: UnsafeMutablePointer<Scalar>, logRowSums: UnsafeMutablePointer<Scalar>
  ) {
    for r in 0..<rows {
      let z = logits + r &* columns
      let p = probabilities + r &* columns
      var rowMax = -Scalar.infinity
      for c in 0..<columns { rowMax = Swift.max(rowMax, z[c]) }
      var sum: Scalar = 0
      for c in 0..<columns {
        z[c] = z[c] - rowMax
        p[c] = Scalar.exp(z[c])
        sum += p[c]
      }
      for c in 0..<columns { p[c] /= sum }
      logRowSums[r] = Scalar.log(sum)
    }
  }

  /// `log p` at a row-major element index, from the log-softmax form.
  public func logProbability(at index: Int) -> Scalar {
    shifted.elements[index] - logRowSums[index / probabilities.columns]
  }
}
