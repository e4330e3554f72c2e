import ArgumentParser
import Foundation
import NNParity
import NNParityAudit
import NNParityBenchmark
import NNParityCases
import NNParityJudging
import NNParityPython
import NNParityReports

/// `nnparity kernels`: the kernel sets this CPU runs, for scripts that test each one.
struct KernelsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "kernels",
    abstract: "List the matrix-product kernel sets this CPU runs, slowest first.",
    discussion: """
      Each name is a value of \(KernelInstructionSet.environmentVariable), which selects \
      the set a run uses; --active prints only the one this run would use. --measure times \
      each set on the same products and says which is fastest here (what `nnparity bench` \
      runs), with each set's measured multiply-add peak of one core; the library itself \
      chooses by the CPU's feature bits.
      """
  )

  @Flag(
    help:
      "Print only the set in use (the widest this CPU supports, or the one NNPARITY_KERNELS names)."
  )
  var active = false

  @Flag(help: "Time each set and print its time, its peak and the fastest.")
  var measure = false

  func run() {
    guard measure else {
      let sets = active ? [KernelInstructionSet.active] : KernelInstructionSet.supported
      for set in sets { print(set) }
      return
    }
    let timings = KernelInstructionSet.measure()
    for timing in timings {
      let set = timing.instructionSet
      print(
        set.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)
          + String(
            format: "%.3f ms  peak %.1f GFLOP/s float32, %.1f GFLOP/s float64 (one core)",
            timing.seconds * 1e3, set.peakGflops(.float32), set.peakGflops(.float64)))
    }
    let fastest = KernelInstructionSet.fastest(timings)
    if let chosen = KernelInstructionSet.environmentChoice {
      print(
        "fastest: \(fastest); in use: \(chosen) (\(KernelInstructionSet.environmentVariable))")
    } else {
      print("fastest: \(fastest); the library by feature bits: \(KernelInstructionSet.active)")
    }
  }
}
