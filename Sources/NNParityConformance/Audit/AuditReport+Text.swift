import NNParity

extension AuditReport {
  /// The report for a terminal or a log: the NumPy line, the tables within `width`
  /// columns, the verdict; with `quiet`, only the failures and the verdict. `style` adds
  /// colour (nil: plain text).
  public func text(quiet: Bool = false, width: Int = 100, style: TerminalStyle? = nil) -> String {
    let verdictLine = style?.verdict(verdict) ?? verdict
    if quiet {
      let failures = failureLines.flatMap { line in
        line.split(separator: "\n", omittingEmptySubsequences: false).flatMap { part in
          if String(part).isCommandLine { return [String(part)] }
          let indent = String(part.prefix { $0 == " " })
          let wrapped = String(part.dropFirst(indent.count)).wrapped(
            to: max(20, width - indent.count - 2), atHyphens: false)
          return [indent + wrapped[0]] + wrapped.dropFirst().map { indent + "  " + $0 }
        }
      }
      return (failures.map { style?.failure($0) ?? $0 } + [verdictLine]).joined(separator: "\n")
    }
    let sections = tables.map { $0.text(width: width, style: style) + "\n" }
    return ([numpyLine, ""] + sections + [verdictLine]).joined(separator: "\n")
  }

  /// The report as a Markdown document (a CI job summary).
  public var markdown: String {
    let sections = ["## nnparity audit", numpyLine] + tables.map(\.markdown)
    return (sections + ["**\(verdict)**"]).joined(separator: "\n\n")
  }
}
