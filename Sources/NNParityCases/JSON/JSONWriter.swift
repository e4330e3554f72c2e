import NNParity

/// Writes JSON text: numbers in shortest round-trip form, non-finite numbers as the
/// strings "NaN", "Infinity" and "-Infinity" (the spec's convention).
package enum JSONWriter {
  /// A float64 number: the shortest text that reads back to the same Double.
  package static func number(_ value: Double) -> String {
    guard value.isFinite else { return nonFinite(value) }
    return value.description
  }

  /// A float32 number, written from its Float value: the shortest text that reads back to
  /// the same Float.
  package static func number(_ value: Float) -> String {
    guard value.isFinite else { return nonFinite(Double(value)) }
    return value.description
  }

  /// A number held as Double, written at the precision of `dtype`.
  package static func number(_ value: Double, dtype: DType) -> String {
    dtype == .float32 ? number(Float(value)) : number(value)
  }

  /// A JSON string literal.
  package static func string(_ value: String) -> String {
    var out = "\""
    for scalar in value.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where scalar.value < 0x20:
        let hex = String(scalar.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }

  private static func nonFinite(_ value: Double) -> String {
    value.isNaN ? "\"NaN\"" : (value > 0 ? "\"Infinity\"" : "\"-Infinity\"")
  }
}

extension JSONValue {
  /// The value as JSON text, indented by two spaces per level; numbers are written as
  /// float64, integers as integers.
  package func serialized(indent: String = "") -> String {
    let inner = indent + "  "
    switch self {
    case .null: return "null"
    case .bool(let value): return value ? "true" : "false"
    case .number(let value, let exact):
      return exact.map(String.init) ?? JSONWriter.number(value)
    case .string(let value): return JSONWriter.string(value)
    case .array(let items):
      if items.isEmpty { return "[]" }
      return "[\n" + items.map { inner + $0.serialized(indent: inner) }.joined(separator: ",\n")
        + "\n" + indent + "]"
    case .object(let members):
      if members.isEmpty { return "{}" }
      return "{\n"
        + members.map {
          inner + JSONWriter.string($0.key) + ": " + $0.value.serialized(indent: inner)
        }
        .joined(separator: ",\n") + "\n" + indent + "}"
    }
  }

  /// A number value.
  package static func double(_ value: Double) -> JSONValue { .number(value, exactInteger: nil) }
  /// A whole-number value.
  package static func integer<I: BinaryInteger>(_ value: I) -> JSONValue {
    .number(Double(value), exactInteger: UInt64(clamping: value))
  }
}
