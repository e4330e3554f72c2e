import Foundation
import NNParity
import NNParityCases
import NNParityJudging
import NNParityTestSupport
import Testing

/// The Swift network against every committed golden (`reference/golden/*.json`, written by
/// `tools/regen` from the NumPy reference), through the one tolerance engine.
@Suite("Swift against each golden")
struct GoldenParityTests {
  static let directory = TestFiles.packageRoot.appendingPathComponent(
    GoldenDirectory.relativePath
  ).path

  static let files: [String] = (try? GoldenDirectory.jsonFiles(in: directory)) ?? []

  @Test(
    "Swift matches the golden",
    arguments: GoldenParityTests.files.map { URL(fileURLWithPath: $0).lastPathComponent })
  func golden(_ fileName: String) throws {
    let path = GoldenParityTests.directory + "/" + fileName
    let golden = try Golden(path: path)
    let actual = golden.networkCase.evaluate()
    let comparison = CaseComparison(
      caseName: golden.name, expected: golden.expected, actual: actual)
    if let message = comparison.failureMessage(
      expectedFrom: "its golden \(path)", rerecord: Golden.rerecordHint)
    {
      Issue.record(Comment(rawValue: message))
    }
  }
}
