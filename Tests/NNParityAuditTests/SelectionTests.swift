import Foundation
import NNParity
import NNParityAudit
import NNParityCases
import NNParityJudging
import NNParityReports
import NNParityTestSupport
import Testing

/// What an audit selects: goldens by `--filter`, `--only-cases`; and a selection that holds
/// no evidence fails, saying what it lacks.
@Suite("Audit: selecting what to audit")
struct SelectionTests {
  @Test("--filter picks goldens by substring or glob; one that selects nothing fails clearly")
  func filter() throws {
    try TestFiles.withTemporaryDirectory { scratch in
      let folder = try GoldenFolders.make(GoldenFolders.sample, in: scratch)
      // task2 is one of the three; the glob matches both notebook goldens, not edge-batch-1.
      for (pattern, cases) in [("task2", 1), ("notebook-*-float64", 2)] {
        let report = Audits.run(folder.path) { $0.goldenFilter = NamePattern(pattern) }
        #expect(report.passed, "\(pattern): \(report.failureLines())")
        #expect(report.goldenCases == cases, "\(pattern)")
        #expect(report.goldensFilteredOut == 3 - cases, "\(pattern)")
      }
      let none = Audits.run(folder.path) { $0.goldenFilter = NamePattern("nothing*") }
      #expect(none.missingEvidence == [.filterSelectsNothing(NamePattern("nothing*"), goldens: 3)])
      #expect(!none.passed)
    }
  }

  @Test("--filter with a golden's exact name selects it alone, and the verdict counts the rest")
  func filterByExactName() throws {
    try TestFiles.withTemporaryDirectory { scratch in
      let folder = try GoldenFolders.make(
        ["edge-dropout-zero", "edge-dropout-zero-notebook-float32", "edge-batch-1"], in: scratch)
      let report = Audits.run(folder.path) { $0.goldenFilter = NamePattern("edge-dropout-zero") }
      #expect(report.goldenCases == 1)
      #expect(report.goldensFilteredOut == 2)
      #expect(report.skipped.contains("2 goldens (--filter)"), "\(report.skipped)")
    }
  }

