import ArgumentParser
import NNParity

/// `nnparity kernels`: the kernel sets this CPU runs, for scripts that test each one.
struct KernelsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "kernels",
    abstract: "List the matrix-product kernel sets this CPU runs, slowest first.",
    discussion: """
      Each name is a value of \(KernelInstructionSet.environmentVariable), which selects \
      the set a run uses; --active prints only the one this run would use.
      """
  )

  @Flag(help: "Print only the set in use (the fastest, or the one the environment names).")
  var active = false

  func run() {
    let sets = active ? [KernelInstructionSet.active] : KernelInstructionSet.supported
    for set in sets { print(set) }
  }
}
