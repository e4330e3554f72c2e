import NNParity
import NNParityCases
import NNParityJudging

/// One invariant checked over many cases.
package struct InvariantSummary: Sendable, Equatable {
  /// What holds, in words.
  package var name: String
  /// Cases it applied to.
  package var cases = 0
  /// The largest deviation seen (0 for exact invariants), scaled as the bound is.
  package var worstDeviation = 0.0
  package var worstCase = ""
  /// Case names where it did not hold.
  package var failures: [CheckFailure] = []
  /// The worst case's position in the order one whole run judges the cases (`AuditPlan`);
  /// nil before any.
  package var worstPosition: Int?

  package init(name: String) { self.name = name }

  package var passed: Bool { failures.isEmpty }

  /// Records one case's check; nil (the invariant does not apply) records nothing.
  mutating func record(caseName: String, position: Int, _ check: InvariantCheck?) {
    guard let check else { return }
    record(caseName: caseName, deviation: check.deviation, bound: check.bound, position: position)
  }

  /// Records one case's deviation; `position` is the case's (`AuditPlan`).
  package mutating func record(
    caseName: String, deviation: Double, bound: Double, position: Int = 0
  ) {
    cases += 1
    if deviation >= worstDeviation {
      worstDeviation = deviation
      worstCase = caseName
      worstPosition = position
    }
    if !(deviation <= bound) {
      failures.append(
        CheckFailure(
          caseName: caseName, measure: "deviation", value: deviation, bound: bound,
          text: deviation.shortDescription, position: position))
    }
  }
}
