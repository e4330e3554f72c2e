import Foundation
import NNParity
import NNParityAudit
import NNParityCases
import NNParityJudging
import NNParityTestSupport
import Testing

/// A failing case as fields a reader can act on: which side is which, k of n elements, the
/// worst of them, and the commands and saved files that reproduce it.
@Suite("Audit: failures a reader can act on")
struct FailureTests {
  @Test("a failing golden: its sides, k of n, the worst element, its exact values, reproduce")
  func goldenFailure() throws {
    try TestFiles.withTemporaryDirectory { scratch in
      let (report, folder, nudged, _) = try Audits.ofNudgedBatch(in: scratch)
      #expect(!report.passed)
      let failures = report.goldens.flatMap(\.failures)
      try #require(failures.count == 1, "only the failing golden: \(failures.map(\.caseName))")
      let failure = failures[0]
      #expect(failure.caseName == "edge-batch-1")
      #expect(failure.family == .goldens(.float32))
      #expect(failure.expectedSide == .goldenNumPy && failure.actualSide == "Swift")
      #expect(failure.source == folder.appendingPathComponent("edge-batch-1.json").path)
      let probs = try #require(failure.tensors.first { $0.name == .probs })
      #expect(failure.tensors.count == 1)
      #expect(probs.failingElements == 2 && probs.count == 3)
      #expect(probs.tolerance.scaledBound == Tolerances.parity(.float32, .probs).scaledBound)
      let worst = try #require(probs.worstElements.first)
      #expect(worst.flatIndex == 0 && worst.expected == nudged[0])
      #expect(worst.scaledError > probs.tolerance.scaledBound)
      // The audit's own command for the golden, in this folder, then the reference's.
      #expect(
        failure.reproduce == [
          "nnparity audit --filter 'edge-batch-1' --golden-dir \(folder.path) --random 0 "
            + "--save-failures DIR",
          "python3 reference/nnparity_reference.py \(failure.source ?? "?")",
        ])
      #expect(failure.savedFile == nil && report.failureFiles.isEmpty)
      // The nudged golden is also off its exact values.
      let exact = report.exact.flatMap(\.failures)
      #expect(
        exact.contains {
          $0.caseName == "edge-batch-1" && $0.measure == "NumPy (golden) against the exact value"
            && $0.value > ($0.bound ?? .infinity)
        }, "\(exact)")
    }
  }

  @Test("with a save folder, a failing golden is a file to save and its commands point at it")
  func savedGolden() throws {
    try TestFiles.withTemporaryDirectory { scratch in
      let (report, _, _, saved) = try Audits.ofNudgedBatch(in: scratch, savingFailures: true)
      let file = saved + "/edge-batch-1.json"
      #expect(report.failureFiles.map(\.path) == [file])
      #expect(report.failureFiles.first?.networkCase.name == "edge-batch-1")
      let failure = try #require(report.goldens.flatMap(\.failures).first)
      #expect(failure.savedFile == file)
      #expect(
        failure.reproduce == [
          "nnparity evaluate \(file)", "python3 reference/nnparity_reference.py \(file)",
        ])
      // The audit names the files; writing them is the command's.
      #expect(!FileManager.default.fileExists(atPath: saved))
    }
  }

  @Test("two failing cases named alike get a file each, each holding its own case")
  func savedFailuresNamedAlike() throws {
    try TestFiles.withTemporaryDirectory { folder in
      // Two different cases, both named "notebook".
      let first = try CaseTexts.write(CaseTexts.notebook(), to: folder, as: "first.json")
      let second = try CaseTexts.write(
        CaseTexts.notebook(semantics: "notebook"), to: folder, as: "second.json")
      let saved = folder.appendingPathComponent("saved").path
      // Every loss off by a relative 1e-9: both cases fail against the live reference.
      let report = Audits.run(live: StandInReference.live()) {
        $0.onlyUserCases = true
        $0.userCases = [first, second]
        $0.subject = TestImplementation.lossTimes(1 + 1e-9)
        $0.saveFailuresDirectory = saved
      }
      #expect(!report.passed)
      let failures = report.live.flatMap(\.failures)
      try #require(failures.count == 2, "\(report.failureLines())")
      let files = report.failureFiles.map(\.path)
      #expect(files == [saved + "/notebook.json", saved + "/notebook-2.json"])
      #expect(failures.map(\.savedFile) == files)
      #expect(
        failures.map(\.reproduce) == files.map { ["python3 reference/nnparity_reference.py \($0)"] }
      )
      #expect(report.failureFiles.map(\.networkCase.semantics) == [.reference, .notebook])
    }
  }

  @Test("a reference that fails a case fails it, with the reference's error")
  func referenceFails() throws {
    try TestFiles.withTemporaryDirectory { folder in
      let file = try CaseTexts.write(CaseTexts.notebook(), to: folder, as: "mine.json")
      let report = Audits.run(live: StandInReference.live(fails: true)) {
        $0.onlyUserCases = true
        $0.userCases = [file]
      }
      #expect(!report.passed)
      let failure = try #require(report.live.flatMap(\.failures).first)
      #expect(failure.expectedSide == .liveNumPy && failure.family == .liveUserCases)
      #expect(failure.error == "the reference failed: the stand-in refuses every case")
      #expect(failure.reproduce.contains { $0.hasSuffix(file) })
    }
  }
}
