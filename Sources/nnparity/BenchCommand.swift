import ArgumentParser
import Foundation
import NNParityBenchmark
import NNParityPython

/// `nnparity bench`: one SGD training step timed in Swift and in NumPy, side by side.
///
/// Each BLAS thread setting runs in a fresh child process (`--numpy-threads`, with
/// `OPENBLAS_NUM_THREADS` set before NumPy is imported); inside it, Swift and NumPy
/// alternate round by round and every figure is a median. The measuring is `BenchRun`'s
/// (`NNParityBenchmark`); the command parses its options and prints.
struct BenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench",
    abstract: "Time one SGD training step in Swift and in NumPy, side by side.",
    discussion: """
      The step is forward, loss, both gradients and the update, in `reference` semantics \
      with dropout 0.4 and a fixed keep-mask, for 2x3-4-2, 128x784-256-10 and \
      1024x1024-1024-10 in float32 and float64. NumPy (the bundled reference, through the \
      embedded interpreter) is timed inside Python with time.perf_counter, with one BLAS \
      thread and with its default; Swift runs on one thread. Figures are medians per step; \
      ratio = swift / numpy. The machine's noise is large: compare ratios from one run.
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

  @Option(help: .hidden)
  var numpyThreads: String?

  func run() throws {
    let report: BenchReport
    if let numpyThreads {
      report = measure(numpyThreads: numpyThreads)
    } else {
      let executable = Bundle.main.executablePath ?? CommandLine.arguments[0]
      do {
        report = try BenchReport.merging(
          ["1", "default"].map { (setting) throws(BenchError) in
            try BenchRun.child(executable: executable, numpyThreads: setting, quick: quick)
          })
      } catch {
        throw ValidationError(error.description)
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
    return BenchRun(quick: quick).measure(
      numpy: numpy, unavailable: unavailable, threads: BenchRun.threadCount(setting),
      log: StandardError.write)
  }
}
