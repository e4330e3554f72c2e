import NNParity
import NNParityCases

/// The whole verdict: goldens, live cross-validation, finite differences, invariants, and
/// the exact oracle.
package struct AuditReport: Sendable {
  package let numpy: NumPyStatus
  /// What was audited: "Swift" (the bundled network) or the subject's command.
  package var subject = "Swift"
  /// The bundled network's kernel set and why it ran (nil for another subject).
  package var kernels: (set: KernelInstructionSet, reason: String)?
  /// Swift against each golden's expected result, per dtype.
  package var goldens: [FamilySummary] = []
  /// Swift against the live reference: random cases and the user's cases.
  package var live: [FamilySummary] = []
  /// Why live cross-validation did not run, when it did not.
  package var liveSkippedReason: String?
  /// How many goldens `--filter` left out (0 without a filter).
  package var goldensFilteredOut = 0
  package var finiteDifferences: [FiniteDifferenceSummary] = []
  package var invariants: [InvariantSummary] = []
  /// Swift and NumPy against the goldens' exact values.
  package var exact: [ExactSummary] = []
  /// The subject's mean signed error against the goldens' exact values, per dtype and tensor.
  package var bias: [BiasSummary] = []
  /// Files that could not be read (goldens, then user cases).
  package var loadErrors: [CaseError] = []
  /// User cases the subject gave no result for when there was no live reference to compare
  /// them with (with one, they are failures of the live family).
  package var subjectErrors: [CaseFailure] = []
  /// Why the audit has too little evidence to pass: goldens missing against the manifest,
  /// a family that should have run and ran nothing, NumPy required and unavailable.
  package var missingEvidence: [MissingEvidence] = []
  /// The case files `--save-failures` is to hold, one per failing case, in the order the
  /// failures were found (`AuditOptions.saveFailuresDirectory`); the runner writes them.
  package var failureFiles: [FailureFile] = []
  /// How long the audit took.
  package var seconds = 0.0
  /// How long the live comparison took (Swift, the reference and the comparison of every
  /// live case; with `liveOverlapsGoldens`, the goldens' comparison too); 0 when it did not
  /// run.
  package var liveSeconds = 0.0
  /// Whether the goldens were compared while the live reference computed ahead, so that
  /// `liveSeconds` includes them.
  package var liveOverlapsGoldens = false
  /// Where live NumPy ran (`LiveReference.placement`): "in-process" unless workers did.
  package var livePlacement = "in-process"
  /// What a shard's report says for `nnparity merge` (`--shard`); nil for a whole audit.
  package var shard: ShardRecord?
  /// How many shard reports a merged report was merged from; nil for a report of one run.
  package var mergedShards: Int?

  /// An empty report of an audit whose live NumPy was `numpy`.
  package init(numpy: NumPyStatus) { self.numpy = numpy }

  /// Live cases (random and the user's) checked per second; nil when none ran.
  package var liveCasesPerSecond: Double? {
    let cases = live.reduce(0) { $0 + $1.cases }
    return cases > 0 && liveSeconds > 0 ? Double(cases) / liveSeconds : nil
  }

  /// Whether everything is within bounds (known notebook properties are not failures) and
  /// there was evidence for each verdict.
  package var passed: Bool {
    loadErrors.isEmpty && subjectErrors.isEmpty && missingEvidence.isEmpty
      && goldens.allSatisfy(\.passed)
      && live.allSatisfy(\.passed) && finiteDifferences.allSatisfy(\.passed)
      && invariants.allSatisfy(\.passed) && exact.allSatisfy(\.passed)
      && bias.allSatisfy(\.passed)
  }
}

extension AuditReport {
  /// Says that `file` could not be written: the failures that point at it give the reason
  /// instead of commands that would read a missing file.
  package mutating func noteUnwritable(_ file: FailureFile, reason: String) {
    func mend(_ failure: inout CaseFailure) {
      if case .shrunk(var shrunk) = failure.shrinking, shrunk.savedFile == file.path {
        shrunk.reproduce = ["(cannot write \(file.path): \(reason))"]
        failure.shrinking = .shrunk(shrunk)
      }
      guard failure.savedFile == file.path else { return }
      failure.reproduce = ["(cannot write \(file.path): \(reason))"]
    }
    for i in goldens.indices { goldens[i].mendFailures(mend) }
    for i in live.indices { live[i].mendFailures(mend) }
    for i in subjectErrors.indices { mend(&subjectErrors[i]) }
  }
}
