import NNParity
import NNParityAudit
import NNParityCases
import NNParityJudging

extension FiniteDifferenceSummary {
  /// The family in the report's JSON (`finite_differences` entries).
  var json: JSONValue {
    .object([
      ("family", .string(name)), ("semantics", .string(semantics.rawValue)),
      ("pass", .string(pass.rawValue)), ("expected_to_match", .bool(expectedToMatch)),
      ("cases", .integer(cases)), ("worst_rel_error", .double(worstError)),
      ("where", .string(worstLocation)),
      ("worst_rel_error_beyond_noise", .double(worstErrorBeyondNoise)),
      ("below_noise", .integer(belowNoise)),
      ("skipped_at_kinks", .integer(skippedAtKinks)),
      ("passed", .bool(passed)), ("failures", .array(failures.map(\.json))),
      ("worst_position", worstPosition.map { .integer($0) } ?? .null),
    ])
  }

  /// The headers of the finite-difference table.
  static let tableHeaders = [
    "family", "cases", "worst rel error", "where", "beyond FD noise", "below noise", "at kinks",
    "",
  ]

  /// The family's row.
  var tableRow: [String] {
    [
      name, "\(cases)", worstError.shortDescription, worstLocation,
      worstErrorBeyondNoise.shortDescription, "\(belowNoise)", "\(skippedAtKinks)",
      expectedToMatch ? (passed ? "ok" : "FAIL") : "known",
    ]
  }

  /// What the table says under its rows: the failures, the known properties' explanations,
  /// and the bound.
  static func notes(_ families: [FiniteDifferenceSummary]) -> [String] {
    families.flatMap(\.failures).map(\.description)
      + knownPropertyNotes(families)
      + [
        "bound: \(Tolerances.finiteDifferences), applied beyond the differences' own "
          + "rounding noise (elements below it are checked only to that level)"
      ]
  }

  /// Each explanation once, after the names of every family it explains.
  private static func knownPropertyNotes(_ families: [FiniteDifferenceSummary]) -> [String] {
    var order: [String] = []
    var names: [String: [String]] = [:]
    for family in families {
      guard let explanation = family.explanation else { continue }
      if names[explanation] == nil { order.append(explanation) }
      names[explanation, default: []].append(family.name)
    }
    return order.map { "\((names[$0] ?? []).joined(separator: " and ")): \($0)" }
  }
}
