import NNParity
import NNParityAudit
import NNParityReports
import NNParityTestSupport
import Testing

@testable import NNParityCases

/// The default text report is one screen: a line per family, every failure in full, the
/// verdict; `--verbose` has every table.
@Suite("The one-screen report")
struct SummaryReportTests {
  static func audit(_ subject: any AuditSubject = BundledNetwork(), filter: String? = nil)
    -> AuditReport
  {
    var options = AuditOptions(goldenDirectory: GoldenFolders.package.path)
    options.randomCount = 100
    options.subject = subject
    options.goldenFilter = filter.map(NamePattern.init)
    return Auditor(
      options: options, live: StandInReference.live()
    ).run()
  }

  @Test("a passing audit fits in 40 lines: a line per family, then the verdict")
  func passing() throws {
    let report = Self.audit()
    #expect(report.passed, "\(report.failureLines())")
    let lines = report.text().split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.count <= 40, "\(lines.count) lines")
    for family in report.goldens + report.live {
      #expect(
        lines.contains { $0.hasPrefix(family.name + " ") && $0.contains("\(family.cases) cases") },
        "\(family.name)")
    }
    #expect(lines.contains { $0.hasPrefix("finite differences: ") })
    #expect(lines.contains("invariants: 3 of 3 hold"))
    #expect(lines.last?.hasPrefix("PASSED: ") == true)
    #expect(!lines.contains { $0.hasPrefix("Goldens: ") }, "a table in the one-screen report")
    #expect(report.text(verbose: true).contains("Goldens: Swift against the committed NumPy"))
  }

  @Test("a failing audit prints every failure in full, whatever its length")
  func failing() throws {
    let report = Self.audit(
      TestImplementation.lossTimes(1 + 1e-9, name: "nudged"), filter: "notebook")
    #expect(!report.passed)
    let text = report.text()
    let failures = (report.goldens + report.live).flatMap(\.failures)
    #expect(failures.count >= 2)
    // Long lines wrap at the screen's width, so the words are compared, not the line breaks.
    let words = Self.words(text)
    for failure in failures {
      for line in failure.message.split(separator: "\n") where !line.contains("reproduce") {
        #expect(words.contains(Self.words(String(line))), "\(line)")
      }
    }
    #expect(text.split(separator: "\n").last?.hasPrefix("FAILED (") == true)
  }

  static func words(_ text: String) -> String {
    text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
  }
}
