import NNParityCases

/// Why a JSON report cannot be read back: the field's path and what is wrong with it.
package struct ReportDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The field's path, such as `goldens[0].tensors[2].cases`.
  package let field: String
  package let message: String

  package init(field: String, message: String) {
    self.field = field
    self.message = message
  }

  package var description: String { field.isEmpty ? message : "\(field): \(message)" }
}

/// The members of one JSON object of a report, read by key with errors that name the
/// field's path. Unknown keys are ignored: a report may carry keys its reader does not need.
struct ReportFields {
  let path: String
  private let value: JSONValue

  init(_ value: JSONValue, path: String) throws(ReportDecodingError) {
    guard case .object = value else {
      throw ReportDecodingError(
        field: path, message: "expected an object, found \(value.kindDescription)")
    }
    self.value = value
    self.path = path
  }

  /// The path of `key` in this object.
  func field(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

  /// Whether the object has `key` (an optional key may be left out).
  func has(_ key: String) -> Bool { value[key] != nil }

  /// The value of `key`; an error when it is missing.
  func value(_ key: String) throws(ReportDecodingError) -> JSONValue {
    guard let member = value[key] else {
      throw ReportDecodingError(field: field(key), message: "missing")
    }
    return member
  }

  /// An error about `key`'s value.
  func wrong(_ key: String, _ expected: String, _ found: JSONValue) -> ReportDecodingError {
    ReportDecodingError(
      field: field(key), message: "expected \(expected), found \(found.kindDescription)")
  }

  func string(_ key: String) throws(ReportDecodingError) -> String {
    let member = try value(key)
    guard case .string(let text) = member else { throw wrong(key, "a string", member) }
    return text
  }

  /// A string, or nil for null.
  func optionalString(_ key: String) throws(ReportDecodingError) -> String? {
    if try value(key) == .null { return nil }
    return try string(key)
  }

  func bool(_ key: String) throws(ReportDecodingError) -> Bool {
    let member = try value(key)
    guard case .bool(let flag) = member else { throw wrong(key, "true or false", member) }
    return flag
  }

  /// A number, or the strings the writer gives a value that is not finite ("NaN",
  /// "Infinity", "-Infinity").
  func double(_ key: String) throws(ReportDecodingError) -> Double {
    try Self.double(value(key), field: field(key))
  }

  /// A whole number from 0 to 2^64 − 1.
  func unsigned(_ key: String) throws(ReportDecodingError) -> UInt64 {
    try Self.unsigned(value(key), field: field(key))
  }

  /// A whole number from 0 to Int.max.
  func int(_ key: String) throws(ReportDecodingError) -> Int {
    let number = try unsigned(key)
    guard number <= UInt64(Int.max) else {
      throw ReportDecodingError(field: field(key), message: "too large")
    }
    return Int(number)
  }

  /// A whole number, or nil for null.
  func optionalInt(_ key: String) throws(ReportDecodingError) -> Int? {
    if try value(key) == .null { return nil }
    return try int(key)
  }

  func array(_ key: String) throws(ReportDecodingError) -> [JSONValue] {
    let member = try value(key)
    guard case .array(let items) = member else { throw wrong(key, "an array", member) }
    return items
  }

  func object(_ key: String) throws(ReportDecodingError) -> ReportFields {
    try ReportFields(value(key), path: field(key))
  }

  /// An array of objects, each read by `read`.
  func objects<T>(_ key: String, _ read: (ReportFields) throws(ReportDecodingError) -> T)
    throws(ReportDecodingError) -> [T]
  {
    var items: [T] = []
    for (i, item) in try array(key).enumerated() {
      items.append(try read(ReportFields(item, path: "\(field(key))[\(i)]")))
    }
    return items
  }

  func strings(_ key: String) throws(ReportDecodingError) -> [String] {
    var items: [String] = []
    for (i, item) in try array(key).enumerated() {
      guard case .string(let text) = item else {
        throw ReportDecodingError(
          field: "\(field(key))[\(i)]", message: "expected a string, found \(item.kindDescription)")
      }
      items.append(text)
    }
    return items
  }

  /// `key`'s string as one of `Choice`'s raw values.
  func choice<Choice: RawRepresentable>(_ key: String, _: Choice.Type)
    throws(ReportDecodingError) -> Choice where Choice.RawValue == String
  {
    let text = try string(key)
    guard let choice = Choice(rawValue: text) else {
      throw ReportDecodingError(field: field(key), message: "unknown value '\(text)'")
    }
    return choice
  }

  static func double(_ value: JSONValue, field: String) throws(ReportDecodingError) -> Double {
    guard let number = value.numberOrNonFinite else {
      throw ReportDecodingError(
        field: field, message: "expected a number, found \(value.kindDescription)")
    }
    return number
  }

  static func unsigned(_ value: JSONValue, field: String) throws(ReportDecodingError) -> UInt64 {
    guard case .number(_, let exact?) = value else {
      throw ReportDecodingError(
        field: field, message: "expected a whole number, found \(value.kindDescription)")
    }
    return exact
  }
}
