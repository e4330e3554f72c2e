import NNParityAudit
import NNParityCases

extension AuditReport {
  /// A shard's `shard` object: its record, what the plan and the run found missing, and the
  /// files that did not read, as fields.
  func shardJSON(_ record: ShardRecord) -> JSONValue {
    .object([
      ("index", .integer(record.shard.index)), ("count", .integer(record.shard.count)),
      ("seed", .integer(record.seed)), ("random_count", .integer(record.randomCount)),
      ("golden_files", .integer(record.goldenFiles)), ("golden_set", .string(record.goldenSet)),
      ("filter", record.filter.map(JSONValue.string) ?? .null),
      ("only_cases", .bool(record.onlyCases)),
      ("case_files", .array(record.caseFiles.map(JSONValue.string))),
      ("case_file_set", .string(record.caseFileSet)), ("limits", .string(record.limits)),
      (
        "shrinking",
        record.shrinking.map {
          .object([
            ("evaluations_per_failure", .integer($0.evaluationsPerFailure)),
            ("failing_cases", .integer($0.failingCases)),
          ])
        } ?? .null
      ),
      ("require_numpy", .bool(record.requireNumPy)),
      ("bundled_network", .bool(record.bundledNetwork)),
      ("goldens_in_all_shards", .integer(record.goldensInAllShards)),
      ("goldens_planned", .integer(record.goldensPlanned)),
      ("gaps", .array(missingEvidence.compactMap(\.json))),
      ("load_errors", .array(loadErrors.map(\.json))),
    ])
  }
}

extension ShardRecord {
  /// The record of a shard's `shard` object; `toolVersion` is the report's `tool.version`.
  init(reading fields: ReportFields, toolVersion: String) throws(ReportDecodingError) {
    let (index, count) = (try fields.int("index"), try fields.int("count"))
    let shard: ShardSpec
    do {
      shard = try ShardSpec(index: index, count: count)
    } catch {
      throw ReportDecodingError(field: fields.field("index"), message: error.description)
    }
    self.init(
      shard: shard, seed: try fields.unsigned("seed"), randomCount: try fields.int("random_count"),
      goldenFiles: try fields.int("golden_files"), goldenSet: try fields.string("golden_set"),
      filter: try fields.optionalString("filter"), onlyCases: try fields.bool("only_cases"),
      caseFiles: try fields.strings("case_files"), caseFileSet: try fields.string("case_file_set"),
      limits: try fields.string("limits"), shrinking: try Self.shrinking(fields),
      requireNumPy: try fields.bool("require_numpy"),
      bundledNetwork: try fields.bool("bundled_network"),
      goldensInAllShards: try fields.int("goldens_in_all_shards"),
      goldensPlanned: try fields.int("goldens_planned"))
    self.toolVersion = toolVersion
  }

  /// The `shrinking` object, or nil for null.
  private static func shrinking(_ fields: ReportFields) throws(ReportDecodingError)
    -> ShrinkLimits?
  {
    guard try fields.value("shrinking") != .null else { return nil }
    let object = try fields.object("shrinking")
    var limits = ShrinkLimits()
    limits.evaluationsPerFailure = try object.int("evaluations_per_failure")
    limits.failingCases = try object.int("failing_cases")
    return limits
  }
}
