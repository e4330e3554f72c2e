import ArgumentParser

/// `nnparity`: proves numerically that the Swift network matches NumPy.
@main
struct NNParityCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "nnparity",
    abstract: "Check that a Swift neural network matches NumPy, number for number.",
    subcommands: [AuditCommand.self, EvaluateCommand.self, BenchCommand.self, KernelsCommand.self],
    defaultSubcommand: AuditCommand.self
  )
}
