import ArgumentParser
import NNParity
import NNParityAudit
import NNParityCases
import NNParityJudging
import NNParityPython
import NNParityReports

/// Options that raise the input limits, shared by every command that reads case files.
///
/// Each is parsed unconditionally, so that a negative value (`--max-values -5`) reaches
/// `validate()` and is told what is wrong, rather than taken for a missing value followed
/// by an option `-5`.
struct LimitOptions: ParsableArguments {
  @Option(parsing: .unconditional, help: "The deepest JSON nesting accepted in a case file.")
  var maxDepth = JSONLimits.default.maximumDepth

  @Option(parsing: .unconditional, help: "The most JSON values accepted in one case file.")
  var maxValues = JSONLimits.default.maximumValues

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp(
      "The most bytes read from one case file, or from standard input.",
      valueName: "bytes"))
  var maxBytes = JSONLimits.default.maximumBytes

  @Option(
    parsing: .unconditional,
    help: "The most multiply-adds one training case may cost (epochs × size).")
  var maxTrainingWork = CaseLimits.default.maximumTrainingWork

  /// The flag that raises `limit`, for the errors of files over it.
  @Sendable static func flag(for limit: InputLimit) -> String {
    switch limit {
    case .depth: "--max-depth"
    case .values: "--max-values"
    case .bytes: "--max-bytes"
    case .trainingWork: "--max-training-work"
    }
  }

  var caseLimits: CaseLimits {
    CaseLimits(
      json: JSONLimits(maximumDepth: maxDepth, maximumValues: maxValues, maximumBytes: maxBytes),
      maximumTrainingWork: maxTrainingWork)
  }

  mutating func validate() throws {
    for (flag, value) in [
      (Self.flag(for: .depth), maxDepth), (Self.flag(for: .values), maxValues),
      (Self.flag(for: .bytes), maxBytes),
    ] where value < 1 {
      throw ValidationError("\(flag) must be at least 1, not \(value).")
    }
    // Not `<= 0`: NaN is no limit either.
    guard maxTrainingWork > 0 else {
      throw ValidationError(
        "\(Self.flag(for: .trainingWork)) must be more than 0, not \(maxTrainingWork).")
    }
  }
}
