import NNParityCases

/// No green without evidence: what a finished audit's report lacks — families that should
/// have run and ran nothing, NumPy missing when required, tensors nothing compared, elements
/// nothing judged. Of a shard's report (not `scope.whole`), only what its own elements and
/// NumPy lack: the rest is for the merged whole.
package struct EvidenceRules {
  let scope: EvidenceScope

  package init(scope: EvidenceScope) { self.scope = scope }

  /// The gaps in `report`, of an audit that planned `goldens` goldens.
  package func gaps(in report: AuditReport, goldens: Int) -> [MissingEvidence] {
    guard scope.whole else {
      return numpyGaps(report) + resultGaps(report).filter(\.isUnjudged)
    }
    return numpyGaps(report) + onlyCasesGaps(report) + resultGaps(report)
      + checkGaps(report, goldens)
  }

  /// NumPy required and unavailable; live cases asked for and none run.
  private func numpyGaps(_ report: AuditReport) -> [MissingEvidence] {
    var gaps: [MissingEvidence] = []
    let ranNoLiveCase = report.live.allSatisfy { $0.cases == 0 }
    switch scope.numpy {
    case .unavailable(let reason):
      if scope.requireNumPy { gaps.append(.numpyRequired(reason: reason)) }
    case .available where scope.whole:
      if scope.randomCaseCount > 0, ranNoLiveCase {
        gaps.append(.randomCasesDidNotRun(count: scope.randomCaseCount))
      }
      if scope.requireNumPy, ranNoLiveCase { gaps.append(.numpyRequiredWithoutLiveCases) }
    case .available: break
    }
    return gaps
  }

  /// With --only-cases the live reference is the only side the cases can be compared with:
  /// without it nothing checks probabilities, losses or trained weights.
  private func onlyCasesGaps(_ report: AuditReport) -> [MissingEvidence] {
    guard scope.onlyUserCases else { return [] }
    if scope.userCaseCount > 0, report.loadErrors.count >= scope.userCaseCount {
      return [.onlyCasesUnreadable]
    }
    return report.liveCases == 0
      ? [.onlyCasesWithoutReference(reason: report.liveSkippedReason)] : []
  }

  /// A tensor whose bound exceeded every value in every case of its family (but those where
  /// it is all zero, which a zero-returning subject matches) was never compared in substance
  /// (a filter that keeps only saturated float32 cases, say); an element whose error scale
  /// overflowed to +∞ admits any finite value, so where the two sides differ there nothing
  /// was judged, and other elements or cases cannot vouch for it.
  private func resultGaps(_ report: AuditReport) -> [MissingEvidence] {
    let families = report.goldens + report.live
    let illConditioned: [MissingEvidence] = families.flatMap { family in
      family.tensors.filter(\.comparedInNoCase).map {
        .comparedInNoCase(family.family, $0.name, cases: $0.cases, zeroCases: $0.zeroCases)
      }
    }
    let unjudged: [MissingEvidence] = families.flatMap { family in
      family.tensors.filter { $0.unjudgedElements > 0 }.map {
        .unjudgedElements(
          family.family, $0.name, elements: $0.unjudgedElements, cases: $0.unjudgedCases)
      }
    }
    return illConditioned + unjudged
  }

  /// Goldens that ran without any finite-difference check, invariant or exact value.
  private func checkGaps(_ report: AuditReport, _ goldens: Int) -> [MissingEvidence] {
    guard goldens > 0 else { return [] }
    var gaps: [MissingEvidence] = []
    if scope.bundledNetwork, report.finiteDifferences.allSatisfy({ $0.cases == 0 }) {
      gaps.append(.noFiniteDifferences(goldens: goldens))
    }
    if report.invariants.allSatisfy({ $0.cases == 0 }) {
      gaps.append(.noInvariants(goldens: goldens))
    }
    if report.exact.allSatisfy({ $0.cases == 0 }) { gaps.append(.noExactValues) }
    return gaps
  }
}
