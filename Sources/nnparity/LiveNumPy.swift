import NNParityConformance
import NNParityPython

/// The embedded NumPy reference when it can be loaded, with the status to report.
enum LiveNumPy {
  static func connect() -> (reference: (any LiveReference)?, status: NumPyStatus) {
    guard let reference = NumPyReference.shared else {
      let reason = PythonAvailability.current.unavailableReason ?? "unknown reason"
      return (nil, .unavailable(reason: reason))
    }
    let environment = reference.environment
    return (
      reference,
      .available(
        version: environment.numpyVersion,
        detail: "Python \(environment.pythonVersion), \(environment.libraryPath)")
    )
  }
}
