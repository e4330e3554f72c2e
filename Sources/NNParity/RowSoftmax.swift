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
  public init(logits z: Matrix<Scalar>) {
    var shifted = z
    var probabilities = z
    var logRowSums = [Scalar](repeating: 0, count: z.rows)
    let o = z.columns
    for r in 0..<z.rows {
      let row = (r * o)..<((r + 1) * o)
      var rowMax = -Scalar.infinity
      for i in row { rowMax = Swift.max(rowMax, z.elements[i]) }
      var sum: Scalar = 0
      for i in row {
        shifted.elements[i] = z.elements[i] - rowMax
        probabilities.elements[i] = Scalar.exp(shifted.elements[i])
        sum += probabilities.elements[i]
      }
      for i in row { probabilities.elements[i] /= sum }
      logRowSums[r] = Scalar.log(sum)
    }
    self.probabilities = probabilities
    self.shifted = shifted
    self.logRowSums = logRowSums
  }

  /// `log p` at a row-major element index, from the log-softmax form.
  public func logProbability(at index: Int) -> Scalar {
    shifted.elements[index] - logRowSums[index / probabilities.columns]
  }

  /// The whole log-softmax matrix.
  public var logProbabilities: Matrix<Scalar> {
    var result = shifted
    for i in result.elements.indices { result.elements[i] = logProbability(at: i) }
    return result
  }
}
