import NNParityAudit
import NNParityCases

/// A Swift-side check on what came back from Python failed: an array without data, or of
/// another dtype or shape than the call asked for. (A Python exception is a `PythonError`.)
package struct BridgeError: Error, Sendable, Equatable, CustomStringConvertible {
  /// What did not match, naming the tensor.
  package let message: String

  init(_ message: String) { self.message = message }

  /// `BridgeError: message`.
  package var description: String { "BridgeError: \(message)" }
}
