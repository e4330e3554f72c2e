import Foundation
import NNParity
import NNParityAudit
import NNParityCases
import NNParityJudging
import NNParityReports
import NNParityTestSupport
import Testing

/// The text and JSON renderings of audits run in-process: the wording a reader acts on, the
/// layout, and the JSON's fields.
@Suite("Report text and JSON of an audit")
struct AuditRenderingTests {
  /// The text report's three lengths: `--quiet`, the default one screen, `--verbose`.
  enum Length: String, CaseIterable, CustomTestStringConvertible {
    case quiet, summary, verbose
    var testDescription: String { rawValue }
  }

  @Test(
    "the text fits in 100 columns, says each note once, has no colour unstyled, and says why live NumPy was skipped",
    arguments: Length.allCases, [false, true])
  func terminalText(length: Length, live: Bool) throws {
    try TestFiles.withTemporaryDirectory { scratch in
      let folder = try GoldenFolders.make(GoldenFolders.sample, in: scratch)
      let report = Audits.run(
        folder.path, live: live ? StandInReference.live() : Audits.goldensOnly
      ) { $0.randomCount = 3 }
      #expect(report.passed, "\(report.failureLines())")
      let text = report.text(quiet: length == .quiet, verbose: length == .verbose, width: 100)
      let lines = text.split(separator: "\n")
      let wide = lines.filter { $0.count > 100 }
      #expect(wide.isEmpty, "\(wide)")
      let explanation = "is not the derivative of its own loss"
      let explanations = lines.filter { $0.contains(explanation) }.count
      // The notebook's known property is explained once with the tables, else not at all.
      #expect(explanations == (length == .verbose ? 1 : 0), "\(text)")
      #expect(!text.contains("\u{1B}["))
      #expect(lines.last?.hasPrefix("PASSED: 3 goldens, \(live ? 3 : 0) live, ") == true)
      if !live {
        // The verdict says what was skipped; the line before it says why, even when quiet.
        #expect(text.flattened.contains("NumPy unavailable: NNPARITY_PYTHON=none"))
        #expect(lines.last?.contains("skipped: live NumPy — ") == true, "\(lines.last ?? "")")
      }
    }
  }

  @Test("quiet text keeps every failure and ends with the counted verdict")
  func quietKeepsFailures() throws {
    try TestFiles.withTemporaryDirectory { scratch in
      let folder = try GoldenFolders.make(["edge-batch-1"], in: scratch)
      try GoldenFolders.edit("edge-batch-1", in: folder) { golden in
        var expected = golden["expected"] as? [String: Any] ?? [:]
        expected["loss"] = (try #require(expected["loss"] as? Double)) * 2
        golden["expected"] = expected
      }
      let lines = Audits.run(folder.path).text(quiet: true).split(separator: "\n")
      #expect(lines.contains { $0.contains("edge-batch-1") && $0.contains("differs") })
      #expect(lines.contains { $0.hasPrefix("  loss: 1 of 1 elements beyond") })
      #expect(
        lines.last?.hasPrefix(
          "FAILED (1 golden failed, 1 exact-oracle tensor failed): 1 goldens, 0 live, ") == true,
        "\(lines.last ?? "")")
      #expect(lines.contains { $0.contains("NumPy (golden) against the exact value: loss") })
    }
  }

  @Test("a failing golden says which side is which, k of n, the worst elements, how to reproduce")
  func failureText() throws {
    try TestFiles.withTemporaryDirectory { scratch in
      let (report, _, nudged, saved) = try Audits.ofNudgedBatch(
        in: scratch, savingFailures: true)
      let text = report.text(quiet: true)
      #expect(text.contains("edge-batch-1: Swift differs from NumPy (golden)"), "\(text)")
      #expect(text.contains("probs: 2 of 3 elements beyond"), "\(text)")
      #expect(text.contains("probs[0][0]: NumPy (golden) \(nudged[0]), Swift "), "\(text)")
      let file = saved + "/edge-batch-1.json"
      #expect(text.contains("reproduce: nnparity evaluate \(file)"), "\(text)")
      #expect(text.contains("python3 reference/nnparity_reference.py \(file)"), "\(text)")
      #expect(!text.contains("edge-hidden-1: Swift differs"), "only the failing golden")
    }
  }

  /// `report`'s JSON, read back as Foundation objects.
  static func json(_ report: AuditReport) throws -> [String: Any] {
    let text = report.json().serialized()
    return try #require(
      try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(text)")
  }

