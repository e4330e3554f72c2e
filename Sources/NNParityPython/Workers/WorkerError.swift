import NNParityAudit
import NNParityCases

/// A worker's failure: it could not start, it exited, or it answered something unreadable;
/// or the reference's own error for the case (`CaseError`, as the worker reported it).
package struct WorkerError: Error, Sendable, Equatable, CustomStringConvertible {
  /// What went wrong.
  package let message: String

  /// `message` itself.
  package var description: String { message }
}
