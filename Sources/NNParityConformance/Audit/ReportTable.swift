import Foundation

/// A titled table of text cells, rendered as aligned text or as Markdown.
public struct ReportTable: Sendable, Equatable {
  public internal(set) var title: String
  public internal(set) var headers: [String]
  public internal(set) var rows: [[String]]
  /// Lines shown under the table (failures, explanations).
  public internal(set) var notes: [String] = []

  /// Aligned plain text.
  public var text: String {
    let widths = headers.indices.map { c in
      ([headers[c]] + rows.map { $0[c] }).map(\.count).max() ?? 0
    }
    func line(_ cells: [String]) -> String {
      zip(cells, widths).map { $0.padded(to: $1) }
        .joined(separator: "  ").trimmingTrailingSpaces
    }
    var lines = [title, line(headers)]
    lines += rows.map(line)
    lines += notes.map { "  " + $0 }
    return lines.joined(separator: "\n")
  }

  /// A GitHub-flavoured Markdown section.
  public var markdown: String {
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
