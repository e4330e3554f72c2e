import NNParityAudit
import NNParityCases

/// ANSI colours for a report on a terminal: red failures, green passes, yellow for what
/// is explained or known. Used only when `enabled(isTerminal:environment:)` says so.
package struct TerminalStyle: Sendable {
  package init() {}

  /// Whether to colour: on a terminal, unless `NO_COLOR` is set to anything non-empty
  /// (no-color.org) or `TERM` is `dumb`.
  package static func enabled(isTerminal: Bool, environment: [String: String]) -> Bool {
    isTerminal && (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb"
  }

  static let (red, green, yellow, bold, reset) = (
    "\u{1B}[31m", "\u{1B}[32m", "\u{1B}[33m", "\u{1B}[1m", "\u{1B}[0m"
  )

  /// A table's title, bold.
  func title(_ text: String) -> String { Self.bold + text + Self.reset }

  /// A status cell coloured by its word (FAIL red, ok green, explained or known yellow).
  func status(_ cell: String) -> String {
    let word = cell.trimmingCharacters(in: " ")
    if word == "FAIL" { return Self.red + cell + Self.reset }
    if word == "ok" || word.hasPrefix("ok (") { return Self.green + cell + Self.reset }
    if word == "explained" || word == "known" { return Self.yellow + cell + Self.reset }
    return cell
  }

  /// The verdict line: PASSED green, FAILED red, both bold.
  package func verdict(_ line: String) -> String {
    (line.hasPrefix("PASSED") ? Self.green : Self.red) + Self.bold + line + Self.reset
  }

  /// A failure line, red.
  package func failure(_ line: String) -> String { Self.red + line + Self.reset }
}

extension String {
  fileprivate func trimmingCharacters(in character: Character) -> String {
    var text = Substring(self)
    while text.first == character { text.removeFirst() }
    while text.last == character { text.removeLast() }
    return String(text)
  }
}
