import NNParity

extension AuditReport {
  /// The report one run of the whole audit would have made, from its shards' reports:
  /// families, checks and failures merged in the run's order, what the plan found (files
  /// that do not read, goldens missing, the filter) once, the subject's failures once each,
  /// and the evidence rules applied to the merged whole. Times are the shards' added (about
  /// what one run would take); NumPy's line, the placement and the skip reason are shard 1's.
  package init(merging set: ShardSet) {
    let reports = set.reports
    let first = reports[0]
    self.init(numpy: first.numpy)
    subject = first.subject
    kernels = Self.mergedKernels(reports)
    goldens = FamilySummary.merged(reports.map(\.goldens))
    live = FamilySummary.merged(reports.map(\.live))
    reselectShrinking(limits: set.record.shrinking)
    liveSkippedReason = first.liveSkippedReason
    goldensFilteredOut = first.goldensFilteredOut
    finiteDifferences = FiniteDifferenceSummary.merged(reports.map(\.finiteDifferences))
    invariants = InvariantSummary.merged(reports.map(\.invariants))
    exact = ExactSummary.merged(reports.map(\.exact))
    bias = BiasSummary.merged(reports.map(\.bias))
    loadErrors = first.loadErrors
    subjectErrors = Merging.inRunOrder(reports.map(\.subjectErrors), position: \.position)
    seconds = reports.reduce(0) { $0 + $1.seconds }
    liveSeconds = reports.reduce(0) { $0 + $1.liveSeconds }
    liveOverlapsGoldens = reports.contains { $0.liveOverlapsGoldens }
    livePlacement = first.livePlacement
    mergedShards = reports.count
    missingEvidence =
      first.missingEvidence.filter(\.isFoundByPlan) + Self.subjectFailures(reports)
    let goldens = reports.reduce(0) { $0 + ($1.shard?.goldensPlanned ?? 0) }
    missingEvidence += EvidenceRules(scope: EvidenceScope(merging: set.record, numpy: first.numpy))
      .gaps(in: self, goldens: goldens)
  }

  /// The subject's failures on a whole batch, each once, in the order one run finds them
  /// (the goldens, then the live cases or the case files).
  private static func subjectFailures(_ reports: [AuditReport]) -> [MissingEvidence] {
    var failures: [MissingEvidence] = []
    for gap in reports.flatMap(\.missingEvidence) where !gap.isFoundByPlan && !gap.isFoundByRules {
      if !failures.contains(gap) { failures.append(gap) }
    }
    func rank(_ gap: MissingEvidence) -> Int {
      guard case .subjectFailed(let batch, _, _) = gap else { return 3 }
      return [SubjectBatch.goldens, .liveCases, .caseFiles].firstIndex(of: batch) ?? 3
    }
    return failures.enumerated().sorted {
      (rank($0.element), $0.offset) < (rank($1.element), $1.offset)
    }
    .map(\.element)
  }

  /// The shards' kernel set and why, when they agree; else shard 1's set, and which shard
  /// ran which.
  private static func mergedKernels(_ reports: [AuditReport])
    -> (set: KernelInstructionSet, reason: String)?
  {
    guard let first = reports[0].kernels else { return nil }
    let all = reports.compactMap(\.kernels)
    if all.allSatisfy({ $0.set == first.set && $0.reason == first.reason }) { return first }
    let sets = all.map(\.set.rawValue)
    let named = sets.enumerated().map { "shard \($0.offset + 1): \($0.element)" }
    return (first.set, "the shards differ: " + named.joined(separator: ", "))
  }
}
