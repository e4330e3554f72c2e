import ArgumentParser
import NNParityConformance

/// Options that raise the input limits, shared by every command that reads case files.
struct LimitOptions: ParsableArguments {
  @Option(help: "The deepest JSON nesting accepted in a case file.")
  var maxDepth = JSONLimits.default.maximumDepth

  @Option(help: "The most JSON values accepted in one case file.")
  var maxValues = JSONLimits.default.maximumValues

  @Option(help: "The most multiply-adds one training case may cost (epochs × size).")
  var maxTrainingWork = CaseLimits.default.maximumTrainingWork

  /// The flag that raises `limit`, for the errors of files over it.
  @Sendable static func flag(for limit: InputLimit) -> String {
    switch limit {
    case .depth: "--max-depth"
    case .values: "--max-values"
    case .trainingWork: "--max-training-work"
    }
  }

  var caseLimits: CaseLimits {
    CaseLimits(
      json: JSONLimits(maximumDepth: maxDepth, maximumValues: maxValues),
      maximumTrainingWork: maxTrainingWork)
  }

  mutating func validate() throws {
    guard maxDepth >= 1, maxValues >= 1, maxTrainingWork > 0 else {
      throw ValidationError("Limits must be positive.")
    }
  }
}
