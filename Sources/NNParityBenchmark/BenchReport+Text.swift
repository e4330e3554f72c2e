import Foundation
import NNParityConformance

extension BenchReport {
  /// A table, one row per result, times in convenient units.
  package var text: String {
    func duration(_ seconds: Double?) -> String {
      guard let seconds else { return "—" }
      return seconds < 1e-3
        ? String(format: "%.2f µs", seconds * 1e6) : String(format: "%.3f ms", seconds * 1e3)
    }
    func row(_ cells: [String], last: String) -> String {
      zip(cells, [20, 9, 9, 13, 13]).map { $0.padded(to: $1) }.joined() + last
    }
    var lines = [
      "Swift kernels: \(kernels) (one thread); NumPy threads as shown. Medians per SGD step.",
      row(["shape", "dtype", "threads", "swift", "numpy"], last: "ratio"),
    ]
    for result in results {
      lines.append(
        row(
          [
            result.shape, result.dtype.rawValue, "\(result.threads)",
            duration(result.swiftSeconds), duration(result.numpySeconds),
          ], last: result.ratio.map { String(format: "%.3f", $0) } ?? "—"))
    }
    lines.append("bridge overhead per call: \(duration(bridgeOverhead))")
    if let numpyUnavailable { lines.append("NumPy unavailable: \(numpyUnavailable)") }
    return lines.joined(separator: "\n")
  }
}
