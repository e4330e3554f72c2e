import NNParity

/// A strict RFC 8259 JSON reader that does not recurse, so nesting depth costs heap,
/// not stack, and is bounded by `JSONLimits`.
package struct JSONReader {
  let bytes: [UInt8]
  var index = 0
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
    while true {
      // Parse one value; a container pushes a frame and continues with its first child.
      guard let value = try valueOrOpening(&stack) else { continue }
      if let document = try attach(value, to: &stack) { return document }
    }
  }

  /// The next value, or nil when it opens a non-empty container: its frame is pushed and
  /// its first child comes next.
  private mutating func valueOrOpening(_ stack: inout [Frame]) throws(JSONSyntaxError)
    -> JSONValue?
  {
    skipWhitespace()
    guard index < bytes.count else { throw error("unexpected end of file, expected a value") }
    try countValue()
    switch bytes[index] {
    case UInt8(ascii: "["):
      index += 1
      try checkDepth(stack.count + 1)
      skipWhitespace()
      guard peek(UInt8(ascii: "]")) else {
        stack.append(Frame(isObject: false))
        return nil
      }
      index += 1
      return .array([])
    case UInt8(ascii: "{"):
      index += 1
      try checkDepth(stack.count + 1)
      skipWhitespace()
      guard peek(UInt8(ascii: "}")) else {
        stack.append(Frame(isObject: true, pendingKey: try key()))
        return nil
      }
      index += 1
      return .object([])
    case UInt8(ascii: "\""): return .string(try string())
    case UInt8(ascii: "t"): try literal("true"); return .bool(true)
    case UInt8(ascii: "f"): try literal("false"); return .bool(false)
    case UInt8(ascii: "n"): try literal("null"); return .null
    default: return try number()
    }
  }

  /// Attaches `value` to its parent and closes every container that ends after it: the
  /// document when it ends here, else nil (the next member or element comes next).
  private mutating func attach(_ value: consuming JSONValue, to stack: inout [Frame])
    throws(JSONSyntaxError) -> JSONValue?
  {
    var value = value
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
      return nil
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

  func peek(_ byte: UInt8) -> Bool { index < bytes.count && bytes[index] == byte }

  private mutating func skipWhitespace() {
    while index < bytes.count {
      switch bytes[index] {
      case 0x20, 0x09, 0x0A, 0x0D: index += 1
      default: return
      }
    }
  }

  func error(_ message: String, limit: InputLimit? = nil) -> JSONSyntaxError {
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
