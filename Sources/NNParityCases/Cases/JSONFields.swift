import NNParity

/// Reads the members of one JSON object by name, with errors that name the field path,
/// and rejects members it was not asked about (a misspelt key is an error, not a default).
struct JSONFields {
  let path: String
  private let members: [(key: String, value: JSONValue)]
  private var used: Set<String> = []

  init(_ value: JSONValue, path: String) throws(CaseError) {
    guard case .object(let members) = value else {
      throw CaseError(
        field: path.isEmpty ? nil : path,
        message: "expected an object, found \(value.kindDescription)")
    }
    self.path = path
    self.members = members
    var seen: Set<String> = []
    for member in members where !seen.insert(member.key).inserted {
      throw CaseError(field: fieldPath(member.key), message: "appears twice")
    }
  }

  func fieldPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

  mutating func optional(_ key: String) -> JSONValue? {
    used.insert(key)
    return members.first { $0.key == key }?.value
  }

  mutating func required(_ key: String) throws(CaseError) -> JSONValue {
    guard let value = optional(key) else {
      throw CaseError(field: fieldPath(key), message: "missing")
    }
    return value
  }

  /// Fails on the first member nobody asked for.
  func rejectUnknown() throws(CaseError) {
    if let extra = members.first(where: { !used.contains($0.key) }) {
      throw CaseError(field: fieldPath(extra.key), message: "unknown field")
    }
  }

  /// Fails on the first member not in `known`, suggesting the closest known key: called
  /// before any other check, as the reference script does, so a misspelt key is named as
  /// such rather than as the missing key it was meant to be.
  func rejectUnknown(known: [String]) throws(CaseError) {
    if let extra = members.first(where: { !known.contains($0.key) }) {
      throw CaseError(
        field: fieldPath(extra.key),
        message: KeySuggestion.unknownFieldMessage(extra.key, known: known))
    }
  }

  mutating func string(_ key: String) throws(CaseError) -> String? {
    guard let value = optional(key) else { return nil }
    guard case .string(let text) = value else {
      throw CaseError(
        field: fieldPath(key), message: "expected a string, found \(value.kindDescription)")
    }
    return text
  }

  mutating func choice<Choice: RawRepresentable & CaseIterable>(
    _ key: String, default defaultValue: Choice
  ) throws(CaseError) -> Choice where Choice.RawValue == String {
    guard let text = try string(key) else { return defaultValue }
    guard let choice = Choice(rawValue: text) else {
      let allowed = Choice.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: " or ")
      throw CaseError(field: fieldPath(key), message: "\"\(text)\" is not \(allowed)")
    }
    return choice
  }

  mutating func number(_ key: String) throws(CaseError) -> Double? {
    guard let value = optional(key) else { return nil }
    return try JSONFields.finiteNumber(value, field: fieldPath(key))
  }

  mutating func matrix(_ key: String) throws(CaseError) -> Matrix<Double> {
    try JSONFields.matrix(try required(key), field: fieldPath(key))
  }

  static func finiteNumber(_ value: JSONValue, field: String) throws(CaseError) -> Double {
    guard case .number(let number, _) = value else {
      throw CaseError(field: field, message: "expected a number, found \(value.kindDescription)")
    }
    guard number.isFinite else {
      throw CaseError(field: field, message: "the number overflows to infinity")
    }
    return number
  }

  /// An array of equal-length, non-empty rows of finite numbers.
  static func matrix(_ value: JSONValue, field: String) throws(CaseError) -> Matrix<Double> {
    guard case .array(let rows) = value else {
      throw CaseError(
        field: field, message: "expected a matrix (array of rows), found \(value.kindDescription)")
    }
    guard !rows.isEmpty else { throw CaseError(field: field, message: "the matrix has no rows") }
    var elements: [Double] = []
    var columns = 0
    for (r, row) in rows.enumerated() {
      guard case .array(let numbers) = row else {
        throw CaseError(
          field: "\(field)[\(r)]", message: "expected a row (array), found \(row.kindDescription)")
      }
      if r == 0 {
        guard !numbers.isEmpty else {
          throw CaseError(field: "\(field)[0]", message: "the row is empty")
        }
        columns = numbers.count
        // Reserve only once every row is known to hold `columns` numbers: one long row
        // followed by many numbers would otherwise ask for rows × columns values, far more
        // than the file holds (10^12 for a 4 MB file), and trap.
        let isRectangular = rows.allSatisfy {
          if case .array(let row) = $0 { row.count == columns } else { false }
        }
        if isRectangular { elements.reserveCapacity(rows.count * columns) }
      } else if numbers.count != columns {
        throw CaseError(
          field: "\(field)[\(r)]",
          message: "ragged rows: this row has \(numbers.count) numbers, row 0 has \(columns)")
      }
      for (c, number) in numbers.enumerated() {
        elements.append(try finiteNumber(number, field: "\(field)[\(r)][\(c)]"))
      }
    }
    return Matrix(rows: rows.count, columns: columns, elements: elements)
  }
}
