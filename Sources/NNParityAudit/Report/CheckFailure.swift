import NNParity
import NNParityCases
import NNParityJudging

/// One failure of a finite-difference check, an invariant or the exact oracle, as fields:
/// the case, what was measured, its value and the bound it broke.
package struct CheckFailure: Sendable, Equatable, CustomStringConvertible {
  /// The case's name.
  package let caseName: String
  /// What was measured ("relative error", "deviation", "Swift against the exact value").
  package let measure: String
  /// The measured value, and the bound it is beyond (nil when the check has no single one).
  package let value: Double
  package let bound: Double?
  /// The detail after the case's name in text reports.
  package let text: String
  /// The case's position in the order one whole run judges the cases (`AuditPlan`).
  package let position: Int

  package init(
    caseName: String, measure: String, value: Double, bound: Double?, text: String,
    position: Int = 0
  ) {
    self.caseName = caseName
    self.position = position
    self.measure = measure
    self.value = value
    self.bound = bound
    self.text = text
  }

  /// `case: detail`, one line.
  package var description: String { "\(caseName): \(text)" }
}
