import NNParity
import NNParityCases

/// Searches for a smaller case that still fails: fewer epochs, rows, outputs, inputs and
/// hidden units (whole chunks first, then one at a time, as delta debugging does), then
/// simpler dropout, then simpler values (0, ±1, small integers), round after round until
/// nothing shrinks or the probe's budget is spent. Each step keeps the first candidate, in
/// a fixed order, that still fails, so the result is the same every run.
struct CaseShrinker {
  private(set) var probe: FailureProbe
  /// The smallest failing case so far and its failure.
  private(set) var current: NetworkCase
  private(set) var failure: CaseFailure

  init(probe: FailureProbe, failing start: NetworkCase, failure: CaseFailure) {
    self.probe = probe
    current = start
    self.failure = failure
  }

  /// Shrinks until a whole round changes nothing or the budget is spent.
  mutating func shrink() {
    var changed = true
    while changed && probe.remaining > 0 {
      changed = false
      if current.training != nil {
        var untrained = current
        untrained.training = nil
        changed = accept(probe.first([untrained])) || changed
      }
      for dimension in CaseDimension.allCases { changed = shrink(dimension) || changed }
      changed = accept(probe.first(current.simplerDropout)) || changed
      for matrix in CaseMatrix.allCases {
        for replacement in Replacement.allCases {
          changed = simplify(matrix, replacement) || changed
        }
      }
    }
  }

  /// Keeps `found`, when there is one.
  private mutating func accept(_ found: (NetworkCase, CaseFailure)?) -> Bool {
    guard let found else { return false }
    (current, failure) = found
    return true
  }

  /// Removes chunks of `dimension`, halving the chunk until single indices, keeping one.
  private mutating func shrink(_ dimension: CaseDimension) -> Bool {
    var changed = false
    var n = current.count(of: dimension)
    // No chunk larger than what may go, so that every candidate keeps the minimum.
    var size = min(n / 2, n - dimension.minimum)
    while size >= 1, n > dimension.minimum, probe.remaining > 0 {
      let candidates = stride(from: 0, to: n, by: size).map { start in
        current.removing(Set(start..<min(start + size, n)), of: dimension)
      }
      if accept(probe.first(candidates)) {
        changed = true
        n = current.count(of: dimension)
        size = min(size, n / 2, n - dimension.minimum)
      } else {
        size /= 2
      }
    }
    return changed
  }

  /// Replaces elements of `matrix` with simpler values: all at once when the case still
  /// fails so, else every single change that keeps it failing, together when they do.
  private mutating func simplify(_ matrix: CaseMatrix, _ replacement: Replacement) -> Bool {
    var changed = false
    while probe.remaining > 0 {
      let changes = current.simplerElements(of: matrix, replacement: replacement)
      guard !changes.isEmpty else { break }
      if accept(probe.first([current.changing(matrix, changes)])) { return true }
      guard changes.count > 1 else { break }
      let singles = changes.map { current.changing(matrix, [$0]) }
      let failing = probe.all(singles)
      guard let first = failing.first else { break }
      changed = true
      let together = current.changing(matrix, failing.map { changes[$0.index] })
      if failing.count == 1 || !accept(probe.first([together])) {
        (current, failure) = (singles[first.index], first.failure)
      }
    }
    return changed
  }
}
