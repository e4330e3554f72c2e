import NNParity
import NNParityAudit
import NNParityCases
import NNParityJudging

extension AuditReport {
  /// The schema the JSON report follows.
  package static let jsonSchema = "nnparity.audit/1"

  /// The report as JSON. Key names are stable and documented in docs/audit.md; each
  /// section's entries are built by its summary type (`…Summary+Report.swift`).
  /// `raising` names the setting that raises an input limit, for files over one.
  package func json(raising: LimitSetting = noLimitSetting) -> JSONValue {
    .object(
      [
        ("schema", .string(Self.jsonSchema)),
        (
          "tool",
          .object([("name", .string("nnparity")), ("version", .string(NNParityVersion.current))])
        ),
        ("subject", .string(subject)),
        (
          "kernels",
          kernels.map {
            .object([("set", .string($0.set.rawValue)), ("reason", .string($0.reason))])
          } ?? .null
        ),
        ("passed", .bool(passed)),
        ("verdict", .string(verdict)),
        ("seconds", .double(seconds)),
        ("missing_evidence", .array(missingEvidence.map { .string($0.description) })),
        ("numpy", numpyJSON),
        ("goldens", .array(goldens.map { $0.json(points: shard != nil) })),
        ("goldens_filtered_out", .integer(goldensFilteredOut)),
        ("live", liveJSON),
        ("finite_differences", .array(finiteDifferences.map(\.json))),
        ("invariants", .array(invariants.map(\.json))),
        ("exact_oracle", .array(exact.map(\.json))),
        ("bias", .array(bias.map { $0.json(parts: shard != nil) })),
        ("load_errors", .array(loadErrors.map { .string($0.description(raising: raising)) })),
        ("subject_errors", .array(subjectErrors.map(\.json))),
      ] + shardJSON)
  }

  /// A shard's record (`shard`), or a merged report's count of shards (`merged_shards`).
  private var shardJSON: [(key: String, value: JSONValue)] {
    if let shard { return [("shard", shardJSON(shard))] }
    return mergedShards.map { [("merged_shards", .integer($0))] } ?? []
  }

  private var numpyJSON: JSONValue {
    switch numpy {
    case .available(let version, let detail):
      .object([
        ("available", .bool(true)), ("version", .string(version)), ("detail", .string(detail)),
      ])
    case .unavailable(let reason):
      .object([("available", .bool(false)), ("reason", .string(reason))])
    }
  }

  private var liveJSON: JSONValue {
    var members: [(key: String, value: JSONValue)] = [
      ("ran", .bool(liveSkippedReason == nil && !live.isEmpty)),
      ("families", .array(live.map { $0.json(points: shard != nil) })),
      ("seconds", .double(liveSeconds)),
      ("cases_per_second", liveCasesPerSecond.map(JSONValue.double) ?? .null),
      ("placement", .string(livePlacement)),
      ("overlaps_goldens", .bool(liveOverlapsGoldens)),
    ]
    if let liveSkippedReason { members.append(("skipped_reason", .string(liveSkippedReason))) }
    return .object(members)
  }
}
