import NNParity

/// A limit on input (`JSONLimits`, `CaseLimits`) that a file went over. Errors carry it, so
/// that a command can say how to raise it (`nnparity` names its flag).
package enum InputLimit: String, Sendable, Equatable, CaseIterable {
  /// `JSONLimits.maximumDepth`.
  case depth
  /// `JSONLimits.maximumValues` (also the hidden layer's B×H and the number of epochs).
  case values
  /// `JSONLimits.maximumBytes`.
  case bytes
  /// `CaseLimits.maximumTrainingWork`.
  case trainingWork
}
