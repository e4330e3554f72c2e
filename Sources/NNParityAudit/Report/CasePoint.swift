/// One case's worst element of one tensor against its bound: a point of the HTML report's
/// plots.
package struct CasePoint: Sendable, Equatable {
  /// The case's name.
  package let caseName: String
  /// The case's largest scaled error in the tensor, and the bound it is held to.
  package let scaledError: Double
  package let bound: Double
  /// Whether it was within the bound; whether a disagreement was explained (float32
  /// rounding); whether the bound could tell nothing from zero (ill-conditioned).
  package let passed: Bool
  package let explained: Bool
  package let illConditioned: Bool
  /// Whether elements whose error scale overflowed differ in it (not judged).
  package let unjudged: Bool
  /// The case's position in the order one whole run judges the cases (`AuditPlan`).
  package let position: Int

  package init(
    caseName: String, scaledError: Double, bound: Double, passed: Bool, explained: Bool,
    illConditioned: Bool, unjudged: Bool = false, position: Int = 0
  ) {
    self.caseName = caseName
    self.unjudged = unjudged
    self.position = position
    self.scaledError = scaledError
    self.bound = bound
    self.passed = passed
    self.explained = explained
    self.illConditioned = illConditioned
  }

  /// `scaledError / bound`: at most 1 passes.
  package var ratio: Double { scaledError / max(bound, .leastNonzeroMagnitude) }
}