  @Test("JSON failures are fields; the JSON names its schema and the tool's version")
  func jsonFailure() throws {
    try TestFiles.withTemporaryDirectory { scratch in
      let (audit, _, nudged, _) = try Audits.ofNudgedBatch(in: scratch)
      let report = try Self.json(audit)
      #expect(report["schema"] as? String == "nnparity.audit/1")
      #expect((report["tool"] as? [String: Any])?["version"] as? String == NNParityVersion.current)
      #expect(report["passed"] as? Bool == false)
      let goldens = try #require(report["goldens"] as? [[String: Any]])
      let failures = goldens.flatMap { ($0["failures"] as? [[String: Any]]) ?? [] }
      try #require(failures.count == 1, "\(failures)")
      let failure = failures[0]
      #expect(failure["case"] as? String == "edge-batch-1")
      #expect(failure["expected_side"] as? String == "NumPy (golden)")
      #expect(failure["actual_side"] as? String == "Swift")
      let tensors = try #require(failure["tensors"] as? [[String: Any]])
      let probs = try #require(tensors.first { $0["tensor"] as? String == "probs" })
      #expect(probs["count_beyond"] as? Int == 2)
      #expect(probs["elements"] as? Int == 3)
      #expect(probs["bound"] as? Double == Tolerances.parity(.float32, .probs).scaledBound)
      let worst = try #require((probs["worst"] as? [[String: Any]])?.first)
      #expect(worst["index"] as? [Int] == [0, 0])
      #expect(worst["expected"] as? Double == nudged[0])
      #expect((worst["scaled_error"] as? Double ?? 0) > (probs["bound"] as? Double ?? .infinity))
      let reproduce = try #require(failure["reproduce"] as? [String])
      #expect(reproduce.contains { $0.hasPrefix("python3 reference/nnparity_reference.py") })
      // No free text with line breaks anywhere in the failure.
      let serialized = try JSONSerialization.data(withJSONObject: failure)
      #expect(!String(decoding: serialized, as: UTF8.self).contains("\\n"))
      // The nudged golden is also off its exact values: that failure is fields too.
      let exact = try #require(report["exact_oracle"] as? [[String: Any]])
      let exactFailures = exact.flatMap { ($0["failures"] as? [[String: Any]]) ?? [] }
      #expect(
        exactFailures.contains {
          $0["case"] as? String == "edge-batch-1"
            && $0["measure"] as? String == "NumPy (golden) against the exact value"
            && ($0["value"] as? Double ?? 0) > ($0["bound"] as? Double ?? .infinity)
        }, "\(exactFailures)")
    }
  }

  @Test("the JSON's live section: throughput when live cases ran, null and why when not")
  func jsonLive() throws {
    try TestFiles.withTemporaryDirectory { scratch in
      let folder = try GoldenFolders.make(["edge-batch-1"], in: scratch)
      let ran = try Self.json(
        Audits.run(folder.path, live: StandInReference.live()) {
          $0.randomCount = 3
        })
      let live = try #require(ran["live"] as? [String: Any])
      #expect(live["ran"] as? Bool == true)
      #expect((live["cases_per_second"] as? Double ?? 0) > 0)
      #expect((live["seconds"] as? Double ?? 0) > 0)
      #expect((ran["numpy"] as? [String: Any])?["available"] as? Bool == true)
      let skipped = try Self.json(Audits.run(folder.path) { $0.randomCount = 3 })
      let none = try #require(skipped["live"] as? [String: Any])
      #expect(none["ran"] as? Bool == false)
      #expect(none["cases_per_second"] is NSNull && none["seconds"] as? Double == 0)
      let numpy = try #require(skipped["numpy"] as? [String: Any])
      #expect(numpy["available"] as? Bool == false)
      #expect(numpy["reason"] as? String == "NNPARITY_PYTHON=none")
      #expect(none["skipped_reason"] as? String == "NNPARITY_PYTHON=none")
    }
  }

  @Test("the JSON says which kernels ran the bundled network, and the subject")
  func jsonKernels() throws {
    try TestFiles.withTemporaryDirectory { scratch in
      let folder = try GoldenFolders.make(["edge-batch-1"], in: scratch)
      let report = try Self.json(Audits.run(folder.path))
      #expect(report["subject"] as? String == "Swift")
      let kernels = try #require(report["kernels"] as? [String: Any])
      #expect(kernels["set"] as? String == KernelInstructionSet.active.rawValue)
      #expect(kernels["reason"] as? String == KernelInstructionSet.activeReason)
      let other = try Self.json(Audits.run(folder.path) { $0.subject = TestImplementation() })
      #expect(other["subject"] as? String == "an implementation under test")
      #expect(other["kernels"] is NSNull)
    }
  }
}
