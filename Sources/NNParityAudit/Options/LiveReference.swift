import NNParity
import NNParityCases
import NNParityJudging

/// Something that computes reference results live: the embedded NumPy reference, or a
/// stand-in in tests.
package protocol LiveReference: Sendable {
  /// The reference's result for a case (evaluation, and training when the case has it).
  func evaluate(_ networkCase: NetworkCase) throws -> CaseResult

  /// The results of many cases, handed to `each` in the cases' order on the calling
  /// thread, each as soon as it is ready (a reference that computes ahead lets `each`
  /// overlap its work).
  func evaluate(
    _ cases: [NetworkCase], each: (_ index: Int, _ result: Result<CaseResult, any Error>) -> Void)

  /// Where the reference runs, for the report: "in-process", "in 2 worker processes".
  var placement: String { get }

  /// Whether `evaluate(_:each:)` computes on other cores while `each` runs, so that the
  /// audit can compare the goldens meanwhile.
  var computesAhead: Bool { get }
}

extension LiveReference {
  /// One case after another with `evaluate(_:)`: the default.
  package func evaluate(
    _ cases: [NetworkCase], each: (_ index: Int, _ result: Result<CaseResult, any Error>) -> Void
  ) {
    for (index, c) in cases.enumerated() { each(index, Result { try evaluate(c) }) }
  }

  /// In the audit's own process: the default.
  package var placement: String { "in-process" }

  /// One case after another on the calling thread: the default.
  package var computesAhead: Bool { false }
}

/// Live NumPy for an audit: the reference to compare with and what the report says of it,
/// or why there is none.
package enum LiveNumPy: Sendable {
  /// NumPy is there: `reference` computes (in-process or in workers); `version` is NumPy's,
  /// `detail` says which Python and library.
  case available(any LiveReference, version: String, detail: String)
  /// The audit runs from the committed goldens alone, for this reason.
  case unavailable(reason: String)

  /// The reference, when there is one.
  package var reference: (any LiveReference)? {
    if case .available(let reference, _, _) = self { reference } else { nil }
  }

  /// What the report says of it.
  package var status: NumPyStatus {
    switch self {
    case .available(_, let version, let detail): .available(version: version, detail: detail)
    case .unavailable(let reason): .unavailable(reason: reason)
    }
  }
}

/// Whether live NumPy could be used, and why not: what a report says.
package enum NumPyStatus: Sendable, Equatable {
  /// NumPy ran in-process; `version` is NumPy's, `detail` says which Python and library.
  case available(version: String, detail: String)
  /// The audit ran from the committed goldens alone, for this reason.
  case unavailable(reason: String)
}
