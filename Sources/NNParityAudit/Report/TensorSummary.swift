import NNParityCases
import NNParityJudging

/// Comparisons of one tensor over many cases, reduced to the figures a report shows.
package struct TensorSummary: Sendable, Equatable {
  /// Which tensor.
  package var name: TensorName
  /// How many cases had it.
  package var cases = 0
  /// The largest errors over those cases.
  package var maxAbsoluteError = 0.0
  package var maxRelativeError = 0.0
  package var maxULPs: UInt64 = 0
  /// The largest scaled error (what the bound limits), its bound, and whose it was.
  package var maxScaledError = 0.0
  package var bound = 0.0
  package var worstCase = ""
  package var worstDetail = ""
  /// How many cases were out of bounds.
  package var failures = 0
  /// How many were out of bounds for an explained reason (see `FamilySummary.explained`).
  package var explainedCases = 0
  /// How many were not compared in substance: the bound exceeded every nonzero value
  /// (`TensorComparison.illConditioned`).
  package var illConditionedCases = 0
  /// How many had no nonzero expected value: any subject that returns zeros matches them,
  /// so they are no evidence that the tensor is computed.
  package var zeroCases = 0
  /// Elements whose error scale overflowed to +∞ and whose values differ
  /// (`TensorComparison.unjudgedElements`), and the cases that had them: not judged, so
  /// the audit fails for lack of evidence while there are any.
  package var unjudgedElements = 0
  package var unjudgedCases: [String] { points.filter(\.unjudged).map(\.caseName) }
  /// The worst case's position in the order one whole run judges the cases (`AuditPlan`).
  package var worstPosition = 0

  /// Every case's worst element against its bound, in the order the cases ran: what the
  /// HTML report plots.
  package var points: [CasePoint] = []

  package init(name: TensorName) { self.name = name }

  /// Folds one case's comparison in; `position` is the case's (`AuditPlan`).
  mutating func add(
    _ comparison: TensorComparison, caseName: String, explained: Bool = false, position: Int = 0
  ) {
    cases += 1
    if comparison.illConditioned { illConditionedCases += 1 }
    if comparison.nonzeroElements == 0 { zeroCases += 1 }
    unjudgedElements += comparison.unjudgedElements
    maxAbsoluteError = max(maxAbsoluteError, comparison.maxAbsoluteError)
    maxRelativeError = max(maxRelativeError, comparison.maxRelativeError)
    maxULPs = max(maxULPs, comparison.maxULPs)
    if !comparison.passed {
      if explained { explainedCases += 1 } else { failures += 1 }
    }
    points.append(
      CasePoint(
        caseName: caseName, scaledError: comparison.maxScaledError,
        bound: comparison.tolerance.scaledBound, passed: comparison.passed, explained: explained,
        illConditioned: comparison.illConditioned, unjudged: comparison.unjudgedElements > 0,
        position: position))
    if comparison.maxScaledError >= maxScaledError || cases == 1 {
      maxScaledError = comparison.maxScaledError
      bound = comparison.tolerance.scaledBound
      worstCase = caseName
      worstDetail = comparison.summary
      worstPosition = position
    }
  }

  /// Whether every case was within bounds.
  package var passed: Bool { failures == 0 }

  /// Whether no case compared the tensor in substance: it was ill-conditioned in some and
  /// all zero in the others (a zero-returning subject would pass them all).
  package var comparedInNoCase: Bool {
    illConditionedCases > 0 && illConditionedCases + zeroCases == cases
  }

  /// The row's verdict: FAIL, explained, "not judged" when elements whose error scale
  /// overflowed differ, "not compared (ill-conditioned)" when no case could be judged, or
  /// ok (saying how many cases were ill-conditioned).
  package var status: String {
    if !passed { return "FAIL" }
    if explainedCases > 0 { return "explained" }
    if unjudgedElements > 0 {
      return "not judged (C overflowed at \(unjudgedElements) element"
        + (unjudgedElements == 1 ? ")" : "s)")
    }
    if comparedInNoCase { return "not compared (ill-conditioned)" }
    return illConditionedCases > 0 ? "ok (\(illConditionedCases) ill-conditioned)" : "ok"
  }
}
