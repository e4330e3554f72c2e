import Foundation
import NNParityPython
import Testing

extension Trait where Self == ConditionTrait {
  /// Runs the test only when the NumPy reference is available; otherwise it is reported as
  /// skipped with the reason (`NNPARITY_PYTHON=none`, no python3, no NumPy, …).
  /// With `NNPARITY_REQUIRE_NUMPY=1` (or `NNPARITY_PYTHON` naming an interpreter) the test
  /// runs anyway and fails with the reason, so a CI step that needs the live checks cannot
  /// turn into a goldens-only run unnoticed.
  public static var requiresNumPy: Self {
    .enabled(
      if: PythonAvailability.current.isAvailable
        || PythonAvailability.isRequired(by: ProcessInfo.processInfo.environment),
      Comment(rawValue: "needs the live NumPy reference; \(PythonAvailability.current)"))
  }
}

/// The Python the live NumPy reference runs in, for tests that run a Python program.
public enum TestPython {
  /// The interpreter's path. Tests that call it carry `.requiresNumPy`, so they are skipped
  /// without one, and fail with the reason under `NNPARITY_REQUIRE_NUMPY=1`.
  public static func interpreter() throws -> String {
    guard case .available(let environment) = PythonAvailability.current else {
      throw Missing(reason: PythonAvailability.current.description)
    }
    return environment.interpreterPath
  }

  /// Why there is no interpreter.
  public struct Missing: Error, CustomStringConvertible {
    public var reason: String
    public var description: String { "this test runs a Python program: \(reason)" }
  }

  /// The NumPy reference script, `reference/nnparity_reference.py`.
  public static let referenceScript = TestFiles.packageRoot.appendingPathComponent(
    "reference/nnparity_reference.py"
  ).path
}
