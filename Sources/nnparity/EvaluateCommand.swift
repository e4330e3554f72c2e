import ArgumentParser
import NNParityConformance

#if canImport(Glibc)
  import Glibc
#endif

/// `nnparity evaluate`: runs case files through the Swift network, one result per line.
struct EvaluateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "evaluate",
    abstract: "Evaluate case files (nnparity.case/1) and print one JSON result per line.",
    discussion: """
      Results go to standard output in argument order. A case that cannot be evaluated gets \
      a one-line error on standard error naming the file and the field; the other cases \
      are still evaluated, and the exit status is 1.
      """
  )

  @Argument(help: "Case files in the nnparity.case/1 format.")
  var cases: [String] = []

  @OptionGroup var limits: LimitOptions

  mutating func validate() throws {
    if cases.isEmpty { throw ValidationError("Give at least one case file.") }
  }

  func run() throws {
    var failures = 0
    for path in cases {
      do {
        let networkCase = try CaseFile.load(path, limits: limits.caseLimits)
        print(networkCase.evaluate().jsonLine)
      } catch {
        failures += 1
        StandardError.write("error: \(error.description(raising: LimitOptions.flag))")
      }
    }
    if failures > 0 { throw ExitCode(1) }
  }
}
