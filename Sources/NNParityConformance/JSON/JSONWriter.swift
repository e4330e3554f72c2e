import NNParity

/// Writes JSON text: numbers in shortest round-trip form, non-finite numbers as the
/// strings "NaN", "Infinity" and "-Infinity" (the spec's convention).
public enum JSONWriter {
  /// A float64 number: the shortest text that reads back to the same Double.
  public static func number(_ value: Double) -> String {
    guard value.isFinite else { return nonFinite(value) }
    return value.description
  }

  /// A float32 number, written from its Float value: the shortest text that reads back to
  /// the same Float.
  public static func number(_ value: Float) -> String {
    guard value.isFinite else { return nonFinite(Double(value)) }
    return value.description
  }

  /// A number held as Double, written at the precision of `dtype`.
  public static func number(_ value: Double, dtype: DType) -> String {
    dtype == .float32 ? number(Float(value)) : number(value)
  }

  /// A JSON string literal.
  public static func string(_ value: String) -> String {
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
