import NNParity
import NNParityCases
import NNParityJudging

/// Runs an audit as a pipeline: plan the cases (`AuditPlan`), have the subject evaluate
/// them, judge each against its golden, live NumPy or nothing (`Judge`), check finite
/// differences and invariants, apply the evidence rules (`EvidenceRules`), and return the
/// typed report.
package struct Auditor: Sendable {
  package let options: AuditOptions
  package let live: LiveNumPy

  package init(options: AuditOptions, live: LiveNumPy) {
    self.options = options
    self.live = live
  }

  /// Runs everything; `progress` is called after each case.
  package func run(progress: (AuditProgress) -> Void = { _ in }) -> AuditReport {
    withoutActuallyEscaping(progress) { progress in
      let start = ContinuousClock.now
      let plan = AuditPlan(options, live: live.reference != nil)
      let run = AuditRun(options: options, live: live, plan: plan, progress: progress)
      run.judgeAll()
      var report = run.report
      FailureShrinking(options: options, live: live, reproduction: run.reproduction)
        .shrink(run.failedCases, in: &report)
      report.finiteDifferences = run.checks.finiteDifferences
      report.invariants = run.checks.invariants
      report.missingEvidence += EvidenceRules(scope: EvidenceScope(options, live: live))
        .gaps(in: report, goldens: plan.goldens.count)
      if options.shard != nil { report.shard = ShardRecord(options: options, plan: plan) }
      report.failureFiles = run.reproduction.failureFiles
      report.seconds = Self.seconds(since: start)
      return report
    }
  }

  /// Seconds from `start` to now.
  static func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
  }
}
