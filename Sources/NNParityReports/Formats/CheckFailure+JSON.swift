import NNParityAudit
import NNParityCases

extension CheckFailure {
  /// The failure in the report's JSON.
  var json: JSONValue {
    .object([
      ("case", .string(caseName)), ("measure", .string(measure)), ("value", .double(value)),
      ("bound", bound.map(JSONValue.double) ?? .null), ("text", .string(text)),
      ("position", .integer(position)),
    ])
  }
}
