import NNParity
import NNParityCases

/// How far one case's result is from an invariant, and the bound it is held to.
package struct InvariantCheck: Sendable, Equatable {
  /// The largest deviation, scaled as the bound is.
  package let deviation: Double
  package let bound: Double

  /// Whether the invariant holds within its bound (never for a NaN deviation).
  package var holds: Bool { deviation <= bound }
}

/// Properties that hold exactly in real arithmetic, checked on any result: what the audit
/// checks on every case besides comparing numbers. Each is nil where it does not apply.
package enum Invariants {
  /// Every probability row sums to 1.
  package static func probabilityRows(_ c: NetworkCase, _ result: CaseResult) -> InvariantCheck? {
    guard let probs = result.tensors[.probs], probs.shape.count == 2 else { return nil }
    let columns = probs.shape[1]
    var worst = 0.0
    for r in 0..<probs.shape[0] {
      let sum = probs.values[(r * columns)..<((r + 1) * columns)].reduce(0, +)
      worst = max(worst, abs(sum - 1))
    }
    return InvariantCheck(deviation: worst, bound: Tolerances.invariant(c.dtype).scaledBound)
  }

  /// SGD keeps the row sums of w2 when every row of dz2 sums to 0: ε = 0 and `reference`
  /// (any targets), or `notebook` with target rows that sum to 1.
  package static func w2RowSums(_ c: NetworkCase, _ result: CaseResult) -> InvariantCheck? {
    guard c.training != nil, c.loss.epsilon == 0, let trained = result.tensors[.trainedW2] else {
      return nil
    }
    if c.semantics == .notebook {
      guard c.y.rowSums.allSatisfy({ $0 == 1 }) else { return nil }
    }
    let columns = c.w2.columns
    var worst = 0.0
    let scale = max(trained.values.map(abs).max() ?? 0, c.w2.elements.map(abs).max() ?? 0, 1)
    for (r, before) in c.w2.rowSums.enumerated() {
      let after = trained.values[(r * columns)..<((r + 1) * columns)].reduce(0, +)
      worst = max(worst, abs(after - before) / scale)
    }
    // Each epoch adds rounding of one update per element.
    let epochs = Double(c.training?.configuration.epochs ?? 1)
    return InvariantCheck(
      deviation: worst, bound: Tolerances.invariant(c.dtype).scaledBound * epochs)
  }

  /// A hidden unit with z1 ≤ 0 for every sample gets an exactly zero column of gW1 and
  /// row of gW2.
  package static func deadUnits(_ c: NetworkCase, _ result: CaseResult) -> InvariantCheck? {
    guard let g1 = result.tensors[.gradW1], let g2 = result.tensors[.gradW2] else { return nil }
    let z1: Matrix<Double> = {
      switch c.dtype {
      case .float32:
        Matrix.product(c.x.converted(to: Float.self), c.w1.converted(to: Float.self))
          .converted(to: Double.self)
      case .float64: Matrix.product(c.x, c.w1)
      }
    }()
    let (inputs, hidden, outputs) = (c.w1.rows, c.w1.columns, c.w2.columns)
    let dead = (0..<hidden).filter { j in (0..<z1.rows).allSatisfy { z1[$0, j] <= 0 } }
    guard !dead.isEmpty else { return nil }
    var worst = 0.0
    for j in dead {
      for i in 0..<inputs { worst = max(worst, abs(g1.values[i * hidden + j])) }
      for o in 0..<outputs { worst = max(worst, abs(g2.values[j * outputs + o])) }
    }
    return InvariantCheck(deviation: worst, bound: 0)
  }
}
