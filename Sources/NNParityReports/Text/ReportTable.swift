import Foundation
import NNParity
import NNParityAudit
import NNParityCases

/// A titled table of text cells, rendered as aligned text or as Markdown.
package struct ReportTable: Sendable, Equatable {
  package internal(set) var title: String
  package internal(set) var headers: [String]
  package internal(set) var rows: [[String]]
  /// Lines shown under the table (failures, explanations).
  package internal(set) var notes: [String] = []

  /// A table; every row has one cell per header.
  package init(title: String, headers: [String], rows: [[String]], notes: [String] = []) {
    self.title = title
    self.headers = headers
    self.rows = rows
    self.notes = notes
  }

  /// Aligned plain text, as wide as its widest row.
  package var text: String { text(width: .max) }

  /// Aligned plain text within `width` columns: when the rows are wider, the widest
  /// columns are narrowed and their cells wrap onto more lines; notes wrap with a hanging
  /// indent. `style` colours the status cells (nil: plain).
  package func text(width: Int, style: TerminalStyle? = nil) -> String {
    let (headers, rows, groups) = grouped(within: width)
    let body =
      Self.naturalWidth(headers, rows) <= width
      ? Self.aligned(headers, rows, groups, style: style)
      : Self.records(headers, rows, groups, width: width, style: style)
    return ([style?.title(title) ?? title] + body + noteLines(width: width))
      .joined(separator: "\n")
  }

  /// The headers and rows to lay out: when the rows are wider than `width` and the first
  /// column repeats (a family per tensor), that column becomes a heading per group (by the
  /// row it comes before).
  private func grouped(within width: Int) -> ([String], [[String]], [Int: String]) {
    guard Self.naturalWidth(headers, rows) > width, headers.count > 1,
      Set(rows.map { $0[0] }).count < rows.count
    else { return (headers, rows, [:]) }
    var groups: [Int: String] = [:]
    for (r, row) in rows.enumerated() where r == 0 || rows[r - 1][0] != row[0] {
      groups[r] = row[0]
    }
    return (Array(headers.dropFirst()), rows.map { Array($0.dropFirst()) }, groups)
  }

  /// The rows aligned in columns under their headers.
  private static func aligned(
    _ headers: [String], _ rows: [[String]], _ groups: [Int: String], style: TerminalStyle?
  ) -> [String] {
    let widths = headers.indices.map { c in
      ([headers[c]] + rows.map { $0[c] }).map(\.count).max() ?? 0
    }
    func line(_ cells: [String], colored: Bool) -> String {
      zip(cells, widths).enumerated().map { c, cell in
        let padded = c == widths.count - 1 ? cell.0 : cell.0.padded(to: cell.1)
        return colored ? style?.status(padded) ?? padded : padded
      }
      .joined(separator: "  ").trimmingTrailingSpaces
    }
    var out = [line(headers, colored: false)]
    for (r, row) in rows.enumerated() {
      if let group = groups[r] { out.append(group + ":") }
      out.append(line(row, colored: true))
    }
    return out
  }

  /// Too wide even so: one record per row, its name and status on the first line and
  /// "header value" pairs wrapped under it.
  private static func records(
    _ headers: [String], _ rows: [[String]], _ groups: [Int: String], width: Int,
    style: TerminalStyle?
  ) -> [String] {
    let statusColumn = headers.last == "" ? headers.count - 1 : nil
    var out: [String] = []
    for (r, row) in rows.enumerated() {
      if let group = groups[r] { out.append(group + ":") }
      let status = statusColumn.map { row[$0] } ?? ""
      out.append(
        (row.first ?? "") + (status.isEmpty ? "" : "  " + (style?.status(status) ?? status)))
      let details = zip(headers, row).enumerated()
        .filter { $0.offset > 0 && $0.offset != statusColumn && !$0.element.1.isEmpty }
        .map { "\($0.element.0) \($0.element.1)" }
        .joined(separator: ", ")
      out += details.wrapped(to: max(20, width - 4), atHyphens: false).map { "    " + $0 }
    }
    return out
  }

  /// Each note once, wrapped within `width` with a hanging indent (command lines whole).
  private func noteLines(width: Int) -> [String] {
    var out: [String] = []
    var seen: Set<String> = []
    for note in notes where seen.insert(note).inserted {
      for part in note.split(separator: "\n", omittingEmptySubsequences: false) {
        let indent = String(part.prefix { $0 == " " })
        let lead = "  " + indent
        let hanging = lead + "  "
        let body = String(part.dropFirst(indent.count))
        let wrapped =
          body.isCommandLine
          ? [body] : body.wrapped(to: max(20, min(width, 10_000) - hanging.count), atHyphens: false)
        out.append(lead + wrapped[0])
        out += wrapped.dropFirst().map { hanging + $0 }
      }
    }
    return out
  }

  /// The width of the aligned rows, unwrapped.
  private static func naturalWidth(_ headers: [String], _ rows: [[String]]) -> Int {
    let widths = headers.indices.map { c in
      ([headers[c]] + rows.map { $0[c] }).map(\.count).max() ?? 0
    }
    return widths.reduce(0, +) + 2 * max(widths.count - 1, 0)
  }

  /// A GitHub-flavoured Markdown section.
  package var markdown: String {
    var lines = ["### \(title)", ""]
    if !rows.isEmpty {
      lines.append("| " + headers.joined(separator: " | ") + " |")
      lines.append("|" + headers.map { _ in " --- |" }.joined())
      lines += rows.map {
        "| " + $0.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ")
          + " |"
      }
    }
    if !notes.isEmpty {
      lines.append("")
      lines += notes.map { "- " + $0 }
    }
    return lines.joined(separator: "\n")
  }
}

extension String {
  fileprivate var trimmingTrailingSpaces: String {
    var copy = self
    while copy.last == " " { copy.removeLast() }
    return copy
  }
}
