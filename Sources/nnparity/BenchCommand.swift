import ArgumentParser
import Foundation
import NNParity
import NNParityAudit
import NNParityBenchmark
import NNParityCases
import NNParityJudging
import NNParityPython
import NNParityReports

/// `nnparity bench`: one SGD training step timed in Swift, in the bundled NumPy reference
/// and in the peers a user would pick (plain NumPy; PyTorch when it imports), side by side.
///
/// Each BLAS thread setting runs in a fresh child process (`--numpy-threads`, with
/// `OPENBLAS_NUM_THREADS` set before NumPy is imported, and the peers limited with
/// threadpoolctl); inside it, Swift, NumPy and the peers alternate round by round and every
/// figure is a median. The measuring is `BenchRun`'s
/// (`NNParityBenchmark`); the command parses its options and prints.
struct BenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench",
    abstract: "Time one SGD training step in Swift, NumPy and PyTorch, side by side.",
    discussion: """
      The step is forward, loss, both gradients and the update, in `reference` semantics \
      with dropout 0.4 and a fixed keep-mask, for 2x3-4-2, 128x784-256-10 and \
      1024x1024-1024-10 in float32 and float64. NumPy (the bundled reference, through the \
      embedded interpreter), plain NumPy (the notebook's step and nothing else) and \
      PyTorch (when it imports) are timed inside Python with time.perf_counter, with one \
      BLAS thread and with their default; Swift runs on one thread beside one BLAS thread \
      and on --threads (default: all cores) beside the default. Figures are medians per step; ratio = swift / \
      numpy, plain ratio = swift / plain NumPy. The machine's noise is large: compare \
      ratios from one run.
      """
  )

  /// How the results are printed.
  enum Format: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
  }

  @Option(help: "Output format: text or json.")
  var format: Format = .text

  @Flag(help: "A fast smoke run: few repetitions, noisy figures.")
  var quick = false

  // Unconditional, so `--threads -1` reaches `validate()` rather than being taken for a
  // missing value followed by an option `-1`.
  @Option(
    parsing: .unconditional,
    help: """
      Threads for Swift's products, 1 to \(Self.maximumThreads) (default: the machine's \
      cores). Rows with one BLAS thread run Swift on one thread; rows with the default BLAS \
      threads run it on these.
      """)
  var threads: Int = ProcessInfo.processInfo.activeProcessorCount

  /// The most `--threads`, as `audit --workers`: more threads than cores only share them,
  /// and the peak column divides by the threads as if each had a core.
  static let maximumThreads = 256

  @Option(help: .hidden)
  var numpyThreads: String?

  @Option(help: .hidden)
  var kernels: String?

  func validate() throws {
    guard threads >= 1 else {
      throw ValidationError("--threads must be at least 1, not \(threads).")
    }
    guard threads <= Self.maximumThreads else {
      throw ValidationError(
        "--threads must be at most \(Self.maximumThreads), not \(threads): more threads than "
          + "cores only share them, and the peak column divides by the threads as if each had "
          + "a core.")
    }
  }

  func run() throws {
    let report: BenchReport
    if let numpyThreads {
      report = measure(numpyThreads: numpyThreads)
    } else {
      let executable = Bundle.main.executablePath ?? CommandLine.arguments[0]
      // The kernel set: NNPARITY_KERNELS when it names a supported set, else the fastest
      // when timed here, once, for both children.
      let timings = KernelInstructionSet.measure()
      let chosen = KernelInstructionSet.environmentChoice ?? KernelInstructionSet.fastest(timings)
      do {
        var merged = try BenchReport.merging(
          ["1", "default"].map { (setting) throws(BenchError) in
            try BenchRun.child(
              executable: executable, numpyThreads: setting,
              swiftThreads: setting == "1" ? 1 : threads, quick: quick,
              extraArguments: ["--kernels", chosen.rawValue])
          })
        merged.kernelChoice =
          KernelInstructionSet.environmentChoice == nil
          ? "measured" : KernelInstructionSet.environmentVariable
        merged.kernelTimings = timings.map { ($0.instructionSet.rawValue, $0.seconds) }
        report = merged
      } catch {
        throw CommandFailure(error.description)
      }
    }
    print(format == .json ? report.json.serialized() : report.text)
  }

  /// Every shape in both dtypes, in this process, with NumPy as it was loaded here.
  func measure(numpyThreads setting: String) -> BenchReport {
    let numpy: NumPyReference?
    var unavailable: String?
    do {
      numpy = try NumPyReference.require()
    } catch {
      (numpy, unavailable) = (nil, "\(error)")
    }
    var run = BenchRun(quick: quick)
    run.swiftThreads = threads
    if let kernels, let set = KernelInstructionSet(rawValue: kernels),
      KernelInstructionSet.supported.contains(set)
    {
      run.instructionSet = set
    }
    func peaks() -> [DType: Double] {
      [
        .float32: run.instructionSet.peakGflops(.float32),
        .float64: run.instructionSet.peakGflops(.float64),
      ]
    }
    run.peakGflopsPerCore = peaks()
    var report = run.measure(
      numpy: numpy, unavailable: unavailable, threads: BenchRun.threadCount(setting),
      peerThreads: Int(setting), log: StandardError.write)
    // Measured again after the rows, the larger kept: a slow moment during one calibration
    // (a core still clocking up) would otherwise inflate every row's fraction of peak.
    report.raisePeaks(to: peaks())
    return report
  }
}
