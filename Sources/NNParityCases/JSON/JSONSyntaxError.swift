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
