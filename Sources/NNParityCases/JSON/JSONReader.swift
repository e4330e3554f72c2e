import NNParity

/// Limits that keep a hostile or mistaken file from exhausting the stack or memory.
package struct JSONLimits: Sendable, Equatable {
  /// The deepest nesting of arrays and objects accepted.
  package internal(set) var maximumDepth: Int
  /// The most values (numbers, strings, … in all) accepted in one document.
  package internal(set) var maximumValues: Int
  /// The most bytes accepted in one file: reading stops past them (`CaseFile.bytes`).
  package internal(set) var maximumBytes: Int

  /// Defaults: a case needs depth 5; 64 leaves room for extensions. 50 million values is
  /// far more than any case this tool is for (a 1024 × 1024 × 20-epoch mask set is 21 M).
  /// 2 GiB is 50 million values of 42 bytes: the longest double (24), ", " and 16 of layout.
  package static let `default` = JSONLimits(
    maximumDepth: 64, maximumValues: 50_000_000, maximumBytes: 2_147_483_648)

  package init(
    maximumDepth: Int, maximumValues: Int, maximumBytes: Int = Self.default.maximumBytes
  ) {
    self.maximumDepth = maximumDepth
    self.maximumValues = maximumValues
    self.maximumBytes = maximumBytes
  }
}

/// Why a document is not acceptable JSON, with the line and column where it broke.
package struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
  package internal(set) var line: Int
  package internal(set) var column: Int
  package internal(set) var message: String
  /// The input limit the document went over, when that is the error.
  package internal(set) var limit: InputLimit?
  /// One line: a key quoted in the message has its control characters escaped.
  package var description: String {
    "line \(line), column \(column): \(message.escapingControlCharacters)"
  }
}

