import ArgumentParser
import NNParityAudit
import NNParityReports

/// `nnparity merge`: shard reports (`nnparity audit --shard K/N --format json`) combined into
/// the report and verdict one run would have given.
struct MergeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "merge",
    abstract: "Merge the JSON reports of an audit's shards into one report and verdict.",
    discussion: """
      Each REPORT is the JSON of `nnparity audit --shard K/N --format json`. They must be one \
      complete set: the same N, every K from 1 to N exactly once, the same seed, random \
      cases, tool version, subject, goldens, filter, case files and options; otherwise the \
      merge fails with one line naming the file and the field. The evidence rules are \
      applied to the merged whole. Exits 0 only when the merged report passes.
      """
  )

  @Option(help: ReportFormat.help)
  var format: ReportFormat = .text

  @Flag(help: "Print only the failures and the verdict line.")
  var quiet = false

  @Flag(help: "Print every table of the text report (default: one screen).")
  var verbose = false

  @Argument(help: ArgumentHelp("The shards' JSON reports.", valueName: "report"))
  var reports: [String] = []

  mutating func validate() throws {
    if reports.isEmpty { throw ValidationError("give the shards' JSON reports to merge.") }
  }

  func run() throws {
    let report: AuditReport
    do {
      report = try ShardMerge.merge(files: reports)
    } catch {
      throw CommandFailure(error.description)
    }
    format.noteLoadErrors(of: report)
    print(format.render(report, quiet: quiet, verbose: verbose))
    if !report.passed { throw ExitCode(1) }
  }
}
