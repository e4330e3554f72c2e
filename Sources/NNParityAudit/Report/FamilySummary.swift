import NNParityJudging

/// Per-tensor summaries for one family of comparisons (goldens, live cases, …).
package struct FamilySummary: Sendable, Equatable {
  /// Which family.
  package let family: Family
  /// One row per tensor, in the result format's order.
  package var tensors: [TensorSummary] = []
  /// The cases that failed, each with what failed and how to reproduce it.
  package var failures: [CaseFailure] = []
  /// The number of cases.
  package var cases = 0

  package init(_ family: Family) { self.family = family }

  /// The family's name, e.g. "goldens float64".
  package var name: String { family.description }

  package static func == (lhs: FamilySummary, rhs: FamilySummary) -> Bool {
    lhs.family == rhs.family && lhs.tensors == rhs.tensors && lhs.cases == rhs.cases
      && lhs.failures == rhs.failures
      && lhs.explained.map(\.caseName) == rhs.explained.map(\.caseName)
  }

  /// Cases outside the bound for a known, explained reason (float32 rounding in an
  /// ill-conditioned case, as the float64 run shows): reported, not failed.
  /// Each with the case's position in the order one whole run judges the cases.
  package var explained: [(caseName: String, explanation: String, position: Int)] = []

  /// Folds one case's comparison in; `explanation` marks a disagreement as explained, and
  /// `failure` is what a disagreement that is not explained is reported as. `position` is
  /// the case's in the order one whole run judges the cases (`AuditPlan`).
  mutating func add(
    _ comparison: CaseComparison, failure: CaseFailure? = nil, explanation: String? = nil,
    position: Int = 0
  ) {
    cases += 1
    for tensor in comparison.tensors {
      if let i = tensors.firstIndex(where: { $0.name == tensor.name }) {
        tensors[i].add(
          tensor, caseName: comparison.caseName, explained: explanation != nil, position: position)
      } else {
        var summary = TensorSummary(name: tensor.name)
        summary.add(
          tensor, caseName: comparison.caseName, explained: explanation != nil, position: position)
        tensors.append(summary)
      }
    }
    tensors.sort { $0.name < $1.name }
    if !comparison.passed, let explanation {
      explained.append((comparison.caseName, explanation, position))
    } else if !comparison.passed {
      var failure =
        failure ?? CaseFailure(comparison, family: family, expectedSide: .goldenNumPy, source: nil)
      failure.position = position
      failures.append(failure)
    }
  }

  /// Folds one judged case in: a comparison (failed, explained or passed), or a case that
  /// could not be compared at all.
  mutating func add(_ judgement: CaseJudgement) {
    if let comparison = judgement.comparison {
      add(
        comparison, failure: judgement.failure, explanation: judgement.explanation,
        position: judgement.position)
    } else if let failure = judgement.failure {
      addError(failure)
    }
  }

  /// Changes each failure with `mend`.
  mutating func mendFailures(_ mend: (inout CaseFailure) -> Void) {
    for i in failures.indices { mend(&failures[i]) }
  }

  /// Records a case that could not be compared at all (the reference raised).
  package mutating func addError(_ failure: CaseFailure) {
    cases += 1
    failures.append(failure)
  }

  /// Whether every case was compared and within bounds.
  package var passed: Bool { failures.isEmpty }
}
