import NNParity
import NNParityAudit
import NNParityCases

extension AuditReport {
  /// The report for a terminal or a log, within `width` columns: one screen (a line per
  /// family, every failure in full, the verdict); with `verbose`, every table; with `quiet`,
  /// only the failures and the verdict. `style` adds colour (nil: plain text).
  package func text(
    quiet: Bool = false, verbose: Bool = false, width: Int = 100, style: TerminalStyle? = nil,
    raising: LimitSetting = noLimitSetting
  ) -> String {
    let verdictLine = style?.verdict(verdict) ?? verdict
    let numpy = Self.wrapped(numpyLine, width: width)
    if quiet {
      let failures = failureLines(raising: raising).flatMap { Self.wrapped($0, width: width) }
      // What was skipped, and why, is worth a line even when quiet.
      let skip = liveSkippedReason == nil ? [] : numpy
      return (skip + failures.map { style?.failure($0) ?? $0 } + [verdictLine])
        .joined(separator: "\n")
    }
    guard verbose else { return summary(width: width, style: style, raising: raising) }
    let sections = tables(raising: raising).map { $0.text(width: width, style: style) + "\n" }
    let kernels = kernelsLine.map { Self.wrapped($0, width: width) } ?? []
    return (numpy + kernels + [""] + sections + [verdictLine]).joined(separator: "\n")
  }

  /// A message's lines within `width` columns: each line wrapped at spaces, continuations
  /// indented two more than the line; command lines are kept whole so they can be copied.
  static func wrapped(_ message: String, width: Int) -> [String] {
    message.split(separator: "\n", omittingEmptySubsequences: false).flatMap { part in
      if String(part).isCommandLine { return [String(part)] }
      let indent = String(part.prefix { $0 == " " })
      let wrapped = String(part.dropFirst(indent.count)).wrapped(
        to: max(20, width - indent.count - 2), atHyphens: false)
      return [indent + wrapped[0]] + wrapped.dropFirst().map { indent + "  " + $0 }
    }
  }

  /// The report as a Markdown document (a CI job summary).
  package func markdown(raising: LimitSetting = noLimitSetting) -> String {
    let sections =
      ["## nnparity audit", numpyLine] + [kernelsLine].compactMap { $0 }
      + tables(raising: raising).map(\.markdown)
    return (sections + ["**\(verdict)**"]).joined(separator: "\n\n")
  }
}
