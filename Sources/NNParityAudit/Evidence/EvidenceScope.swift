/// What the evidence rules need to know of an audit: what it asked for, whether NumPy was
/// there, and whether the report covers the whole audit or one shard of several.
package struct EvidenceScope: Sendable, Equatable {
  /// Whether NumPy being unavailable fails the audit.
  package var requireNumPy: Bool
  /// The random cases the whole audit asked for (none with `--only-cases`).
  package var randomCaseCount: Int
  /// `--only-cases`, and how many `--case` files were given.
  package var onlyUserCases: Bool
  package var userCaseCount: Int
  /// Whether the subject is the bundled network (finite differences run only for it).
  package var bundledNetwork: Bool
  /// Live NumPy, or why not.
  package var numpy: NumPyStatus
  /// Whether the report covers the whole audit. A shard of several holds only part of each
  /// family, so the rules about a family or a tensor over all its cases (ran no case,
  /// compared in no case, no finite differences, …) wait for `nnparity merge`, which
  /// applies them to the merged whole; those about the shard's own elements and NumPy
  /// apply to each shard.
  package var whole: Bool

  /// The scope of a run with `options` and `live`.
  init(_ options: AuditOptions, live: LiveNumPy) {
    requireNumPy = options.requireNumPy
    randomCaseCount = options.randomCaseCount
    onlyUserCases = options.onlyUserCases
    userCaseCount = options.userCases.count
    bundledNetwork = options.subject.isBundledNetwork
    numpy = live.status
    whole = (options.shard ?? .whole).isWhole
  }

  /// The scope of the audit whose shards recorded `record`, merged (`whole`), with `numpy`.
  package init(merging record: ShardRecord, numpy: NumPyStatus) {
    requireNumPy = record.requireNumPy
    randomCaseCount = record.randomCount
    onlyUserCases = record.onlyCases
    userCaseCount = record.caseFiles.count
    bundledNetwork = record.bundledNetwork
    self.numpy = numpy
    whole = true
  }
}
