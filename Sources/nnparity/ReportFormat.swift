import ArgumentParser
import Foundation
import NNParityAudit
import NNParityReports

/// The formats an audit's report is printed in: `nnparity audit --format` and
/// `nnparity merge --format` offer the same.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
  case text, markdown, json, junit, html

  /// The help of a `--format` option.
  static let help = ArgumentHelp(
    "Report format: text, markdown (fits a CI job summary), json, junit (XML for CI dashboards) or html (one self-contained page with plots)."
  )

  /// `report` in this format; text is `quiet` or `verbose` as asked, coloured on a terminal.
  func render(_ report: AuditReport, quiet: Bool = false, verbose: Bool = false) -> String {
    switch self {
    case .json: report.json(raising: LimitOptions.flag).serialized()
    case .junit: report.junit(raising: LimitOptions.flag)
    case .html: report.html(raising: LimitOptions.flag)
    case .markdown: report.markdown(raising: LimitOptions.flag)
    case .text:
      report.text(
        quiet: quiet, verbose: verbose, width: 100,
        style: TerminalStyle.enabled(
          isTerminal: isatty(STDOUT_FILENO) != 0, environment: ProcessInfo.processInfo.environment)
          ? TerminalStyle() : nil, raising: LimitOptions.flag)
    }
  }

  /// Says on standard error, one line each, what could not be read, when the report is for
  /// a machine (its format keeps standard output to itself) and so may not be read by one.
  func noteLoadErrors(of report: AuditReport) {
    guard self != .text else { return }
    for error in report.loadErrors {
      StandardError.write("nnparity: cannot read \(error.description(raising: LimitOptions.flag))")
    }
  }
}
