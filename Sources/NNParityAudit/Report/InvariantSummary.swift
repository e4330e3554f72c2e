import NNParity
import NNParityCases
import NNParityJudging

/// One invariant checked over many cases.
package struct InvariantSummary: Sendable, Equatable {
  /// What holds, in words.
  package internal(set) var name: String
  /// Cases it applied to.
  package internal(set) var cases = 0
  /// The largest deviation seen (0 for exact invariants), scaled as the bound is.
  package internal(set) var worstDeviation = 0.0
  package internal(set) var worstCase = ""
  /// Case names where it did not hold.
  package internal(set) var failures: [CheckFailure] = []

  package init(name: String) { self.name = name }

  package var passed: Bool { failures.isEmpty }

  /// Records one case's check; nil (the invariant does not apply) records nothing.
  mutating func record(caseName: String, _ check: InvariantCheck?) {
    guard let check else { return }
    record(caseName: caseName, deviation: check.deviation, bound: check.bound)
  }

  package mutating func record(caseName: String, deviation: Double, bound: Double) {
    cases += 1
    if deviation >= worstDeviation {
      worstDeviation = deviation
      worstCase = caseName
    }
    if !(deviation <= bound) {
      failures.append(
        CheckFailure(
          caseName: caseName, measure: "deviation", value: deviation, bound: bound,
          text: deviation.shortDescription))
    }
  }
}
