/// Something that computes reference results live: the embedded NumPy reference, or a
/// stand-in in tests.
public protocol LiveReference: Sendable {
  /// The reference's result for a case (evaluation, and training when the case has it).
  func evaluate(_ networkCase: NetworkCase) throws -> CaseResult
}

/// Whether live NumPy could be used, and why not.
public enum NumPyStatus: Sendable, Equatable {
  /// NumPy ran in-process; `version` is NumPy's, `detail` says which Python and library.
  case available(version: String, detail: String)
  /// The audit ran from the committed goldens alone, for this reason.
  case unavailable(reason: String)
}