  @Test("--filter with a golden's exact name asks for that golden alone from the manifest")
  func filterByExactNameManifest() throws {
    // The manifest also lists edge-dropout-zero-notebook-float32, which is not there: the
    // filter does not select it, so its absence is not this audit's missing evidence.
    try TestFiles.withTemporaryDirectory { scratch in
      let listed = ["edge-dropout-zero", "edge-dropout-zero-notebook-float32", "edge-batch-1"]
      let folder = try GoldenFolders.make(
        ["edge-dropout-zero", "edge-batch-1"], manifest: listed, in: scratch)
      let exact = Audits.run(folder.path) { $0.goldenFilter = NamePattern("edge-dropout-zero") }
      #expect(exact.passed, "\(exact.failureLines())")
      let missing = Audits.run(folder.path) {
        $0.goldenFilter = NamePattern("edge-dropout-zero-n")
      }
      #expect(
        missing.missingEvidence == [
          .goldensMissing(
            missing: ["edge-dropout-zero-notebook-float32"], listed: 3, directory: folder.path),
          .filterSelectsNothing(NamePattern("edge-dropout-zero-n"), goldens: 2),
        ], "\(missing.missingEvidence)")
    }
  }

  /// The tensors `gaps` says were compared in no case of `family`, with their counts.
  static func comparedInNoCase(_ gaps: [MissingEvidence], _ family: Family) -> [TensorName: (
    cases: Int, zeroCases: Int
  )] {
    var tensors: [TensorName: (cases: Int, zeroCases: Int)] = [:]
    for gap in gaps {
      if case .comparedInNoCase(family, let tensor, let cases, let zeroCases) = gap {
        tensors[tensor] = (cases, zeroCases)
      }
    }
    return tensors
  }

  @Test("a selection whose tensors are all ill-conditioned is not evidence: it fails, saying so")
  func illConditionedOnly() {
    // The saturated float32 golden: its gradients (~1e-12) are below their allowance, so a
    // subject returning zero gradients would pass it; alone, it proves nothing about them.
    let report = Audits.run { $0.goldenFilter = NamePattern("edge-probs-near-one-eps-float32") }
    #expect(!report.passed)
    let goldensPassed = report.goldens.allSatisfy(\.passed)
    #expect(goldensPassed, "no comparison failed")
    let tensors = Self.comparedInNoCase(report.missingEvidence, .goldens(.float32))
    #expect(Set(tensors.keys) == [.loss, .gradW1], "\(report.missingEvidence)")
    #expect(tensors.values.allSatisfy { $0.cases == 1 && $0.zeroCases == 0 }, "\(tensors)")
    #expect(report.missingEvidence.count == tensors.count, "\(report.missingEvidence)")
  }

  @Test("a case where the tensor is all zero does not make ill-conditioned ones evidence")
  func illConditionedWithAllZero() throws {
    // With the saturated float32 golden, one whose hidden units are all dead: its gradients
    // are exactly 0, which a zero-gradient subject matches. grad_w1 was resolved in neither
    // case, so the family holds no evidence for it.
    try TestFiles.withTemporaryDirectory { scratch in
      let folder = try GoldenFolders.make(
        ["edge-probs-near-one-eps-float32", "edge-all-hidden-dead-notebook-float32"], in: scratch)
      let report = Audits.run(folder.path)
      #expect(!report.passed)
      let tensors = Self.comparedInNoCase(report.missingEvidence, .goldens(.float32))
      #expect(tensors[.gradW1]?.cases == 2 && tensors[.gradW1]?.zeroCases == 1, "\(tensors)")
    }
  }

  @Test("--only-cases audits the given case files alone, and passes on a good one")
  func onlyCases() throws {
    try TestFiles.withTemporaryDirectory { folder in
      let file = try CaseTexts.write(CaseTexts.notebook(), to: folder, as: "mine.json")
      let report = Audits.run(live: StandInReference.live()) {
        $0.onlyUserCases = true
        $0.userCases = [file]
        $0.randomCount = 5
      }
      #expect(report.passed, "\(report.failureLines())")
      #expect(report.goldens.isEmpty && report.missingEvidence.isEmpty)
      #expect(report.live.map(\.family) == [.liveUserCases])
      #expect(report.liveCases == 1, "no random case with --only-cases")
    }
  }

  /// The bundled network with both gradients zero in every result: only a reference could
  /// tell.
  struct ZeroGradients: AuditSubject {
    var name: String { "zero gradients" }

    func evaluate(_ cases: [NetworkCase]) -> [Result<CaseResult, SubjectError>] {
      cases.map { c in
        let result = c.evaluate()
        var tensors = result.tensors
        for name in [TensorName.gradW1, .gradW2] {
          guard let tensor = tensors[name] else { continue }
          tensors[name] = Tensor(
            shape: tensor.shape, values: Array(repeating: 0, count: tensor.values.count))
        }
        return .success(CaseResult(name: result.name, dtype: result.dtype, tensors: tensors))
      }
    }
  }

  @Test(
    "--only-cases without live NumPy compared the cases with nothing: it fails, saying so",
    arguments: [false, true])
  func onlyCasesWithoutNumPy(zeroGradients: Bool) throws {
    try TestFiles.withTemporaryDirectory { folder in
      let file = try CaseTexts.write(CaseTexts.notebook(), to: folder, as: "mine.json")
      let report = Audits.run {
        $0.onlyUserCases = true
        $0.userCases = [file]
        if zeroGradients { $0.subject = ZeroGradients() }
      }
      #expect(!report.passed)
      #expect(
        report.missingEvidence == [.onlyCasesWithoutReference(reason: "NNPARITY_PYTHON=none")],
        "\(report.missingEvidence)")
    }
  }
}
