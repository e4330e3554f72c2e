import NNParityCases
import NNParityPython

/// Why a benchmark run produced no report.
package enum BenchError: Error, Equatable, CustomStringConvertible {
  /// The child process for a NumPy thread setting could not run or failed.
  case childFailed(setting: String)
  /// A child printed something that is not a benchmark report.
  case unexpectedReport(String)

  package var description: String {
    switch self {
    case .childFailed(let setting): "the benchmark for NumPy threads = \(setting) failed"
    case .unexpectedReport(let message): message
    }
  }
}
