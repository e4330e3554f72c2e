import NNParity

/// A parsed JSON value. Objects keep their keys in document order.
package enum JSONValue: Sendable, Equatable {
  case null
  case bool(Bool)
  /// A number: its nearest Double, and its exact value when it is a non-negative integer
  /// that fits in 64 bits (so seeds up to 2^64 − 1 survive).
  case number(Double, exactInteger: UInt64?)
  case string(String)
  case array([JSONValue])
  case object([(key: String, value: JSONValue)])

  package static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
    switch (lhs, rhs) {
    case (.null, .null): true
    case (.bool(let a), .bool(let b)): a == b
    case (.number(let a, let ia), .number(let b, let ib)): a == b && ia == ib
    case (.string(let a), .string(let b)): a == b
    case (.array(let a), .array(let b)): a == b
    case (.object(let a), .object(let b)):
      a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    default: false
    }
  }

  /// The JSON type's name, for error messages: "a string", "an array", …
  package var kindDescription: String {
    switch self {
    case .null: "null"
    case .bool: "a boolean"
    case .number: "a number"
    case .string: "a string"
    case .array: "an array"
    case .object: "an object"
    }
  }

  /// The number, or the number a string stands for where JSON has none ("NaN",
  /// "Infinity", "-Infinity", as `JSONWriter` writes them); nil for anything else.
  package var numberOrNonFinite: Double? {
    switch self {
    case .number(let number, _): number
    case .string("NaN"): .nan
    case .string("Infinity"): .infinity
    case .string("-Infinity"): -.infinity
    default: nil
    }
  }

  /// The value for `key` when this is an object that has it.
  package subscript(key: String) -> JSONValue? {
    guard case .object(let members) = self else { return nil }
    return members.first { $0.key == key }?.value
  }
}

extension JSONValue {
  /// Frees `value` without recursion; pass the last reference to it, with `consume`.
  ///
  /// Swift frees nested arrays by recursing once per level (about 150 bytes of stack a
  /// level in a debug build), so a document nested 70,000 deep — which the reader accepts
  /// once `--max-depth` is raised — overflowed an 8 MB stack when it was dropped. Here each
  /// container's children are first held by a heap stack, so freeing it recurses no further.
  package static func release(_ value: consuming JSONValue) {
    var pending: [JSONValue] = []
    pending.append(consume value)
    while let next = pending.popLast() {
      switch next {
      case .array(let items):
        for item in items where item.isContainer { pending.append(item) }
      case .object(let members):
        for member in members where member.value.isContainer { pending.append(member.value) }
      default: break
      }
    }
  }

  private var isContainer: Bool {
    switch self {
    case .array, .object: true
    default: false
    }
  }
}
