import ArgumentParser
import Foundation
import NNParity
import NNParityAudit
import NNParityBenchmark
import NNParityCases
import NNParityJudging
import NNParityPython
import NNParityReports

/// `nnparity`: proves numerically that the Swift network matches NumPy.
@main
struct NNParityCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "nnparity",
    abstract: "Check that a Swift neural network matches NumPy, number for number.",
    version: NNParityVersion.current,
    subcommands: [
      AuditCommand.self, EvaluateCommand.self, CaseCommand.self, BenchCommand.self,
      KernelsCommand.self, MergeCommand.self,
    ],
    defaultSubcommand: AuditCommand.self
  )

  /// Parses and runs; a first word that is no subcommand (the default one, `audit`, takes
  /// no words) is answered with the closest subcommand's name. An `NNPARITY_KERNELS` that
  /// cannot be followed is an error (the library would quietly run another set, and a run
  /// meant to test that set would test this one), except for help and the version.
  static func main() {
    let arguments = Array(CommandLine.arguments.dropFirst())
    if let first = arguments.first, let message = unknownSubcommandMessage(first) {
      StandardError.write("Error: \(message)")
      StandardError.write("  See 'nnparity --help' for more information.")
      Foundation.exit(ExitCode.validationFailure.rawValue)
    }
    // "help" is a subcommand only as the first word: elsewhere it is a value (`--filter help`).
    let asksForHelp =
      arguments.first == "help"
      || arguments.contains { ["-h", "--help", "--version"].contains($0) }
    if !asksForHelp, let problem = KernelInstructionSet.environmentProblem {
      StandardError.write("Error: \(problem)")
      Foundation.exit(EXIT_FAILURE)
    }
    main(arguments)
  }

  /// The error for `word` in the subcommand's place, or nil when it is a subcommand or an
  /// option.
  static func unknownSubcommandMessage(_ word: String) -> String? {
    let names =
      configuration.subcommands.compactMap { $0.configuration.commandName } + ["help"]
    guard !word.hasPrefix("-"), !names.contains(word) else { return nil }
    if let suggestion = KeySuggestion.closest(to: word, among: names) {
      return "unknown subcommand '\(word)'; did you mean '\(suggestion)'?"
    }
    return "unknown subcommand '\(word)'; the subcommands are "
      + names.dropLast().joined(separator: ", ")
  }
}
