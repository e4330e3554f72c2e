import Foundation
import NNParity
import NNParityAudit
import NNParityCases
import NNParityJudging
import NNParityReports
import NNParityTestSupport
import Testing

/// The audit of a golden folder: it passes on good goldens, fails on a wrong or unreadable
/// one, and gives no green without evidence.
@Suite("Audit: goldens, and no green without evidence")
struct GoldenAuditTests {
  @Test("passes on the goldens and live cases, and shows the notebook's dropout mismatch's size")
  func passesAndShowsKnownProperty() throws {
    try TestFiles.withTemporaryDirectory { scratch in
      let folder = try GoldenFolders.make(GoldenFolders.sample, in: scratch)
      let report = Audits.run(folder.path, live: StandInReference.live()) { $0.randomCount = 3 }
      #expect(report.passed, "\(report.failureLines())")
      #expect(report.goldenCases == 3 && report.liveCases == 3)
      // Live throughput: cases per second when the live cases ran.
      #expect((report.liveCasesPerSecond ?? 0) > 0 && report.liveSeconds > 0)
      let known = report.finiteDifferences.filter { !$0.expectedToMatch }
      let size = known.map(\.worstError).max() ?? 0
      #expect(size > 1e-2, "the notebook-dropout mismatch is reported with its size: \(known)")
      let matching = report.finiteDifferences.filter(\.expectedToMatch)
      #expect(!matching.isEmpty && matching.allSatisfy(\.passed))
    }
  }

  @Test("without live NumPy it audits from the goldens alone and says why")
  func withoutPython() throws {
    try TestFiles.withTemporaryDirectory { scratch in
      let folder = try GoldenFolders.make(GoldenFolders.sample, in: scratch)
      let report = Audits.run(folder.path) { $0.randomCount = 100 }
      #expect(report.passed, "\(report.failureLines())")
      #expect(report.numpy == .unavailable(reason: "NNPARITY_PYTHON=none"))
      #expect(report.liveSkippedReason == "NNPARITY_PYTHON=none")
      #expect(report.live.isEmpty && report.liveCasesPerSecond == nil && report.liveSeconds == 0)
      #expect(report.goldenCases == 3)
    }
  }

  @Test("a golden nudged by 1e-6 relative fails the audit, which names it")
  func nudgedGoldenFails() throws {
    try TestFiles.withTemporaryDirectory { scratch in
      let folder = try GoldenFolders.make(GoldenFolders.sample, in: scratch)
      try GoldenFolders.edit("notebook-task2-numpy-float64", in: folder) { golden in
        var expected = golden["expected"] as? [String: Any] ?? [:]
        var probs = try #require(expected["probs"] as? [[Double]])
        probs[0][0] *= 1 + 1e-6
        expected["probs"] = probs
        golden["expected"] = expected
      }
      let report = Audits.run(folder.path)
      #expect(!report.passed)
      let failures = report.goldens.flatMap(\.failures)
      #expect(failures.map(\.caseName) == ["notebook-task2-numpy-float64"])
      #expect(failures.first?.tensors.map(\.name) == [.probs])
      #expect(failures.first?.tensors.first?.failingElements == 1)
    }
  }

  @Test("a user's own case file is audited: finite differences run on it")
  func userCase() throws {
    try TestFiles.withTemporaryDirectory { scratch in
      let folder = try GoldenFolders.make(["edge-batch-1"], in: scratch)
      let file = try CaseTexts.write(
        CaseTexts.notebook(
          #", "train": {"epochs": 3, "learning_rate": 0.1, "dropout": 0.5, "mask_seed": 42}"#),
        to: scratch, as: "mine.case")
      let report = Audits.run(folder.path) { $0.userCases = [file] }
      #expect(report.passed, "\(report.failureLines())")
      #expect(report.loadErrors.isEmpty)
      #expect(report.finiteDifferences.contains { $0.worstLocation.hasPrefix("notebook") })
    }
  }

  @Test("an unreadable golden fails the audit and is named")
  func badGolden() throws {
    try TestFiles.withTemporaryDirectory { scratch in
      let folder = try GoldenFolders.make(["edge-batch-1"], in: scratch)
      let broken = folder.appendingPathComponent("broken.json").path
      try #"{"schema": "nnparity.golden/9"}"#.write(
        toFile: broken, atomically: true, encoding: .utf8)
      let report = Audits.run(folder.path)
      #expect(!report.passed)
      #expect(report.loadErrors.map(\.file) == [broken], "\(report.loadErrors)")
      let goldensPassed = report.goldens.allSatisfy(\.passed)
      #expect(goldensPassed)
    }
  }

