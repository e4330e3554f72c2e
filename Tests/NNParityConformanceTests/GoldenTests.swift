import Foundation
import NNParity
import NNParityConformance
import NNParityTestSupport
import Testing

/// Every committed golden (`reference/golden/*.json`, written by `tools/regen` from the
/// NumPy reference) against the Swift network, through the one tolerance engine.
@Suite("Goldens")
struct GoldenTests {
  static let directory = TestFiles.packageRoot.appendingPathComponent(
    GoldenDirectory.relativePath
  ).path

  static let files: [String] = (try? GoldenDirectory.jsonFiles(in: directory)) ?? []

  @Test("there are at least 60 goldens, covering both dtypes and semantics")
  func coverage() throws {
    #expect(Self.files.count >= 60, "found \(Self.files.count) in \(Self.directory)")
    let goldens = try Self.files.map { path throws(CaseError) in try Golden(path: path) }
    for dtype in DType.allCases {
      for semantics in Semantics.allCases {
        #expect(
          goldens.contains {
            $0.networkCase.dtype == dtype && $0.networkCase.semantics == semantics
          },
          "no \(dtype.rawValue) \(semantics.rawValue) golden")
      }
    }
    #expect(goldens.contains { $0.networkCase.training != nil })
    #expect(
      goldens.contains { if case .seed? = $0.networkCase.training?.masks { true } else { false } })
  }

  @Test(
    "Swift matches the golden", arguments: files.map { URL(fileURLWithPath: $0).lastPathComponent })
  func golden(_ fileName: String) throws {
    let path = Self.directory + "/" + fileName
    let golden = try Golden(path: path)
    let actual = golden.networkCase.evaluate()
    let comparison = CaseComparison(
      golden.networkCase, expected: golden.expected, actual: actual, caseName: golden.name)
    if let message = comparison.failureMessage(
      expectedFrom: "its golden \(path)", rerecord: Golden.rerecordHint)
    {
      Issue.record(Comment(rawValue: message))
    }
  }
}
