import NNParityCases

/// What an audit covers.
package struct AuditOptions: Sendable {
  /// The folder of goldens (`reference/golden`).
  package var goldenDirectory: String
  /// A user's own case files: the subject against the live reference, finite differences
  /// and the invariants.
  package var userCases: [String] = []
  /// User cases given as values rather than files (tests that generate many): audited as
  /// `userCases` are, each named by its name.
  package var userCaseValues: [NetworkCase] = []
  /// Random cases checked live against the reference.
  package var randomCount = 0
  /// The seed of those random cases.
  package var seed: UInt64 = 1
  /// Input limits for every file read.
  package var limits = CaseLimits.default
  /// Whether NumPy being unavailable fails the audit instead of skipping the live checks.
  package var requireNumPy = false
  /// The implementation under audit: the bundled Swift network unless another is given.
  package var subject: any AuditSubject = BundledNetwork()
  /// Only the goldens whose name matches (nil: every golden).
  package var goldenFilter: NamePattern?
  /// Audit only `userCases`: no goldens, no random cases.
  package var onlyUserCases = false
  /// Where failing cases are to be saved as case files (nil: nowhere). The audit names a
  /// file per failing case (`AuditReport.failureFiles`) and points its reproduce commands
  /// at it; whoever runs the audit writes them.
  package var saveFailuresDirectory: String?
  /// The part of the audit this run covers (`--shard K/N`); nil: the whole audit, in a
  /// report that carries no shard record.
  package var shard: ShardSpec?
  /// How failing cases are shrunk against live NumPy (nil: they are not).
  package var shrinking: ShrinkLimits?

  package init(goldenDirectory: String) { self.goldenDirectory = goldenDirectory }

  /// The random cases this audit runs (none with `onlyUserCases`).
  package var randomCaseCount: Int { onlyUserCases ? 0 : randomCount }
}
