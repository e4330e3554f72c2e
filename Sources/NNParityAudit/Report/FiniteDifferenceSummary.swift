import NNParity
import NNParityCases
import NNParityJudging

/// Finite-difference checks of one family: a semantics and a pass, split by whether the
/// semantics promises the true derivative there.
package struct FiniteDifferenceSummary: Sendable, Equatable {
  package var semantics: Semantics
  package var pass: GradientCheck.Pass
  /// False for the notebook's known non-derivatives (dropout, or ε > 0).
  package var expectedToMatch: Bool
  package var cases = 0
  /// The worst relative error, and where it was (`case tensor[r][c]`).
  package var worstError = 0.0
  package var worstLocation = ""
  /// Cases that should have matched and did not.
  package var failures: [CheckFailure] = []
  /// Elements skipped because a step crossed a ReLU kink.
  package var skippedAtKinks = 0
  /// The worst relative error left once the differences' own rounding noise is taken off:
  /// what the bound applies to.
  package var worstErrorBeyondNoise = 0.0
  /// Elements too small for finite differences to resolve (checked only to the noise).
  package var belowNoise = 0
  /// The worst case's position in the order one whole run judges the cases (`AuditPlan`);
  /// nil before any.
  package var worstPosition: Int?

  package init(semantics: Semantics, pass: GradientCheck.Pass, expectedToMatch: Bool) {
    self.semantics = semantics
    self.pass = pass
    self.expectedToMatch = expectedToMatch
  }

  /// The family's name, e.g. "notebook training_step (known: not the derivative)".
  package var name: String {
    "\(semantics.rawValue) \(pass.rawValue)" + (expectedToMatch ? "" : " (known property)")
  }

  /// Whether the family behaved as its semantics predicts.
  package var passed: Bool { failures.isEmpty }

  /// What a known-property family means, for the report.
  package var explanation: String? {
    guard !expectedToMatch else { return nil }
    return "the notebook's NumPy gradient (p − y, mask ignored going back, no rescaling going "
      + "forward) is not the derivative of its own loss when units are dropped, ε > 0, or "
      + "target rows do not sum to 1; the worst relative error above is the size of that "
      + "mismatch"
  }

  /// Folds one case's check in; `position` is the case's (`AuditPlan`).
  mutating func add(_ check: GradientCheck, position: Int) {
    cases += 1
    skippedAtKinks += check.tensors.map(\.skippedAtKinks).reduce(0, +)
    belowNoise += check.tensors.map(\.belowNoise).reduce(0, +)
    worstErrorBeyondNoise = max(
      worstErrorBeyondNoise, check.tensors.map(\.maxErrorBeyondNoise).max() ?? 0)
    for tensor in check.tensors where tensor.maxError >= worstError {
      worstError = tensor.maxError
      worstLocation = "\(check.caseName) \(tensor.name.rawValue)\(tensor.worstIndexDescription)"
      worstPosition = position
    }
    if !check.passed {
      failures.append(
        CheckFailure(
          caseName: check.caseName, measure: "relative error", value: check.maxError, bound: nil,
          text: "relative error \(check.maxError.shortDescription)", position: position))
    }
  }
}
