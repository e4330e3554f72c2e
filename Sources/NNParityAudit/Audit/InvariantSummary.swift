import NNParity
import NNParityCases
import NNParityJudging

/// One invariant checked over many cases.
package struct InvariantSummary: Sendable, Equatable {
  /// What holds, in words.
  package internal(set) var name: String
  /// Cases it applied to.
  package internal(set) var cases = 0
  /// The largest deviation seen (0 for exact invariants), scaled as the bound is.
  package internal(set) var worstDeviation = 0.0
  package internal(set) var worstCase = ""
  /// Case names where it did not hold.
  package internal(set) var failures: [CheckFailure] = []

  package init(name: String) { self.name = name }

  package var passed: Bool { failures.isEmpty }

  package mutating func record(caseName: String, deviation: Double, bound: Double) {
    cases += 1
    if deviation >= worstDeviation {
      worstDeviation = deviation
      worstCase = caseName
    }
    if !(deviation <= bound) {
      failures.append(
        CheckFailure(
          caseName: caseName, measure: "deviation", value: deviation, bound: bound,
          text: deviation.shortDescription))
    }
  }
}

/// The invariants the audit checks on every case's Swift result.
enum Invariants {
  /// Every probability row sums to 1.
  static func probabilityRows(
    _ c: NetworkCase, _ result: CaseResult, into summary: inout InvariantSummary
  ) {
    guard let probs = result.tensors[.probs], probs.shape.count == 2 else { return }
    let columns = probs.shape[1]
    var worst = 0.0
    for r in 0..<probs.shape[0] {
      let sum = probs.values[(r * columns)..<((r + 1) * columns)].reduce(0, +)
      worst = max(worst, abs(sum - 1))
    }
    summary.record(
      caseName: c.name ?? "unnamed", deviation: worst,
      bound: Tolerances.invariant(c.dtype).scaledBound)
  }

  /// SGD keeps the row sums of w2 when every row of dz2 sums to 0: ε = 0 and `reference`
  /// (any targets), or `notebook` with target rows that sum to 1.
  static func w2RowSums(
    _ c: NetworkCase, _ result: CaseResult, into summary: inout InvariantSummary
  ) {
    guard c.training != nil, c.loss.epsilon == 0, let trained = result.tensors[.trainedW2] else {
      return
    }
    if c.semantics == .notebook {
      guard c.y.rowSums.allSatisfy({ $0 == 1 }) else { return }
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
    summary.record(
      caseName: c.name ?? "unnamed", deviation: worst,
      bound: Tolerances.invariant(c.dtype).scaledBound * epochs)
  }

  /// A hidden unit with z1 ≤ 0 for every sample gets an exactly zero column of gW1 and
  /// row of gW2.
  static func deadUnits(
    _ c: NetworkCase, _ result: CaseResult, into summary: inout InvariantSummary
  ) {
    guard let g1 = result.tensors[.gradW1], let g2 = result.tensors[.gradW2] else { return }
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
    guard !dead.isEmpty else { return }
    var worst = 0.0
    for j in dead {
      for i in 0..<inputs { worst = max(worst, abs(g1.values[i * hidden + j])) }
      for o in 0..<outputs { worst = max(worst, abs(g2.values[j * outputs + o])) }
    }
    summary.record(caseName: c.name ?? "unnamed", deviation: worst, bound: 0)
  }
}
