/// One failure of a finite-difference check, an invariant or the exact oracle, as fields:
/// the case, what was measured, its value and the bound it broke.
public struct CheckFailure: Sendable, Equatable, CustomStringConvertible {
  /// The case's name.
  public let caseName: String
  /// What was measured ("relative error", "deviation", "Swift against the exact value").
  public let measure: String
  /// The measured value, and the bound it is beyond (nil when the check has no single one).
  public let value: Double
  public let bound: Double?
  /// The detail after the case's name in text reports.
  public let text: String

  init(caseName: String, measure: String, value: Double, bound: Double?, text: String) {
    self.caseName = caseName
    self.measure = measure
    self.value = value
    self.bound = bound
    self.text = text
  }

  /// `case: detail`, one line.
  public var description: String { "\(caseName): \(text)" }

  /// The failure in the report's JSON.
  var json: JSONValue {
    .object([
      ("case", .string(caseName)), ("measure", .string(measure)), ("value", .double(value)),
      ("bound", bound.map(JSONValue.double) ?? .null), ("text", .string(text)),
    ])
  }
}
