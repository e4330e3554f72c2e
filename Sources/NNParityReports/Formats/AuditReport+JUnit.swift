import Foundation
import NNParity
import NNParityAudit
import NNParityCases
import NNParityJudging

extension AuditReport {
  /// A JUnit failure's message (one line) and text (one failure per line); nil for none.
  private static func failure(_ lines: [String]) -> (String, String)? {
    lines.isEmpty ? nil : (lines.joined(separator: "; "), lines.joined(separator: "\n"))
  }

  /// The report as JUnit XML for CI dashboards: one test case per golden, one per live,
  /// finite-difference, invariant and exact-oracle family, and one for the evidence (files
  /// that did not read, goldens missing, families that ran nothing). A failure carries the
  /// case's name and its numbers.
  package func junit(raising: LimitSetting = noLimitSetting) -> String {
    var suites = goldens.map { Self.suite(name: $0.name, cases: Self.perCase($0), time: nil) }
    let familyCases = familyCases(raising: raising)
    suites.append(Self.suite(name: "families", cases: familyCases, time: seconds))
    let all = goldens.map(Self.perCase).flatMap { $0 } + familyCases
    let failures = all.filter { $0.failure != nil }.count
    return """
      <?xml version="1.0" encoding="UTF-8"?>
      <testsuites name="nnparity audit \(NNParityVersion.current.xmlEscaped)" tests="\(all.count)" \
      failures="\(failures)" time="\(String(format: "%.3f", seconds))">
      \(suites.joined(separator: "\n"))
      </testsuites>

      """
  }

  /// A test case per live, finite-difference, invariant and exact-oracle family, and one for
  /// the evidence.
  private func familyCases(raising: LimitSetting) -> [JUnitCase] {
    var cases: [JUnitCase] = live.map { family in
      JUnitCase(
        className: "live", name: family.name,
        failure: family.failures.isEmpty
          ? nil
          : (
            "\(family.failures.count) of \(family.cases) cases differ: "
              + family.failures.map(\.caseName).joined(separator: ", "),
            family.failures.map(\.message).joined(separator: "\n\n")
          ))
    }
    if let liveSkippedReason {
      cases.append(JUnitCase(className: "live", name: "live NumPy", skipped: liveSkippedReason))
    }
    cases += finiteDifferences.map { family in
      JUnitCase(
        className: "finite differences", name: family.name,
        failure: Self.failure(family.failures.map(\.description)),
        output: "\(family.cases) cases; worst relative error \(family.worstError.shortDescription) "
          + "at \(family.worstLocation)")
    }
    cases += invariants.map { invariant in
      JUnitCase(
        className: "invariants", name: invariant.name,
        failure: Self.failure(invariant.failures.map(\.description)),
        // Checked on no case is no evidence: not a passing test.
        skipped: invariant.cases == 0 ? "no case this invariant applies to was checked" : nil)
    }
    cases += exact.map { summary in
      JUnitCase(
        className: "exact oracle", name: "\(summary.dtype.rawValue) \(summary.tensor.rawValue)",
        failure: Self.failure(summary.failures.map(\.description)))
    }
    cases += bias.map { summary in
      JUnitCase(
        className: "bias", name: "\(summary.dtype.rawValue) \(summary.tensor.rawValue)",
        failure: Self.failure(summary.passed ? [] : [summary.failureLine]),
        skipped: summary.judged ? nil : "fewer than two elements: no standard error, no verdict",
        output: summary.tableRow.joined(separator: " "))
    }
    let evidence =
      missingEvidence.map(\.description) + loadErrorLines(raising: raising)
      + subjectErrors.map(\.message)
    cases.append(
      JUnitCase(
        className: "evidence", name: "enough evidence, every file read",
        failure: Self.failure(evidence)))
    return cases
  }

  /// One test case per case of a golden family, in the order the cases ran.
  private static func perCase(_ family: FamilySummary) -> [JUnitCase] {
    var names: [String] = []
    var seen: Set<String> = []
    for point in family.tensors.flatMap(\.points)
      + family.failures.map({
        CasePoint(
          caseName: $0.caseName, scaledError: 0, bound: 1, passed: false, explained: false,
          illConditioned: false)
      }) where seen.insert(point.caseName).inserted
    {
      names.append(point.caseName)
    }
    let failures = Dictionary(family.failures.map { ($0.caseName, $0) }) { first, _ in first }
    let explained = Dictionary(family.explained.map { ($0.caseName, $0.explanation) }) { a, _ in a }
    return names.map { name in
      let worst = family.tensors.compactMap { tensor in
        tensor.points.first { $0.caseName == name }.map { (tensor.name, $0) }
      }
      .max { $0.1.ratio < $1.1.ratio }
      let output = worst.map {
        "worst: \($0.0.rawValue) \($0.1.scaledError.shortDescription) against the bound "
          + "\($0.1.bound)"
      }
      guard let failure = failures[name] else {
        return JUnitCase(
          className: family.name, name: name,
          output: [output, explained[name]].compactMap { $0 }
            .joined(separator: "\n"))
      }
      let headline = failure.tensors.map {
        "\($0.name.rawValue): \($0.failingElements) of \($0.count) elements beyond "
          + "\($0.tolerance.scaledBound) \($0.unit), worst \($0.maxScaledError.shortDescription)"
      }
      let message =
        "\(name): \(failure.actualSide) differs from \(failure.expectedSide)"
        + (headline.isEmpty
          ? (failure.error.map { ": " + $0 } ?? "") : ": " + headline.joined(separator: "; "))
      return JUnitCase(className: family.name, name: name, failure: (message, failure.message))
    }
  }

  private static func suite(name: String, cases: [JUnitCase], time: Double?) -> String {
    let failures = cases.filter { $0.failure != nil }.count
    let skipped = cases.filter { $0.skipped != nil }.count
    return "  <testsuite name=\"\(name.xmlEscaped)\" tests=\"\(cases.count)\" "
      + "failures=\"\(failures)\" skipped=\"\(skipped)\" errors=\"0\""
      + (time.map { " time=\"\(String(format: "%.3f", $0))\"" } ?? "") + ">\n"
      + cases.map(\.xml).joined() + "  </testsuite>"
  }
}

/// One JUnit test case.
private struct JUnitCase {
  var className: String
  var name: String
  var failure: (message: String, text: String)?
  var skipped: String?
  var output = ""

  init(
    className: String, name: String, failure: (String, String)? = nil, skipped: String? = nil,
    output: String = ""
  ) {
    self.className = className
    self.name = name
    self.failure = failure
    self.skipped = skipped
    self.output = output
  }

  var xml: String {
    var body = ""
    if let failure {
      body +=
        "      <failure message=\"\(failure.message.xmlEscaped)\" type=\"parity\">"
        + failure.text.xmlEscaped + "</failure>\n"
    }
    if let skipped { body += "      <skipped message=\"\(skipped.xmlEscaped)\"/>\n" }
    if !output.isEmpty { body += "      <system-out>\(output.xmlEscaped)</system-out>\n" }
    let open = "    <testcase classname=\"\(className.xmlEscaped)\" name=\"\(name.xmlEscaped)\""
    return body.isEmpty ? open + "/>\n" : open + ">\n" + body + "    </testcase>\n"
  }
}