/// A strict RFC 8259 JSON reader that does not recurse, so nesting depth costs heap,
/// not stack, and is bounded by `JSONLimits`.
package struct JSONReader {
  private let bytes: [UInt8]
  private var index = 0
  private let limits: JSONLimits
  private var valueCount = 0

  /// Parses one complete JSON document.
  package static func parse(_ bytes: [UInt8], limits: JSONLimits = .default) throws(JSONSyntaxError)
    -> JSONValue
  {
    var reader = JSONReader(bytes: bytes, limits: limits)
    return try reader.document()
  }

  private init(bytes: [UInt8], limits: JSONLimits) {
    self.bytes = bytes
    self.limits = limits
  }

  /// A container being filled while its children are parsed. It is mutated in place on
  /// the stack, so appending stays O(1) (popping an enum out to append would copy it).
  private struct Frame {
    var isObject: Bool
    var elements: [JSONValue] = []
    var members: [(key: String, value: JSONValue)] = []
    var pendingKey = ""

    /// Frees the values read so far without recursion (see `JSONValue.release`).
    mutating func release() {
      let elements = self.elements
      self.elements = []
      JSONValue.release(.array(consume elements))
      let members = self.members
      self.members = []
      JSONValue.release(.object(consume members))
    }
  }

  private mutating func document() throws(JSONSyntaxError) -> JSONValue {
    var stack: [Frame] = []
    do {
      return try document(&stack)
    } catch {
      // What was read before the error may be nested deep: free it without recursion.
      while var frame = stack.popLast() { frame.release() }
      throw error
    }
  }

  private mutating func document(_ stack: inout [Frame]) throws(JSONSyntaxError) -> JSONValue {
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
    let start = index
    skipWhitespace()
    if index == bytes.count {
      throw error(
        index == start ? "the file is empty" : "the file holds no JSON value, only whitespace")
    }
    var value: JSONValue
    while true {
      // Parse one value; containers push a frame and continue with their first child.
      skipWhitespace()
      guard index < bytes.count else { throw error("unexpected end of file, expected a value") }
      try countValue()
      switch bytes[index] {
      case UInt8(ascii: "["):
        index += 1
        try checkDepth(stack.count + 1)
        skipWhitespace()
        if peek(UInt8(ascii: "]")) {
          index += 1
          value = .array([])
        } else {
          stack.append(Frame(isObject: false))
          continue
        }
      case UInt8(ascii: "{"):
        index += 1
        try checkDepth(stack.count + 1)
        skipWhitespace()
        if peek(UInt8(ascii: "}")) {
          index += 1
          value = .object([])
        } else {
          stack.append(Frame(isObject: true, pendingKey: try key()))
          continue
        }
      case UInt8(ascii: "\""): value = .string(try string())
      case UInt8(ascii: "t"): try literal("true"); value = .bool(true)
      case UInt8(ascii: "f"): try literal("false"); value = .bool(false)
      case UInt8(ascii: "n"): try literal("null"); value = .null
      default: value = try number()
      }
      // Attach the value to its parent; close every container that ends here.
      while true {
        let top = stack.count - 1
        guard top >= 0 else {
          skipWhitespace()
          if index != bytes.count {
            JSONValue.release(consume value)
            throw error("unexpected text after the end of the document")
          }
          return value
        }
        skipWhitespace()
        if stack[top].isObject {
          stack[top].members.append((stack[top].pendingKey, value))
          if try separator(closing: UInt8(ascii: "}")) {
            value = .object(stack.removeLast().members)
            continue
          }
          skipWhitespace()
          stack[top].pendingKey = try key()
        } else {
          stack[top].elements.append(value)
          if try separator(closing: UInt8(ascii: "]")) {
            value = .array(stack.removeLast().elements)
            continue
          }
        }
        break
      }
    }
  }

  /// After a member: consumes `,` (returns false) or the closing bracket (returns true).
  private mutating func separator(closing: UInt8) throws(JSONSyntaxError) -> Bool {
    guard index < bytes.count else {
      throw error("unexpected end of file, expected ',' or '\(Character(UnicodeScalar(closing)))'")
    }
    if bytes[index] == UInt8(ascii: ",") {
      index += 1
      return false
    }
    if bytes[index] == closing {
      index += 1
      return true
    }
    throw error("expected ',' or '\(Character(UnicodeScalar(closing)))'")
  }

  private mutating func key() throws(JSONSyntaxError) -> String {
    guard peek(UInt8(ascii: "\"")) else { throw error("expected a quoted key") }
    let name = try string()
    skipWhitespace()
    guard peek(UInt8(ascii: ":")) else { throw error("expected ':' after the key \"\(name)\"") }
    index += 1
    return name
  }

  private mutating func countValue() throws(JSONSyntaxError) {
    valueCount += 1
    if valueCount > limits.maximumValues {
      throw error("more than \(limits.maximumValues) values, the limit", limit: .values)
    }
  }

  private func checkDepth(_ depth: Int) throws(JSONSyntaxError) {
    if depth > limits.maximumDepth {
      throw error("nesting deeper than \(limits.maximumDepth), the limit", limit: .depth)
    }
  }

  private func peek(_ byte: UInt8) -> Bool { index < bytes.count && bytes[index] == byte }

  private mutating func skipWhitespace() {
    while index < bytes.count {
      switch bytes[index] {
      case 0x20, 0x09, 0x0A, 0x0D: index += 1
      default: return
      }
    }
  }

  private mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
    let expected = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
    guard bytes.count - index >= expected.count,
      bytes[index..<(index + expected.count)].elementsEqual(expected)
    else { throw error("unexpected character") }
    index += expected.count
  }

  private mutating func number() throws(JSONSyntaxError) -> JSONValue {
    let start = index
    var isInteger = true
    if peek(UInt8(ascii: "-")) {
      index += 1
      isInteger = false
    }
    guard index < bytes.count, isDigit(bytes[index]) else { throw error("unexpected character") }
    if bytes[index] == UInt8(ascii: "0") {
      index += 1
    } else {
      while index < bytes.count, isDigit(bytes[index]) { index += 1 }
    }
    if peek(UInt8(ascii: ".")) {
      isInteger = false
      index += 1
      guard index < bytes.count, isDigit(bytes[index]) else {
        throw error("expected a digit after the decimal point")
      }
      while index < bytes.count, isDigit(bytes[index]) { index += 1 }
    }
    if peek(UInt8(ascii: "e")) || peek(UInt8(ascii: "E")) {
      isInteger = false
      index += 1
      if peek(UInt8(ascii: "+")) || peek(UInt8(ascii: "-")) { index += 1 }
      guard index < bytes.count, isDigit(bytes[index]) else {
        throw error("expected a digit in the exponent")
      }
      while index < bytes.count, isDigit(bytes[index]) { index += 1 }
    }
    let text = String(decoding: bytes[start..<index], as: UTF8.self)
    guard let double = Double(text) else { throw error("unreadable number \(text)") }
    return .number(double, exactInteger: isInteger ? UInt64(text) : nil)
  }

  private func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

  private mutating func string() throws(JSONSyntaxError) -> String {
    index += 1  // the opening quote
    var scalars = String.UnicodeScalarView()
    var runStart = index
    func flushRun(_ end: Int) throws(JSONSyntaxError) {
      guard end > runStart else { return }
      guard let run = String(validating: bytes[runStart..<end], as: UTF8.self) else {
        throw error("a string is not valid UTF-8")
      }
      scalars.append(contentsOf: run.unicodeScalars)
    }
    while index < bytes.count {
      let byte = bytes[index]
      switch byte {
      case UInt8(ascii: "\""):
        try flushRun(index)
        index += 1
        return String(scalars)
      case UInt8(ascii: "\\"):
        try flushRun(index)
        index += 1
        guard index < bytes.count else { break }
        let escape = bytes[index]
        index += 1
        switch escape {
        case UInt8(ascii: "\""): scalars.append("\"")
        case UInt8(ascii: "\\"): scalars.append("\\")
        case UInt8(ascii: "/"): scalars.append("/")
        case UInt8(ascii: "b"): scalars.append("\u{08}")
        case UInt8(ascii: "f"): scalars.append("\u{0C}")
        case UInt8(ascii: "n"): scalars.append("\n")
        case UInt8(ascii: "r"): scalars.append("\r")
        case UInt8(ascii: "t"): scalars.append("\t")
        case UInt8(ascii: "u"): scalars.append(try unicodeEscape())
        default: throw error("invalid escape in a string")
        }
        runStart = index
      case 0..<0x20:
        throw error("a control character inside a string")
      default:
        index += 1
      }
    }
    throw error("unterminated string")
  }

  private mutating func unicodeEscape() throws(JSONSyntaxError) -> Unicode.Scalar {
    let high = try hex4()
    if (0xD800..<0xDC00).contains(high) {
      guard bytes.count - index >= 6, bytes[index] == UInt8(ascii: "\\"),
        bytes[index + 1] == UInt8(ascii: "u")
      else { throw error("an unpaired surrogate in a string") }
      index += 2
      let low = try hex4()
      guard (0xDC00..<0xE000).contains(low),
        let scalar = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
      else { throw error("an unpaired surrogate in a string") }
      return scalar
    }
    guard let scalar = Unicode.Scalar(high) else {
      throw error("an unpaired surrogate in a string")
    }
    return scalar
  }

  private mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
    guard bytes.count - index >= 4 else { throw error("a short \\u escape") }
    var value: UInt32 = 0
    for _ in 0..<4 {
      let byte = bytes[index]
      let digit: UInt8
      switch byte {
      case 0x30...0x39: digit = byte - 0x30
      case 0x41...0x46: digit = byte - 0x41 + 10
      case 0x61...0x66: digit = byte - 0x61 + 10
      default: throw error("a bad \\u escape")
      }
      value = value << 4 | UInt32(digit)
      index += 1
    }
    return value
  }

  private func error(_ message: String, limit: InputLimit? = nil) -> JSONSyntaxError {
    var line = 1
    var lineStart = 0
    let end = min(index, bytes.count)
    for i in 0..<end where bytes[i] == 0x0A {
      line += 1
      lineStart = i + 1
    }
    return JSONSyntaxError(
      line: line, column: end - lineStart + 1, message: message, limit: limit)
  }
}
