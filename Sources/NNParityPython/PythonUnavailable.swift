import NNParityAudit
import NNParityCases

/// Why the live NumPy reference cannot be used in this process: the one "unavailable" type,
/// thrown by `NumPyReference.require()` and held by `PythonAvailability.unavailable`.
package struct PythonUnavailable: Error, Sendable, Equatable, CustomStringConvertible {
  /// What kind of failure it is.
  package enum Cause: Sendable, Equatable, CaseIterable {
    /// `NNPARITY_PYTHON=none`.
    case disabled
    /// No interpreter: none on PATH, or `NNPARITY_PYTHON` names none.
    case noInterpreter
    /// The interpreter failed, did not describe itself, or could not be initialised.
    case interpreterFailed
    /// libpython could not be loaded or lacks a symbol (dlerror's text or the symbol).
    case libraryNotLoadable
    /// No `reference/` folder with the reference script was found.
    case referenceNotFound
    /// NumPy or the reference failed to import (Python's message).
    case importFailed
  }

  /// The kind of failure.
  package let cause: Cause
  /// What failed, in words: the line reports and test output show.
  package let reason: String

  init(_ cause: Cause, _ reason: String) {
    self.cause = cause
    self.reason = reason
  }

  /// The reason.
  package var description: String { reason }
}
