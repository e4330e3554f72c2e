import NNParity

extension NetworkCase {
  /// For each gradient tensor, the largest magnitude of the terms that are summed to form
  /// an element: `|a1|ᵀ·|dz2|` for gW2 and `|x|ᵀ·((|dz2|·|w2|ᵀ) ⊙ [z1 > 0])` for gW1, with
  /// `|dz2|` itself the magnitude of its terms.
  ///
  /// A sum that cancels keeps the rounding errors of its terms: when logits are 800 apart,
  /// `dz2 · w2ᵀ` adds products of size ~100 to get 0.2, and float32 then fixes that 0.2
  /// only to ~1e-5 absolute, whatever the order of operations. Comparing against the
  /// larger of this scale and the tensor's own largest magnitude keeps the bound honest
  /// for such ill-conditioned cases and unchanged for well-conditioned ones (where the
  /// two scales are equal up to a small factor).
  public var conditionScales: [TensorName: Double] {
    let (x, y, network) = roundedInputs
    let forward = network.forward(x, dropout: nil, semantics: semantics)
    let p = forward.softmax.probabilities
    var dz2 = Matrix<Double>(rows: p.rows, columns: p.columns)
    let batch = loss.reduction == .mean ? Double(p.rows) : 1
    for r in 0..<p.rows {
      let targetSum = (0..<p.columns).map { y[r, $0] }.reduce(0, +)
      if semantics == .reference && loss.epsilon > 0 {
        let g = (0..<p.columns).map { y[r, $0] / (p[r, $0] + loss.epsilon) / batch }
        let gp = zip(g, (0..<p.columns).map { p[r, $0] }).map { $0 * $1 }.reduce(0, +)
        for c in 0..<p.columns { dz2[r, c] = p[r, c] * (g[c] + gp) }
      } else {
        let pScale = semantics == .reference ? targetSum : 1
        for c in 0..<p.columns { dz2[r, c] = (p[r, c] * pScale + y[r, c]) / batch }
      }
    }
    let absolute = { (m: Matrix<Double>) in m.map(abs) }
    let gradW2Terms = Matrix.product(absolute(forward.a1), dz2, transposeA: .transposed)
    var dz1Terms = Matrix.product(dz2, absolute(network.w2), transposeB: .transposed)
    for i in dz1Terms.elements.indices where !(forward.z1.elements[i] > 0) {
      dz1Terms[element: i] = 0
    }
    let gradW1Terms = Matrix.product(absolute(x), dz1Terms, transposeA: .transposed)
    return [
      .gradW1: gradW1Terms.elements.max() ?? 0,
      .gradW2: gradW2Terms.elements.max() ?? 0,
    ]
  }
}
