import NNParity
import NNParityJudging
import Testing

@testable import NNParityAudit
@testable import NNParityCases

/// No green without evidence: each rule, on a report built to lack exactly what it asks for.
@Suite("Evidence rules")
struct EvidenceRulesTests {
  struct NoReference: LiveReference {
    func evaluate(_ networkCase: NetworkCase) throws -> CaseResult { networkCase.evaluate() }
  }

  static let available = LiveNumPy.available(NoReference(), version: "stand-in", detail: "test")

  static func gaps(
    _ report: AuditReport, goldens: Int = 0, live: LiveNumPy = .unavailable(reason: "test"),
    options: (inout AuditOptions) -> Void = { _ in }
  ) -> [MissingEvidence] {
    var audit = AuditOptions(goldenDirectory: "unused")
    options(&audit)
    return EvidenceRules(scope: EvidenceScope(audit, live: live)).gaps(in: report, goldens: goldens)
  }

  /// A report whose every check ran on one case, passing.
  static func complete() -> AuditReport {
    var report = AuditReport(numpy: .unavailable(reason: "test"))
    var fd = FiniteDifferenceSummary(
      semantics: .reference, pass: .evaluation, expectedToMatch: true)
    fd.cases = 1
    report.finiteDifferences = [fd]
    var invariant = InvariantSummary(name: "probability rows sum to 1")
    invariant.record(caseName: "c", deviation: 0, bound: 1)
    report.invariants = [invariant]
    var exact = ExactSummary(tensor: .probs, dtype: .float64)
    exact.cases = 1
    report.exact = [exact]
    return report
  }

  @Test(
    "goldens with every check: no gap; without finite differences, invariants or exact values: each named"
  )
  func checksOnGoldens() {
    #expect(Self.gaps(Self.complete(), goldens: 3).isEmpty)
    var noFD = Self.complete()
    noFD.finiteDifferences = []
    #expect(Self.gaps(noFD, goldens: 3) == [.noFiniteDifferences(goldens: 3)])
    // Another subject gets no finite differences: that is no gap.
    #expect(Self.gaps(noFD, goldens: 3) { $0.subject = NoSubject() }.isEmpty)
    var noInvariants = Self.complete()
    noInvariants.invariants = [InvariantSummary(name: "probability rows sum to 1")]
    #expect(Self.gaps(noInvariants, goldens: 3) == [.noInvariants(goldens: 3)])
    var noExact = Self.complete()
    noExact.exact = []
    #expect(Self.gaps(noExact, goldens: 3) == [.noExactValues])
    #expect(Self.gaps(AuditReport(numpy: .unavailable(reason: "test")), goldens: 0).isEmpty)
  }

  struct NoSubject: AuditSubject {
    var name: String { "another" }
    func evaluate(_ cases: [NetworkCase]) -> [Result<CaseResult, SubjectError>] { [] }
  }

  @Test("NumPy required and unavailable; random cases asked for and none ran")
  func numpy() {
    let report = Self.complete()
    #expect(Self.gaps(report) { $0.requireNumPy = true } == [.numpyRequired(reason: "test")])
    #expect(
      Self.gaps(report, live: Self.available) { $0.randomCount = 5 }
        == [.randomCasesDidNotRun(count: 5)])
    #expect(
      Self.gaps(report, live: Self.available) { $0.requireNumPy = true }
        == [.numpyRequiredWithoutLiveCases])
    var ran = report
    var family = FamilySummary(.liveRandom(seed: 1))
    family.addError(
      CaseFailure(caseName: "c", family: family.family, expectedSide: .liveNumPy, error: "x"))
    ran.live = [family]
    #expect(
      Self.gaps(ran, live: Self.available) {
        $0.randomCount = 5
        $0.requireNumPy = true
      }.isEmpty)
  }

  @Test("--only-cases whose files none read, or that nothing compared")
  func onlyCases() {
    var unreadable = Self.complete()
    unreadable.loadErrors = [CaseError(file: "a.json", field: nil, message: "not JSON")]
    let only: (inout AuditOptions) -> Void = {
      $0.onlyUserCases = true
      $0.userCases = ["a.json"]
    }
    #expect(Self.gaps(unreadable, options: only) == [.onlyCasesUnreadable])
    var noReference = Self.complete()
    noReference.liveSkippedReason = "no python3"
    #expect(
      Self.gaps(noReference, options: only) == [.onlyCasesWithoutReference(reason: "no python3")])
  }

  /// A family of one case whose every tensor is compared with error scales `scale`, the
  /// actual loss moved by `lossShift`.
  static func family(scale: Double, lossShift: Double = 0) -> FamilySummary {
    let c = RandomCases(seed: 3).case(1)
    var expected = c.evaluate()
    expected.errorScales = expected.tensors.mapValues {
      Tensor(shape: $0.shape, values: Array(repeating: scale, count: $0.values.count))
    }
    var actual = c.evaluate()
    if let loss = actual.tensors[.loss] {
      actual.tensors[.loss] = Tensor(shape: loss.shape, values: loss.values.map { $0 + lossShift })
    }
    var family = FamilySummary(.goldens(c.dtype))
    let comparison = CaseComparison(caseName: "c", expected: expected, actual: actual)
    family.add(comparison, failure: nil, explanation: nil)
    return family
  }

  @Test("a tensor compared in no case, and elements left unjudged, are gaps")
  func results() throws {
    var resolved = Self.complete()
    resolved.goldens = [Self.family(scale: 1)]
    #expect(Self.gaps(resolved).isEmpty)
    var illConditioned = Self.complete()
    illConditioned.goldens = [Self.family(scale: 1e300)]
    let gaps = Self.gaps(illConditioned)
    #expect(
      !gaps.isEmpty
        && gaps.allSatisfy {
          if case .comparedInNoCase = $0 { true } else { false }
        }, "\(gaps)")
    var unjudged = Self.complete()
    unjudged.goldens = [Self.family(scale: .infinity, lossShift: 1e-3)]
    #expect(
      Self.gaps(unjudged).contains {
        if case .unjudgedElements(_, .loss, 1, ["c"]) = $0 { true } else { false }
      }, "\(Self.gaps(unjudged))")
  }
}
