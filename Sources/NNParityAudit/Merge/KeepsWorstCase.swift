/// A summary that keeps the worst case it has seen, which a merge keeps as one run would
/// (`Merging.takesOther`).
protocol KeepsWorstCase {
  /// The worst case's value, as the summary's `add` compared it, and its position; nil
  /// before any case.
  var worstCandidate: (value: Double, position: Int)? { get }
  /// Takes `other`'s worst case and its figures.
  mutating func takeWorst(of other: Self)
}

extension KeepsWorstCase {
  /// Keeps the worst of this summary's and `other`'s worst cases.
  mutating func mergeWorst(_ other: Self) {
    if Merging.takesOther(mine: worstCandidate, other: other.worstCandidate) {
      takeWorst(of: other)
    }
  }
}
