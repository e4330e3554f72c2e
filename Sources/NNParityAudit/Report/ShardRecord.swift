import NNParityCases

/// What a shard's report (`--shard K/N`) records for `nnparity merge`: which shard it is,
/// what the audit asked for and read (so that shards of different audits are told apart),
/// and what this shard planned. Every shard of one audit records the same but for `shard`
/// and the planned counts.
package struct ShardRecord: Sendable, Equatable {
  /// K and N.
  package var shard: ShardSpec
  /// The random cases' seed and how many the whole audit runs (`AuditOptions.randomCaseCount`).
  package var seed: UInt64
  package var randomCount: Int
  /// The golden folder's files: how many, and their fingerprint (`InputFingerprint`, over
  /// every golden file and the MANIFEST).
  package var goldenFiles: Int
  package var goldenSet: String
  /// `--filter`, as given.
  package var filter: String?
  /// `--only-cases`.
  package var onlyCases: Bool
  /// The `--case` files, as given, and their fingerprint.
  package var caseFiles: [String]
  package var caseFileSet: String
  /// The input limits every file was read with (they decide which files read).
  package var limits: String
  /// How failing cases are shrunk (nil: not at all).
  package var shrinking: ShrinkLimits?
  /// Whether NumPy being unavailable fails the audit.
  package var requireNumPy: Bool
  /// Whether the subject is the bundled network (finite differences run only for it).
  package var bundledNetwork: Bool
  /// How many goldens the whole audit compares, and how many this shard did.
  package var goldensInAllShards: Int
  package var goldensPlanned: Int
  /// The version of the nnparity that ran the shard (the JSON's `tool.version`).
  package var toolVersion = NNParityVersion.current

  /// The record of the shard `options` plans as `plan`.
  package init(options: AuditOptions, plan: AuditPlan) {
    shard = options.shard ?? .whole
    seed = options.seed
    randomCount = options.randomCaseCount
    let files = options.onlyUserCases ? [] : Self.goldenFiles(in: options.goldenDirectory)
    goldenFiles = files.count
    goldenSet = InputFingerprint.of(files: files)
    filter = options.goldenFilter?.text
    onlyCases = options.onlyUserCases
    caseFiles = options.userCases
    caseFileSet = InputFingerprint.of(files: options.userCases)
    let json = options.limits.json
    limits =
      "depth \(json.maximumDepth), values \(json.maximumValues), bytes \(json.maximumBytes), "
      + "training work \(options.limits.maximumTrainingWork)"
    shrinking = options.shrinking
    requireNumPy = options.requireNumPy
    bundledNetwork = options.subject.isBundledNetwork
    goldensInAllShards = plan.goldensInAllShards
    goldensPlanned = plan.goldens.count
  }

  /// A record as a report holds it (`nnparity merge` reads it back).
  package init(
    shard: ShardSpec, seed: UInt64, randomCount: Int, goldenFiles: Int, goldenSet: String,
    filter: String?, onlyCases: Bool, caseFiles: [String], caseFileSet: String, limits: String,
    shrinking: ShrinkLimits?, requireNumPy: Bool, bundledNetwork: Bool, goldensInAllShards: Int,
    goldensPlanned: Int
  ) {
    self.shard = shard
    self.seed = seed
    self.randomCount = randomCount
    self.goldenFiles = goldenFiles
    self.goldenSet = goldenSet
    self.filter = filter
    self.onlyCases = onlyCases
    self.caseFiles = caseFiles
    self.caseFileSet = caseFileSet
    self.limits = limits
    self.shrinking = shrinking
    self.requireNumPy = requireNumPy
    self.bundledNetwork = bundledNetwork
    self.goldensInAllShards = goldensInAllShards
    self.goldensPlanned = goldensPlanned
  }

  /// The golden folder's `*.json` files and its MANIFEST, sorted (none when it cannot be
  /// listed: the plan reports that).
  private static func goldenFiles(in directory: String) -> [String] {
    let json = (try? GoldenDirectory.jsonFiles(in: directory)) ?? []
    let manifest = directory + "/" + GoldenDirectory.manifestName
    return json + (GoldenDirectory.manifest(in: directory) == nil ? [] : [manifest])
  }
}
