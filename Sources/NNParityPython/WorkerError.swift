/// A worker's failure: it could not start, it exited, or it answered something unreadable;
/// or the reference's own error for the case (`CaseError`, as the worker reported it).
public struct WorkerError: Error, Sendable, Equatable, CustomStringConvertible {
  /// What went wrong.
  public let message: String

  /// `message` itself.
  public var description: String { message }
}
