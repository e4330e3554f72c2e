import NNParityAudit
import NNParityCases

extension InvariantSummary {
  /// The invariant in the report's JSON (`invariants` entries).
  var json: JSONValue {
    .object([
      ("invariant", .string(name)), ("cases", .integer(cases)),
      ("worst_deviation", .double(worstDeviation)), ("worst_case", .string(worstCase)),
      ("passed", .bool(passed)), ("failures", .array(failures.map(\.json))),
      ("worst_position", worstPosition.map { .integer($0) } ?? .null),
    ])
  }

  /// The headers of the invariants table.
  static let tableHeaders = ["invariant", "cases", "worst deviation", "worst case", ""]

  /// The invariant's row.
  var tableRow: [String] {
    [name, "\(cases)", worstDeviation.shortDescription, worstCase, passed ? "ok" : "FAIL"]
  }

  /// Its failures, each named, for under the table.
  var notes: [String] { failures.map { "\(name): \($0)" } }
}
