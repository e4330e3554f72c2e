import NNParity
import Testing

@testable import NNParityAudit
@testable import NNParityCases
@testable import NNParityJudging

/// The report's summaries count what failed: a tensor row says FAIL, a finite-difference
/// family that disagrees fails.
@Suite("Summaries")
struct SummaryTests {
  @Test("a case whose loss is off makes the loss row FAIL and the family fail")
  func tensorRow() throws {
    let c = RandomCases(seed: 3).case(1)
    let right = c.evaluate()
    var wrong = right
    let loss = try #require(right.tensors[.loss])
    wrong.tensors[.loss] = Tensor(shape: loss.shape, values: loss.values.map { $0 * (1 + 1e-6) })
    let comparison = CaseComparison(caseName: "c", expected: right, actual: wrong)
    #expect(!comparison.passed)
    var family = FamilySummary(.goldens(c.dtype))
    family.add(
      comparison,
      failure: CaseFailure(
        comparison, family: family.family, expectedSide: .goldenNumPy, source: nil))
    let row = try #require(family.tensors.first { $0.name == .loss })
    #expect(!row.passed && row.failures == 1 && row.status == "FAIL", "\(row.status)")
    let othersPassed = family.tensors.filter { $0.name != .loss }.allSatisfy(\.passed)
    #expect(othersPassed)
    #expect(!family.passed)
  }

  @Test("a finite-difference check that disagrees where it should agree fails its family")
  func finiteDifferences() {
    func check(expectedToMatch: Bool) -> GradientCheck {
      GradientCheck(
        caseName: "c", pass: .evaluation, semantics: expectedToMatch ? .reference : .notebook,
        tensors: [
          GradientCheck.TensorResult(
            name: .gradW1, maxError: 1e-3, maxErrorBeyondNoise: 1e-3, worstIndex: 0,
            analytic: 1, numeric: 1.001, skippedAtKinks: 0, belowNoise: 0, columns: 1)
        ], expectedToMatch: expectedToMatch)
    }
    var family = FiniteDifferenceSummary(
      semantics: .reference, pass: .evaluation, expectedToMatch: true)
    family.add(check(expectedToMatch: true), position: 0)
    #expect(!family.passed && family.failures.map(\.caseName) == ["c"])
    // A known notebook property may disagree.
    var known = FiniteDifferenceSummary(
      semantics: .notebook, pass: .evaluation, expectedToMatch: false)
    known.add(check(expectedToMatch: false), position: 0)
    #expect(known.passed)
  }
}
