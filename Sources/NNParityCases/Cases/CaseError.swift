import NNParity

/// Why a case (or golden) cannot be evaluated: the field at fault and what is wrong.
package struct CaseError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The file, when the case came from one.
  package internal(set) var file: String?
  /// The field path, such as `train.masks[3][1][0]`; nil for whole-file problems.
  package internal(set) var field: String?
  /// What is wrong, in a few words.
  package internal(set) var message: String
  /// The input limit the case went over, when that is the error.
  package internal(set) var limit: InputLimit?

  /// An error about `field` of `file`; `limit` when the case went over an input limit.
  package init(file: String? = nil, field: String?, message: String, limit: InputLimit? = nil) {
    self.file = file
    self.field = field
    self.message = message
    self.limit = limit
  }

  /// One line: `FILE: FIELD: MESSAGE`. A line break or other control character in them (a
  /// key, name or file name can hold one) is written as an escape, so it stays one line.
  package var description: String {
    [file, field, message].compactMap { $0?.escapingControlCharacters }.joined(separator: ": ")
  }

  /// The one-line description, and for an error over a limit how to raise it:
  /// `raising(limit)` names the setting (a command's flag), nil to say nothing.
  package func description(raising: (InputLimit) -> String?) -> String {
    guard let limit, let setting = raising(limit) else { return description }
    return description + " (raise it with \(setting))"
  }

  /// The same error, attributed to `file`.
  package func inFile(_ file: String) -> CaseError {
    var copy = self
    copy.file = file
    return copy
  }
}

extension String {
  /// The text with every control character (C0, DEL, C1) and Unicode line or paragraph
  /// separator escaped (`\n`, `\r`, `\t`, else `\u{…}`): safe to print as one line.
  package var escapingControlCharacters: String {
    func isControl(_ scalar: Unicode.Scalar) -> Bool {
      scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar == "\u{2028}"
        || scalar == "\u{2029}"
    }
    guard unicodeScalars.contains(where: isControl) else { return self }
    var escaped = String.UnicodeScalarView()
    for scalar in unicodeScalars {
      switch scalar {
      case "\n": escaped.append(contentsOf: #"\n"#.unicodeScalars)
      case "\r": escaped.append(contentsOf: #"\r"#.unicodeScalars)
      case "\t": escaped.append(contentsOf: #"\t"#.unicodeScalars)
      case _ where isControl(scalar):
        escaped.append(contentsOf: "\\u{\(String(scalar.value, radix: 16))}".unicodeScalars)
      default: escaped.append(scalar)
      }
    }
    return String(escaped)
  }
}
