import NNParityAudit
import NNParityCases

extension FamilySummary {
  /// The family in the report's JSON (`goldens` and `live.families` entries); with
  /// `points` (a shard's report), every case's point of each tensor.
  func json(points: Bool) -> JSONValue {
    .object([
      ("family", .string(name)), ("cases", .integer(cases)), ("passed", .bool(passed)),
      ("tensors", .array(tensors.map { $0.json(points: points) })),
      ("failures", .array(failures.map(\.json))),
      (
        "explained",
        .array(
          explained.map {
            .object([
              ("case", .string($0.caseName)), ("explanation", .string($0.explanation)),
              ("position", .integer($0.position)),
            ])
          })
      ),
    ])
  }

  /// The headers of a table of families (goldens, live).
  static let tableHeaders = [
    "family", "tensor", "cases", "max abs", "max rel", "max ulp", "worst/bound", "worst case", "",
  ]

  /// One table row per tensor.
  var tableRows: [[String]] { tensors.map { $0.tableRow(family: name) } }

  /// The failures and the explained cases, one line each, for under the table.
  var notes: [String] {
    failures.map(\.message)
      + explained.map { "\($0.caseName) (explained, not failed): \($0.explanation)" }
  }
}

extension TensorSummary {
  /// The tensor in the report's JSON; with `points`, every case's point: `[position,
  /// case, scaled error, bound, flags]`, flags a letter each for passed (`p`), explained
  /// (`e`), ill-conditioned (`i`) and unjudged (`u`).
  func json(points: Bool) -> JSONValue {
    var members: [(key: String, value: JSONValue)] = [
      ("tensor", .string(name.rawValue)), ("cases", .integer(cases)),
      ("max_abs_error", .double(maxAbsoluteError)),
      ("max_rel_error", .double(maxRelativeError)), ("max_ulp", .integer(maxULPs)),
      ("max_scaled_error", .double(maxScaledError)), ("bound", .double(bound)),
      ("worst_case", .string(worstCase)), ("passed", .bool(passed)),
      ("ill_conditioned_cases", .integer(illConditionedCases)),
      ("unjudged_elements", .integer(unjudgedElements)), ("status", .string(status)),
      ("failing_cases", .integer(failures)), ("explained_cases", .integer(explainedCases)),
      ("zero_cases", .integer(zeroCases)), ("worst_detail", .string(worstDetail)),
      ("worst_position", .integer(worstPosition)),
    ]
    if points { members.append(("points", .array(self.points.map(\.json)))) }
    return .object(members)
  }

  /// The tensor's row in its family's table.
  func tableRow(family: String) -> [String] {
    [
      family, name.rawValue, "\(cases)", maxAbsoluteError.shortDescription,
      maxRelativeError.shortDescription, "\(maxULPs)",
      "\((maxScaledError / max(bound, .leastNonzeroMagnitude)).shortDescription)",
      worstCase, status,
    ]
  }
}

extension CasePoint {
  /// The point in a shard's JSON: `[position, case, scaled error, bound, flags]`.
  var json: JSONValue {
    let flags = [(passed, "p"), (explained, "e"), (illConditioned, "i"), (unjudged, "u")]
    return .array([
      .integer(position), .string(caseName), .double(scaledError), .double(bound),
      .string(flags.filter(\.0).map(\.1).joined()),
    ])
  }
}
