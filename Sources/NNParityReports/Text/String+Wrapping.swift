import NNParity
import NNParityAudit
import NNParityCases

extension String {
  /// The pieces the text may break between: words split at spaces, and after each `-`
  /// inside a word. Each piece says whether a space came before it.
  private func breakablePieces(atHyphens: Bool = true) -> [(text: String, spaceBefore: Bool)] {
    var pieces: [(String, Bool)] = []
    for (w, word) in split(separator: " ", omittingEmptySubsequences: false).enumerated() {
      var current = ""
      var first = true
      for character in word {
        current.append(character)
        if atHyphens, character == "-" {
          pieces.append((current, first && w > 0))
          (current, first) = ("", false)
        }
      }
      if !current.isEmpty || first { pieces.append((current, first && w > 0)) }
    }
    return pieces
  }

  /// The longest piece the text cannot break inside (see `wrapped(to:)`).
  package var longestUnbreakable: Int { breakablePieces().map(\.text.count).max() ?? 0 }

  /// The text broken into lines of at most `width` characters: at spaces and after
  /// hyphens (unless `atHyphens` is false) where it can be, inside a piece longer than a
  /// whole line where it must. Never empty.
  package func wrapped(to width: Int, atHyphens: Bool = true) -> [String] {
    let width = Swift.max(width, 1)
    var lines: [String] = []
    var line = ""
    for (piece, spaceBefore) in breakablePieces(atHyphens: atHyphens) {
      let joined = line + (spaceBefore && !line.isEmpty ? " " : "") + piece
      if joined.count <= width || line.isEmpty {
        line = joined
      } else {
        lines.append(line)
        line = piece
      }
      while line.count > width {
        lines.append(String(line.prefix(width)))
        line = String(line.dropFirst(width))
      }
    }
    lines.append(line)
    return lines
  }
}

extension String {
  /// Whether the text (leading spaces aside) is a command to copy — a `reproduce:` line or
  /// its continuation — which must stay on one line.
  package var isCommandLine: Bool {
    let text = drop { $0 == " " }
    return ["reproduce:", "nnparity ", "python3 "].contains { text.hasPrefix($0) }
  }
}
