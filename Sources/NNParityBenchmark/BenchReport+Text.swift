import Foundation
import NNParity
import NNParityCases
import NNParityPython

extension BenchReport {
  /// A table, one row per result, times in convenient units: Swift, the bundled reference
  /// (`numpy`), plain NumPy and PyTorch, Swift's ratio to the two NumPy figures, and Swift's
  /// GFLOP/s with its fraction of the measured peak of the cores it ran on.
  package var text: String {
    func duration(_ seconds: Double?) -> String {
      guard let seconds else { return "—" }
      return seconds < 1e-3
        ? String(format: "%.2f µs", seconds * 1e6) : String(format: "%.3f ms", seconds * 1e3)
    }
    func fixed(_ value: Double?, _ format: String) -> String {
      value.map { String(format: format, $0) } ?? "—"
    }
    func row(_ cells: [String]) -> String {
      zip(cells, [20, 9, 9, 8, 13, 13, 8, 13, 8, 13, 9]).map { $0.padded(to: $1) }.joined()
        + (cells.last ?? "")
    }
    let swiftThreads = Set(results.map(\.swiftThreads)).sorted().map(String.init)
      .joined(separator: ", ")
    var lines = [
      "Swift kernels: \(kernels), threads: \(swiftThreads.isEmpty ? "1" : swiftThreads); "
        + "NumPy, plain NumPy and PyTorch with the BLAS threads shown. Medians per SGD step.",
      row([
        "shape", "dtype", "threads", "swift/T", "swift", "numpy", "ratio", "plain", "ratio",
        "torch", "GFLOP/s", "peak",
      ]),
    ]
    for result in results {
      lines.append(
        row([
          result.shape, result.dtype.rawValue, "\(result.threads)", "\(result.swiftThreads)",
          duration(result.swiftSeconds), duration(result.numpySeconds),
          fixed(result.ratio, "%.3f"), duration(result.plainNumpySeconds),
          fixed(result.plainRatio, "%.3f"), duration(result.torchSeconds),
          fixed(result.gflops, "%.1f"), fixed(result.peakFraction.map { $0 * 100 }, "%.0f %%"),
        ]))
    }
    if !kernelTimings.isEmpty {
      lines.append(
        "kernel sets timed (\(kernelChoice ?? "measured")): "
          + kernelTimings.map { "\($0.name) \(duration($0.seconds))" }.joined(separator: ", "))
    } else if let kernelChoice {
      lines.append("kernel set chosen by \(kernelChoice)")
    }
    lines.append("bridge overhead per call: \(duration(bridgeOverhead))")
    if let numpyUnavailable { lines.append("NumPy unavailable: \(numpyUnavailable)") }
    if let torchUnavailable { lines.append("PyTorch not timed: \(torchUnavailable)") }
    return lines.joined(separator: "\n")
  }
}
