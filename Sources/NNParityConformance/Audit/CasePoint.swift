/// One case's worst element of one tensor against its bound: a point of the HTML report's
/// plots.
public struct CasePoint: Sendable, Equatable {
  /// The case's name.
  public let caseName: String
  /// The case's largest scaled error in the tensor, and the bound it is held to.
  public let scaledError: Double
  public let bound: Double
  /// Whether it was within the bound; whether a disagreement was explained (float32
  /// rounding); whether the bound could tell nothing from zero (ill-conditioned).
  public let passed: Bool
  public let explained: Bool
  public let illConditioned: Bool

  /// `scaledError / bound`: at most 1 passes.
  public var ratio: Double { scaledError / max(bound, .leastNonzeroMagnitude) }
}
