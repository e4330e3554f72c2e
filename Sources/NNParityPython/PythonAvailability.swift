import NNParity
import NNParityAudit
import NNParityCases

/// Whether the live NumPy reference can be used in this process, and if not, why.
///
/// Computed once per process (the first use starts the embedded interpreter); read it with
/// `PythonAvailability.current`.
package enum PythonAvailability: Sendable, Equatable, CustomStringConvertible {
  /// The reference is loaded and callable.
  case available(PythonEnvironment)
  /// It is not, for the given reason.
  case unavailable(PythonUnavailable)

  /// This process's availability.
  package static var current: PythonAvailability { PythonRuntime.availability }

  /// Whether `environment` asks for live NumPy: `NNPARITY_REQUIRE_NUMPY=1`, or
  /// `NNPARITY_PYTHON` naming an interpreter (anything but `none`). The audit and the live
  /// tests then fail without it rather than skip, so that a mistyped path cannot leave
  /// them green with no live check.
  package static func isRequired(by environment: [String: String]) -> Bool {
    if environment["NNPARITY_REQUIRE_NUMPY"] == "1" { return true }
    guard let chosen = environment[PythonInterpreter.environmentVariable] else { return false }
    return !chosen.isEmpty && chosen.lowercased() != "none"
  }

  /// Whether the reference can be called.
  package var isAvailable: Bool {
    if case .available = self { return true }
    return false
  }

  /// Why the reference cannot be called, or nil when it can.
  package var unavailableReason: String? {
    if case .unavailable(let unavailable) = self { return unavailable.reason }
    return nil
  }

  /// One line for reports and test output.
  package var description: String {
    switch self {
    case .available(let environment): "NumPy available: \(environment)"
    case .unavailable(let unavailable): "NumPy unavailable: \(unavailable.reason)"
    }
  }
}

/// The Python the reference runs in.
package struct PythonEnvironment: Sendable, Equatable, CustomStringConvertible {
  /// CPython's version, `major.minor.micro`.
  package let pythonVersion: String
  /// `numpy.__version__`.
  package let numpyVersion: String
  /// The libpython loaded into this process.
  package let libraryPath: String
  /// The interpreter found (`$NNPARITY_PYTHON` or `python3` on PATH).
  package let interpreterPath: String
  /// The folder `nnparity_reference.py` and `nnparity_bridge.py` were imported from.
  package let referenceDirectory: String

  package var description: String {
    "NumPy \(numpyVersion), Python \(pythonVersion) (\(libraryPath), interpreter "
      + "\(interpreterPath)), reference in \(referenceDirectory)"
  }
}
