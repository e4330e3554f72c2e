import NNParityAudit
import NNParityCases

extension PythonAvailability {
  /// What an audit reports about NumPy: its version and which Python and library, or why
  /// it is unavailable.
  package var numpyStatus: NumPyStatus {
    switch self {
    case .available(let environment):
      .available(
        version: environment.numpyVersion,
        detail: "Python \(environment.pythonVersion), \(environment.libraryPath)")
    case .unavailable(let unavailable): .unavailable(reason: unavailable.reason)
    }
  }
}
