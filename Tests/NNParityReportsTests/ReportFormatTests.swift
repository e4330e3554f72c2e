import Foundation
import NNParityAudit
import NNParityReports
import NNParityTestSupport
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// The JUnit and HTML renderings of audits run in-process, the XML read back by a real
/// parser.
@Suite("Report formats: JUnit and HTML")
struct ReportFormatTests {
  @Test(
    "JUnit XML parses; one test case per golden and per family; a failure names the case and its numbers"
  )
  func junit() throws {
    try TestFiles.withTemporaryDirectory { scratch in
      let (report, _, nudged, _) = try Audits.ofNudgedBatch(in: scratch)
      let document = try XMLDocument(data: Data(report.junit().utf8))
      let root = try #require(document.rootElement())
      #expect(root.name == "testsuites")
      let cases = try root.nodes(forXPath: "//testcase").compactMap { $0 as? XMLElement }
      let names = cases.compactMap { $0.attribute(forName: "name")?.stringValue }
      // The folder holds two goldens; each is a test case of its own.
      #expect(names.contains("edge-batch-1") && names.contains("edge-hidden-1"), "\(names)")
      #expect(
        cases.contains { $0.attribute(forName: "classname")?.stringValue == "finite differences" })
      #expect(cases.contains { $0.attribute(forName: "classname")?.stringValue == "invariants" })
      let failing = cases.filter { !$0.elements(forName: "failure").isEmpty }
      let batch = try #require(
        failing.first { $0.attribute(forName: "name")?.stringValue == "edge-batch-1" })
      let failure = try #require(batch.elements(forName: "failure").first)
      let message = failure.attribute(forName: "message")?.stringValue ?? ""
      #expect(
        message.contains("edge-batch-1") && message.contains("2 of 3 elements beyond"),
        "\(message)")
      #expect(failure.stringValue?.contains("\(nudged[0])") == true, "the expected value is there")
      #expect(!failing.contains { $0.attribute(forName: "name")?.stringValue == "edge-hidden-1" })
      #expect(root.attribute(forName: "failures")?.stringValue == "\(failing.count)")
      #expect(root.attribute(forName: "tests")?.stringValue == "\(cases.count)")
    }
  }

  @Test("a JUnit failure names the subject under audit; an invariant checked on no case is skipped")
  func junitSubject() throws {
    let report = Audits.run {
      $0.goldenFilter = NamePattern("edge-batch-1")
      $0.subject = CommandSubject(command: "false")
    }
    let document = try XMLDocument(data: Data(report.junit().utf8))
    let failure = try #require(
      try document.nodes(forXPath: "//testcase[@name='edge-batch-1']/failure").first
        as? XMLElement)
    let message = failure.attribute(forName: "message")?.stringValue ?? ""
    #expect(message.contains("edge-batch-1: false differs from NumPy (golden)"), "\(message)")
    #expect(!message.contains("Swift"), "\(message)")
    // The subject gave no result, so no invariant was checked: none is a passing test.
    let invariants = try document.nodes(forXPath: "//testcase[@classname='invariants']")
      .compactMap { $0 as? XMLElement }
    #expect(invariants.count == 3)
    for invariant in invariants {
      #expect(
        !invariant.elements(forName: "skipped").isEmpty,
        "\(invariant.attribute(forName: "name")?.stringValue ?? "")")
    }
  }

  @Test("the HTML report is one self-contained file with a plot per family and tensor")
  func html() throws {
    try TestFiles.withTemporaryDirectory { scratch in
      let page = try Audits.ofNudgedBatch(in: scratch).report.html()
      #expect(page.hasPrefix("<!DOCTYPE html>"))
      for forbidden in ["<script", "<link", "src=", "https://", "url("] {
        #expect(!page.contains(forbidden), "nothing fetched: \(forbidden)")
      }
      // Both goldens are float32 (one family) with the four evaluation tensors, plus the
      // training tensors of the cases that train; at least the four evaluation plots.
      let plots = page.components(separatedBy: "<svg class=\"plot\"").count - 1
      #expect(plots >= 4, "\(plots) plots")
      #expect(page.contains("aria-label=\"goldens float32 probs\""))
      // The nudged case is drawn as a failing point, and named in its tooltip.
      #expect(page.contains("<circle class=\"fail\""))
      #expect(page.contains("<title>edge-batch-1: "))
      // The failure text and the tables follow.
      #expect(page.contains("<pre class=\"failure\">edge-batch-1: Swift differs"))
      #expect(page.contains("<table>"))
    }
  }
}
