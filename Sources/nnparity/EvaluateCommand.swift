import ArgumentParser
import NNParity
import NNParityAudit
import NNParityBenchmark
import NNParityCases
import NNParityJudging
import NNParityPython
import NNParityReports

#if canImport(Glibc)
  import Glibc
#endif

/// `nnparity evaluate`: runs case files through the Swift network, one result per line.
struct EvaluateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "evaluate",
    abstract: "Evaluate case files (nnparity.case/1) and print one JSON result per line.",
    discussion: """
      Standard output gets one line per file, in argument order, each naming its file: the \
      result, or {"file": …, "error": {"field": …, "message": …}} for a case that cannot \
      be evaluated. That error also goes to standard error as one line naming the file and \
      the field; the other cases are still evaluated, and the exit status is 1. '-' reads \
      a case from standard input.
      """
  )

  @Argument(
    help: ArgumentHelp(
      "Case files in the nnparity.case/1 format ('-': standard input).", valueName: "case-file"))
  var cases: [String] = []

  @OptionGroup var limits: LimitOptions

  mutating func validate() throws {
    if cases.isEmpty {
      throw ValidationError("Give at least one case file, or '-' for standard input.")
    }
    if cases.filter({ $0 == CaseFile.standardInput }).count > 1 {
      throw ValidationError("'-' (standard input) can be given once.")
    }
  }

  func run() throws {
    var failures = 0
    for path in cases {
      do {
        let networkCase = try CaseFile.load(path, limits: limits.caseLimits)
        print(networkCase.evaluate().jsonLine(file: path))
      } catch {
        failures += 1
        print(error.inFile(path).jsonLine(raising: LimitOptions.flag))
        StandardError.write("error: \(error.description(raising: LimitOptions.flag))")
      }
    }
    if failures > 0 { throw ExitCode(1) }
  }
}
