import NNParity
import NNParityCases
import NNParityJudging

/// One audit in progress: the plan's cases evaluated by the subject and judged, stage by
/// stage, into the report. A class, so that the live reference's callback and the stages
/// it starts share one state.
final class AuditRun {
  let options: AuditOptions
  let live: LiveNumPy
  let plan: AuditPlan
  let reproduction: Reproduction
  private let judge: Judge
  private let progress: (AuditProgress) -> Void
  private var done = 0
  private(set) var report: AuditReport
  private(set) var checks = Checks()
  /// The failing cases, in the order their failures were found: what shrinking starts from.
  private(set) var failedCases: [FailedCase] = []

  init(
    options: AuditOptions, live: LiveNumPy, plan: AuditPlan,
    progress: @escaping (AuditProgress) -> Void
  ) {
    self.options = options
    self.live = live
    self.plan = plan
    self.progress = progress
    reproduction = Reproduction(options)
    judge = Judge(subject: options.subject, reference: live.reference, reproduction: reproduction)
    report = AuditReport(numpy: live.status)
    report.subject = options.subject.name
    if options.subject.isBundledNetwork {
      report.kernels = (KernelInstructionSet.active, KernelInstructionSet.activeReason)
    }
    report.loadErrors = plan.loadErrors
    report.missingEvidence = plan.missingEvidence
    report.goldensFilteredOut = plan.goldensFilteredOut
  }

  /// Every stage: the goldens, then the live cases, or the user's cases without a reference.
  func judgeAll() {
    guard let reference = live.reference else {
      judgeGoldens()
      if case .unavailable(let reason) = live { report.liveSkippedReason = reason }
      judgeUserCasesWithoutReference()
      return
    }
    // A reference that computes ahead (worker processes) starts on the live cases first,
    // and the goldens are compared meanwhile, before the first live case is; otherwise the
    // goldens come first and the live time is the live cases' alone.
    let overlap = reference.computesAhead
    if !overlap { judgeGoldens() }
    let liveStart = ContinuousClock.now
    judgeLive(with: reference, first: overlap ? judgeGoldens : {})
    report.liveSeconds = Auditor.seconds(since: liveStart)
    report.liveOverlapsGoldens = overlap && !plan.goldens.isEmpty
    report.livePlacement = reference.placement
  }

  /// The subject against each golden's expected result (one family per dtype) and its
  /// exact values.
  private func judgeGoldens() {
    let goldens = plan.goldens
    let results = options.subject.evaluate(goldens.map(\.golden.networkCase))
    if let failure = SubjectError.wholeRun(results) {
      report.missingEvidence.append(
        .subjectFailed(.goldens, subject: options.subject.name, failure))
      for _ in goldens { step(.goldens) }
      return
    }
    var families: [DType: FamilySummary] = [:]
    var exact = ExactOracle(subject: options.subject.name)
    for ((golden, position), result) in zip(goldens, results) {
      defer { step(.goldens) }
      let c = golden.networkCase
      let family = Family.goldens(c.dtype)
      add(
        judge.judge(
          c, position: position, origin: .golden(path: golden.path), family: family,
          actual: result, against: .golden(golden)),
        of: c, to: &families[c.dtype, default: FamilySummary(family)])
      guard case .success(let actual) = result else { continue }
      exact.add(golden, actual, position: position)
      checks.add(
        c, actual, position: position, finiteDifferences: options.subject.isBundledNetwork)
    }
    report.goldens = DType.allCases.compactMap { families[$0] }
    report.exact = exact.summaries
    report.bias = exact.biasSummaries
  }

  /// The subject against the live reference: the random cases, then the user's.
  ///
  /// The reference gets every case at once and may compute ahead
  /// (``LiveReference/evaluate(_:each:)``) while the subject evaluates them on another
  /// thread; each case is judged in the cases' order on this thread, so the report is the
  /// same however the reference runs. `first` runs before the first live case is judged
  /// (or after the reference, when there are no live cases): work that can overlap it.
  private func judgeLive(with reference: any LiveReference, first: () -> Void) {
    var random = FamilySummary(.liveRandom(seed: options.seed))
    var user = FamilySummary(.liveUserCases)
    let cases =
      plan.randomCases.map { ($0.networkCase, CaseOrigin.random, $0.position) }
      + plan.userCases.map { ($0.networkCase, CaseOrigin.user(path: $0.path), $0.position) }
    let subject = options.subject
    let subjectResults = BackgroundWork { subject.evaluate(cases.map(\.0)) }
    var firstDone = false
    var wholeRunReported = false
    reference.evaluate(cases.map(\.0)) { index, expected in
      if !firstDone {
        firstDone = true
        first()
      }
      let (c, origin, position) = cases[index]
      let isUser = origin != .random
      defer { step(isUser ? .liveUserCases : .liveRandom) }
      let actual = subjectResults.value[index]
      if case .failure(let error) = actual, error.wholeRun {
        if !wholeRunReported {
          wholeRunReported = true
          report.missingEvidence.append(.subjectFailed(.liveCases, subject: subject.name, error))
        }
        return
      }
      let judgement = judge.judge(
        c, position: position, origin: origin, family: isUser ? user.family : random.family,
        actual: actual, against: .live(expected))
      if isUser { add(judgement, of: c, to: &user) } else { add(judgement, of: c, to: &random) }
      // Random cases are for breadth against NumPy; finite differences, which cost a
      // forward pass per weight, run on the goldens and the user's cases.
      if case .success(let result) = actual {
        checks.add(
          c, result, position: position, finiteDifferences: isUser && subject.isBundledNetwork)
      }
    }
    if !firstDone { first() }
    report.live = [random, user].filter { $0.cases > 0 }
  }

  /// Without a live reference the user's cases are checked by finite differences and the
  /// invariants alone; a case the subject gives no result for is a failure of its own.
  private func judgeUserCasesWithoutReference() {
    let subject = options.subject
    let results = subject.evaluate(plan.userCases.map(\.networkCase))
    let wholeRun = SubjectError.wholeRun(results)
    if let wholeRun {
      report.missingEvidence.append(.subjectFailed(.caseFiles, subject: subject.name, wholeRun))
    }
    for ((c, path, position), result) in zip(plan.userCases, results) {
      defer { step(.userCases) }
      if wholeRun != nil, case .failure = result { continue }  // reported once above
      let judgement = judge.judge(
        c, position: position, origin: .user(path: path), family: .userCases, actual: result,
        against: .checksOnly)
      if let failure = judgement.failure { report.subjectErrors.append(failure) }
      if case .success(let actual) = result {
        checks.add(c, actual, position: position, finiteDifferences: subject.isBundledNetwork)
      }
    }
  }

  /// Folds `judgement` into `summary`, noting the case when it failed.
  private func add(_ judgement: CaseJudgement, of c: NetworkCase, to summary: inout FamilySummary) {
    let before = summary.failures.count
    summary.add(judgement)
    if summary.failures.count > before {
      failedCases.append(FailedCase(family: summary.family, index: before, networkCase: c))
    }
  }

  /// One more case done.
  private func step(_ phase: AuditPhase) {
    done += 1
    progress(AuditProgress(done: done, total: plan.caseCount, phase: phase))
  }
}
