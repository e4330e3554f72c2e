import Foundation
import NNParity
import NNParityConformance
import NNParityPython
import Testing

/// The live reference for tests that need it; such tests carry `.requiresNumPy`, so they are
/// skipped, with the reason shown, when it is unavailable.
enum Live {
  static var reference: NumPyReference {
    get throws { try NumPyReference.require() }
  }

  static var skipReason: Comment {
    Comment(rawValue: "skipped: \(PythonAvailability.current)")
  }
}

extension Trait where Self == ConditionTrait {
  /// Runs the test only when the NumPy reference is available; otherwise the test is
  /// reported as skipped with the reason.
  static var requiresNumPy: Self {
    .enabled(if: PythonAvailability.current.isAvailable, Live.skipReason)
  }
}

/// The notebook's case: B=2, I=3, H=4, O=2.
let notebookCase = NetworkCase(
  name: "notebook", x: Matrix([[0.5, -1.0, 2.0], [1.5, 0.25, -0.5]]),
  y: Matrix([[1, 0], [0, 1]]),
  w1: Matrix([[0.1, -0.2, 0.3, 0.05], [0.4, 0.1, -0.3, 0.2], [-0.1, 0.25, 0.15, -0.05]]),
  w2: Matrix([[0.2, -0.1], [0.3, 0.4], [-0.25, 0.1], [0.05, -0.3]]))
