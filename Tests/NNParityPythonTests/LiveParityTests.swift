import Foundation
import NNParity
import NNParityAudit
import NNParityCases
import NNParityJudging
import NNParityPython
import Testing

/// Randomized cross-validation of the Swift network against the live NumPy reference.
///
/// Case `index`, named `live-s<seed>-<index>`, is
/// `RandomCases(seed: NNPARITY_LIVE_SEED, maximumSize: m).case(index)` with `m` cycling
/// through 4, 8, 16, 32, 64 (small shapes are cheap; every fifth case reaches 64): both
/// dtypes, both semantics, ε 0 or 1e-7, sum or mean, half of them training with explicit
/// masks, except that every third training case with dropout draws its masks from
/// `mask_seed` instead, so NumPy's generator is checked too. `NNPARITY_LIVE_CASES` sets the
/// count (default 2,000), `NNPARITY_LIVE_SEED` the seed (default 2026).
enum LiveCases {
  static let seed = UInt64(Live.count("NNPARITY_LIVE_SEED", default: 2026))
  static let count = Live.count("NNPARITY_LIVE_CASES", default: 2_000)
  static let batch = 25
  static let maximumSizes = [4, 8, 16, 32, 64]
  /// Where a failing case is saved, for a person to rerun after the test. Deliberately not a
  /// `TestFiles.withTemporaryDirectory` folder: it is written only when a case fails (not
  /// for a mismatch explained as a known issue) and kept after the run, so the failure's
  /// `reproduce:` commands still work. A passing run writes nothing here.
  static let failureDirectory = FileManager.default.temporaryDirectory
    .appendingPathComponent("nnparity-live-failures")

  static func `case`(_ index: Int) -> NetworkCase {
    let maximumSize = maximumSizes[index % maximumSizes.count]
    var networkCase = RandomCases(seed: seed, maximumSize: maximumSize).case(index)
    networkCase.name = "live-s\(seed)-\(index)"
    if var training = networkCase.training, training.configuration.dropout > 0, index % 3 == 0 {
      training.masks = .seed(seed &* 7_919 &+ UInt64(index))
      networkCase.training = training
    }
    return networkCase
  }
}

@Suite("Live parity: Swift against NumPy, randomized", .requiresNumPy)
struct LiveParityTests {
  /// Batches of `LiveCases.batch` consecutive cases; each failure names its case.
  @Test(
    "random cases agree within the parity tolerance",
    arguments: Array(stride(from: 0, to: LiveCases.count, by: LiveCases.batch)))
  func randomCases(first: Int) throws {
    let reference = try Live.reference
    for index in first..<min(first + LiveCases.batch, LiveCases.count) {
      let networkCase = LiveCases.case(index)
      let expected = try reference.evaluate(networkCase)
      let comparison = CaseComparison(
        caseName: networkCase.name ?? "random \(index)", expected: expected,
        actual: networkCase.evaluate())
      guard let message = comparison.failureMessage(expectedFrom: "NumPy (live)") else {
        continue
      }
      let explanation =
        networkCase.dtype == .float32
        ? Float32Arbiter.explain(
          swift: networkCase.evaluate(), numpy: expected,
          float64Run: try reference.evaluate(networkCase.float64Twin).roundedToFloat32) : nil
      let report = """
        \(message)
          \(networkCase.shapeDescription) \(networkCase.dtype.rawValue) \(networkCase.semantics.rawValue)
        """
      if let explanation {
        // A known issue is not a failure: no case file is kept for it.
        let detail = report + "\n  case file: not written (a known issue)\n" + explanation.detail
        withKnownIssue("not a Swift error: \(explanation.summary)") {
          Issue.record(Comment(rawValue: detail))
        }
      } else {
        // A failure: its case file is kept in LiveCases.failureDirectory for a person to rerun.
        let path = (try? networkCase.write(to: LiveCases.failureDirectory)) ?? "(not written)"
        let reproduce = """
            case file: \(path)
            reproduce: swift run nnparity evaluate \(path)
                       python3 reference/nnparity_reference.py \(path)
          """
        Issue.record(Comment(rawValue: report + "\n" + reproduce))
      }
    }
  }
}
