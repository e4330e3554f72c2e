import NNParity

/// "Did you mean …?" for a misspelt key: the known key closest to it by edit distance.
///
/// `reference/case_reader.py` (`_suggest`) applies the same rule, so both readers
/// print the same suggestion: the first known key, in the contract's order, at the
/// smallest Levenshtein distance, when that distance is at most 2 and less than the
/// key's length.
package enum KeySuggestion {
  /// The suggested key, or nil when no known key is close.
  package static func closest(to key: String, among known: [String]) -> String? {
    let typed = Array(key.unicodeScalars)
    var best: (key: String, distance: Int)?
    for candidate in known {
      let distance = levenshtein(typed, Array(candidate.unicodeScalars))
      if distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
    }
    guard let best, best.distance <= 2, best.distance < typed.count else { return nil }
    return best.key
  }

  /// The "unknown field" message, with the suggestion when there is one.
  static func unknownFieldMessage(_ key: String, known: [String]) -> String {
    guard let suggestion = closest(to: key, among: known) else { return "unknown field" }
    return "unknown field; did you mean \(suggestion)?"
  }

  /// Insertions, deletions and substitutions turning `a` into `b`.
  static func levenshtein(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
    if a.isEmpty { return b.count }
    var previous = Array(0...b.count)
    var current = previous
    for i in 1...a.count {
      current[0] = i
      for j in stride(from: 1, through: b.count, by: 1) {
        let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
        current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
      }
      swap(&previous, &current)
    }
    return previous[b.count]
  }
}
