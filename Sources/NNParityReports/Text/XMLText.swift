import NNParityCases
import NNParityJudging

extension String {
  /// The text escaped for an XML attribute or element (`&`, `<`, `>`, quotes), with the
  /// characters XML 1.0 cannot hold (C0 controls but tab, line feed and carriage return;
  /// U+FFFE, U+FFFF) written as `\u{…}`.
  var xmlEscaped: String {
    var out = ""
    for scalar in unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&apos;"
      case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
      case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF:
        out += "\\u{\(String(scalar.value, radix: 16))}"
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }
}