  @Test("a golden with a negative error scale, or named unlike its file, does not read")
  func untrustworthyGoldens() throws {
    try TestFiles.withTemporaryDirectory { scratch in
      let folder = try GoldenFolders.make(["edge-batch-1", "edge-mean"], in: scratch)
      try GoldenFolders.edit("edge-batch-1", in: folder) { golden in
        var scales = golden["error_scale"] as? [String: Any] ?? [:]
        scales["loss"] = -1.0
        golden["error_scale"] = scales
      }
      try GoldenFolders.edit("edge-mean", in: folder) { golden in
        var c = golden["case"] as? [String: Any] ?? [:]
        c["name"] = "edge-other"
        golden["case"] = c
      }
      let report = Audits.run(folder.path)
      #expect(!report.passed)
      let errors = report.loadErrors.map { "\($0.field ?? "(file)"): \($0.message)" }
      #expect(errors.count == 2, "\(errors)")
      #expect(
        errors.contains { $0.hasPrefix("error_scale.loss: holds a negative or non-finite scale") },
        "\(errors)")
      #expect(errors.contains { $0.hasPrefix("case.name: is edge-other") }, "\(errors)")
      #expect(report.goldenCases == 0)
    }
  }

  @Test("no green without evidence: no MANIFEST, a missing golden, NumPy required")
  func vacuous() throws {
    try TestFiles.withTemporaryDirectory { scratch in
      let empty = scratch.appendingPathComponent("empty", isDirectory: true)
      try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: false)
      let none = Audits.run(empty.path)
      #expect(none.missingEvidence == [.noManifest(directory: empty.path)])
      #expect(!none.passed)
      let partial = try GoldenFolders.make(
        ["edge-batch-1"], manifest: ["edge-batch-1", "edge-mean"], in: scratch, named: "partial")
      let missing = Audits.run(partial.path)
      #expect(
        missing.missingEvidence == [
          .goldensMissing(missing: ["edge-mean"], listed: 2, directory: partial.path)
        ])
      #expect(!missing.passed)
      let complete = try GoldenFolders.make(["edge-batch-1"], in: scratch, named: "required")
      let required = Audits.run(complete.path) { $0.requireNumPy = true }
      #expect(required.missingEvidence == [.numpyRequired(reason: "NNPARITY_PYTHON=none")])
      #expect(!required.passed)
      // The same folder without the requirement passes: the gap is the requirement's.
      #expect(Audits.run(complete.path).passed)
    }
  }

  @Test("a golden folder that is a file, an empty MANIFEST, --only-cases files none of which read")
  func misdirectedInputs() throws {
    try TestFiles.withTemporaryDirectory { scratch in
      let file = try CaseTexts.write("{", to: scratch, as: "mine.json")
      let asFolder = Audits.run(file)
      #expect(!asFolder.passed)
      #expect(
        asFolder.loadErrors.contains { $0.message.contains("is a file, not a golden directory") },
        "\(asFolder.loadErrors)")
      let listsNone = try GoldenFolders.make(["edge-batch-1"], manifest: [], in: scratch)
      let empty = Audits.run(listsNone.path)
      #expect(empty.missingEvidence == [.emptyManifest(directory: listsNone.path, present: 1)])
      let unread = Audits.run {
        $0.onlyUserCases = true
        $0.userCases = [file]
      }
      #expect(unread.missingEvidence == [.onlyCasesUnreadable], "\(unread.missingEvidence)")
      #expect(unread.loadErrors.map(\.file) == [file])
      #expect(!unread.passed)
    }
  }

  @Test("the report says which kernels ran the bundled network; another subject has none")
  func kernels() throws {
    try TestFiles.withTemporaryDirectory { scratch in
      let folder = try GoldenFolders.make(["edge-batch-1"], in: scratch)
      let bundled = Audits.run(folder.path)
      #expect(bundled.kernels?.set == KernelInstructionSet.active)
      #expect(bundled.kernels?.reason == KernelInstructionSet.activeReason)
      let other = Audits.run(folder.path) { $0.subject = TestImplementation() }
      #expect(other.kernels == nil)
      #expect(other.kernelsLine == nil)
    }
  }
}
