import ArgumentParser
import Foundation
import NNParity
import NNParityAudit
import NNParityBenchmark
import NNParityCases
import NNParityJudging
import NNParityPython
import NNParityReports

/// `nnparity case`: writes a random case the audit names (`random-s<seed>-<index>`) as a
/// case file, to evaluate or hand to the NumPy reference.
struct CaseCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "case",
    abstract: "Write the random case an audit names (random-s<seed>-<index>) as a case file.",
    discussion: """
      The audit names a failing random case random-s<seed>-<index>; this writes that case \
      in the nnparity.case/1 format, to standard output or to --output. Reproduce it with \
      'nnparity evaluate FILE' and 'python3 reference/nnparity_reference.py FILE'.
      """
  )

  @Argument(help: ArgumentHelp("The case's name, e.g. random-s1-17.", valueName: "name"))
  var name: String

  @Option(
    name: [.short, .long],
    help: ArgumentHelp("Write the case to this file instead of standard output.", valueName: "file")
  )
  var output: String?

  mutating func validate() throws {
    if RandomCases.case(named: name) == nil {
      throw ValidationError(
        "'\(name)' is not a random case name: expected random-s<seed>-<index>, e.g. random-s1-17.")
    }
  }

  func run() throws {
    guard let networkCase = RandomCases.case(named: name) else { throw ExitCode.validationFailure }
    guard let output else {
      print(networkCase.jsonText, terminator: "")
      return
    }
    do {
      try networkCase.jsonText.write(toFile: output, atomically: true, encoding: .utf8)
    } catch {
      throw CommandFailure("cannot write \(output): \(FileErrorReason.of(error))")
    }
    StandardError.write("wrote \(output)")
  }
}
