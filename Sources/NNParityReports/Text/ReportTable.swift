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
    var headers = headers
    var rows = rows.map { $0 }
    var groups: [Int: String] = [:]
    if Self.naturalWidth(headers, rows) > width, headers.count > 1,
      Set(rows.map { $0[0] }).count < rows.count
    {
      // The first column repeats (a family per tensor): it becomes a heading per group.
      for (r, row) in rows.enumerated() where r == 0 || rows[r - 1][0] != row[0] {
        groups[r] = row[0]
      }
      headers.removeFirst()
      rows = rows.map { Array($0.dropFirst()) }
    }
    var out = [style?.title(title) ?? title]
    if Self.naturalWidth(headers, rows) <= width {
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
      out.append(line(headers, colored: false))
      for (r, row) in rows.enumerated() {
        if let group = groups[r] { out.append(group + ":") }
        out.append(line(row, colored: true))
      }
    } else {
      // Too wide even so: one record per row, its name and status on the first line and
      // "header value" pairs wrapped under it.
      let statusColumn = headers.last == "" ? headers.count - 1 : nil
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
    }
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
    return out.joined(separator: "\n")
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
