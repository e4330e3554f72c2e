import NNParity
import NNParityCases
import NNParityJudging

/// An implementation of the network under audit: the bundled Swift network by default, any
/// program that behaves like `nnparity evaluate` (`CommandSubject`), or another Swift
/// implementation conforming from its own tests.
///
/// The audit hands a subject all its cases at once and compares each result with the
/// golden, the live reference and the exact values, by the same engine and bounds.
package protocol AuditSubject: Sendable {
  /// How reports name it ("Swift", or the command).
  var name: String { get }
  /// Whether it is the bundled network, whose gradients the audit can also check against
  /// finite differences (that needs the network in-process).
  var isBundledNetwork: Bool { get }
  /// The shell command that evaluates case files whose paths follow it, to print in a
  /// failure's reproduce lines (nil: none, e.g. a Swift type from a test).
  var evaluateCommand: String? { get }
  /// One result per case, in order; a case it cannot evaluate is a failure with the reason.
  func evaluate(_ cases: [NetworkCase]) -> [Result<CaseResult, SubjectError>]
}

extension AuditSubject {
  package var isBundledNetwork: Bool { false }
  package var evaluateCommand: String? { nil }
}

/// Why a subject gave no usable result for a case.
package struct SubjectError: Error, Sendable, Equatable, CustomStringConvertible {
  /// One line, naming the case (or, for a whole run's failure, the count of cases).
  package let description: String
  /// Whether the subject failed as a whole (it printed nothing and exited with an error):
  /// the same failure for every case, which the audit reports once.
  package let wholeRun: Bool

  package init(_ description: String, wholeRun: Bool = false) {
    self.description = description
    self.wholeRun = wholeRun
  }

  /// The subject's failure when every one of `results` (two or more: one case's failure
  /// names its case) failed with one whole-run error; nil otherwise.
  static func wholeRun(_ results: [Result<CaseResult, SubjectError>]) -> SubjectError? {
    guard results.count > 1, case .failure(let error)? = results.first, error.wholeRun else {
      return nil
    }
    let same = results.allSatisfy { result in
      if case .failure(let other) = result { other == error } else { false }
    }
    return same ? error : nil
  }
}

/// The bundled Swift network (`NetworkCase.evaluate()`).
package struct BundledNetwork: AuditSubject {
  package init() {}

  package var name: String { "Swift" }
  package var isBundledNetwork: Bool { true }
  package var evaluateCommand: String? { "nnparity evaluate" }

  package func evaluate(_ cases: [NetworkCase]) -> [Result<CaseResult, SubjectError>] {
    cases.map { .success($0.evaluate()) }
  }
}
