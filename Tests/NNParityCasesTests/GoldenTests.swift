import Foundation
import NNParity
import NNParityCases
import NNParityTestSupport
import Testing

/// The committed goldens (`reference/golden/*.json`, written by `tools/regen` from the NumPy
/// reference): enough of them, and read strictly.
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

  /// A golden must carry a finite, non-negative error scale for every element: an infinite
  /// one would leave its element unjudged (any finite value passes it), a NaN or negative
  /// one would judge nothing. tools/regen never writes one; an edit by hand is refused.
  @Test("a golden whose error scale is infinite, NaN or negative does not read")
  func nonFiniteErrorScale() throws {
    let source = Self.directory + "/edge-mean.json"
    try TestFiles.withTemporaryDirectory { folder in
      for bad: Any in ["Infinity", "NaN", -1.0] {
        var golden = try #require(
          try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: source)))
            as? [String: Any])
        var scales = try #require(golden["error_scale"] as? [String: Any])
        scales["loss"] = bad
        golden["error_scale"] = scales
        let file = folder.appendingPathComponent("edge-mean.json")
        try JSONSerialization.data(withJSONObject: golden).write(to: file)
        let result = Result { () throws(CaseError) in try Golden(path: file.path) }
        guard case .failure(let error) = result else {
          Issue.record("a golden whose loss scale is \(bad) was read")
          continue
        }
        #expect(
          error.description.contains("error_scale.loss: holds a negative or non-finite scale"),
          "\(bad): \(error)")
      }
      // The file unedited reads.
      _ = try Golden(path: source)
    }
  }
}
