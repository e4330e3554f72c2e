import NNParity
import NNParityAudit
import NNParityCases
import NNParityJudging

extension AuditReport {
  /// The verdict line, pytest-style: what ran, what was skipped and how long it took, e.g.
  /// `PASSED: 96 goldens, 100 live, 146 finite-difference cases, 3 invariants; skipped:
  /// live NumPy — 2.4 s`.
  package var verdict: String {
    let ran = [
      "\(goldenCases) goldens", "\(liveCases) live",
      "\(finiteDifferenceCases) finite-difference cases", "\(invariantsChecked) invariants",
    ].joined(separator: ", ")
    let skips = skipped.isEmpty ? "" : "; skipped: " + skipped.joined(separator: ", ")
    let time = " — " + String(format: "%.1f s", seconds)
    // A shard's verdict says so: the audit's is the merged report's.
    let part = shard.map { "shard \($0.shard.index) of \($0.shard.count)" }
    guard !passed else { return "PASSED\(part.map { " (\($0))" } ?? ""): \(ran)\(skips)\(time)" }
    var why = failureCounts
    if !missingEvidence.isEmpty { why.insert("not enough evidence", at: 0) }
    let reasons = why.joined(separator: ", ")
    return "FAILED (\(part.map { "\($0); " } ?? "")\(reasons)): \(ran)\(skips)\(time)"
  }

  /// "2 goldens failed", "1 exact-oracle tensor failed", … for the verdict line.
  private var failureCounts: [String] {
    let counts: [(String, Int)] = [
      ("golden", goldens.reduce(0) { $0 + $1.failures.count }),
      ("live case", live.reduce(0) { $0 + $1.failures.count }),
      ("finite-difference family", finiteDifferences.filter { !$0.passed }.count),
      ("invariant", invariants.filter { !$0.passed }.count),
      ("exact-oracle tensor", exact.filter { !$0.passed }.count),
      ("biased tensor", bias.filter { !$0.passed }.count),
      ("unreadable file", loadErrors.count),
      ("user case without a result", subjectErrors.count),
    ]
    return counts.filter { $0.1 > 0 }.map { noun, count in
      let plural = noun.hasSuffix("y") ? noun.dropLast() + "ies" : noun + "s"
      return "\(count) \(count == 1 ? noun : String(plural)) failed"
    }
  }
}

extension AuditReport {
  /// Every failure, one line each (a case's message may span lines): what `--quiet` keeps.
  package func failureLines(raising: LimitSetting = noLimitSetting) -> [String] {
    missingEvidence.map { "FAIL (evidence): \($0)" } + loadErrorLines(raising: raising)
      + subjectErrors.map(\.message)
      + (goldens + live).flatMap { $0.failures.map(\.message) }
      + finiteDifferences.flatMap(\.failures).map(\.description)
      + invariants.flatMap(\.notes) + exact.flatMap(\.failures).map(\.description)
      + bias.filter { !$0.passed }.map(\.failureLine)
  }
}

/// Names the setting that raises an input limit (a command's flag), for the errors of files
/// over one; nil says nothing.
package typealias LimitSetting = @Sendable (InputLimit) -> String?

/// No setting named.
package let noLimitSetting: LimitSetting = { _ in nil }

extension AuditReport {
  /// A line per file that could not be read.
  func loadErrorLines(raising: LimitSetting) -> [String] {
    loadErrors.map { "cannot read: \($0.description(raising: raising))" }
  }
}
