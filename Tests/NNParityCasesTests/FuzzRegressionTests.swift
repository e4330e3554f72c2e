import Foundation
import NNParity
import NNParityCases
import NNParityFuzzing
import NNParityTestSupport
import Testing

/// Inputs the case-reader fuzzer found or was seeded with, replayed through its entry
/// logic: each must get the outcome it is known for, and keep every promise.
@Suite("Fuzz regressions (tools/fuzz)")
struct FuzzRegressionTests {
  /// Saved inputs, `tools/fuzz/corpus-regressions/<kind>--<what>.json`, where the kind is
  /// the outcome (`not-json`, `invalid-case`, `valid-case`) or `golden` for a valid golden.
  static let corpus = TestFiles.packageRoot.appendingPathComponent(
    "tools/fuzz/corpus-regressions")

  static let corpusFiles: [String] =
    ((try? FileManager.default.contentsOfDirectory(atPath: corpus.path)) ?? [])
    .filter { $0.hasSuffix(".json") }.sorted()

  /// `fileName`: what the golden file is called (a golden must be named as its case).
  static func replay(_ bytes: [UInt8], fileName: String = "golden.json") throws
    -> CaseReaderInput.Report
  {
    try TestFiles.withTemporaryDirectory { folder in
      CaseReaderInput.run(bytes, goldenPath: folder.appendingPathComponent(fileName).path)
    }
  }

  @Test("the corpus of saved inputs is there, every kind of outcome in it")
  func corpusExists() {
    let kinds = Set(Self.corpusFiles.compactMap { $0.components(separatedBy: "--").first })
    #expect(kinds == ["not-json", "invalid-case", "valid-case", "golden"], "\(Self.corpusFiles)")
  }

  @Test("a saved input replays with the outcome its name gives", arguments: corpusFiles)
  func savedInput(_ name: String) throws {
    // CaseFile.bytes, not Data(contentsOf:), which leaks 4 KiB reading an empty file.
    let bytes = try CaseFile.bytes(at: Self.corpus.appendingPathComponent(name).path)
    let kind = try #require(name.components(separatedBy: "--").first)
    let report = try Self.replay(
      bytes, fileName: kind == "golden" ? String(name.dropFirst("golden--".count)) : "golden.json"
    )
    #expect(report.violations.isEmpty, "\(report.violations)")
    if kind == "golden" {
      #expect(report.isGolden, "\(name): \(report.outcome)")
    } else {
      #expect(report.outcome.kind == kind, "\(name): \(report.outcome)")
      #expect(!report.isGolden)
    }
  }

  /// Found by reading the reader while writing the fuzzer; the fuzzer's 512 MB allocation
  /// limit catches the 64 KiB version (corpus: `invalid-case--long-row-then-numbers`).
  /// `x` of one row of a million numbers, then a million numbers where rows belong: the
  /// matrix reader reserved rows × columns = 10^12 values before looking at row 1, and
  /// the process trapped ("failed to allocate 8000008000032 bytes").
  @Test("a long first row then numbers: an error naming the row, not 8 TB reserved")
  func longRowThenNumbers() throws {
    let count = 1_000_000
    let row = Array(repeating: "1", count: count).joined(separator: ",")
    let numbers = Array(repeating: "0", count: count).joined(separator: ",")
    let text =
      #"{"schema":"nnparity.case/1","x":[["# + row + "]," + numbers
      + #"],"y":[[0,1]],"w1":[[1]],"w2":[[1,1]]}"#
    let report = try Self.replay(Array(text.utf8))
    #expect(report.violations.isEmpty, "\(report.violations)")
    guard case .invalidCase(let error) = report.outcome else {
      Issue.record("expected a case error, got \(report.outcome)")
      return
    }
    #expect(error.field == "x[1]")
    #expect(error.message == "expected a row (array), found a number")
  }

  /// Found while reviewing what the fuzzer cannot reach (it evaluates only small cases):
  /// x of 100,000×1 and w1 of 1×100,000, a 2 MB file, passed validation and `evaluate`
  /// trapped allocating the 100,000 × 100,000 hidden layer ("failed to allocate
  /// 80000000000 bytes"). B×H is now held to the values limit.
  @Test("a hidden layer larger than the values limit is an error naming w1, not 80 GB")
  func hugeHiddenLayer() throws {
    let count = 100_000
    func rows(_ row: String) -> String {
      "[" + Array(repeating: row, count: count).joined(separator: ",") + "]"
    }
    let w1 = "[[" + Array(repeating: "0.5", count: count).joined(separator: ",") + "]]"
    let text =
      #"{"schema":"nnparity.case/1","x":"# + rows("[1]") + #","y":"# + rows("[0,1]")
      + #","w1":"# + w1 + #","w2":"# + rows("[1,1]") + "}"
    let report = try Self.replay(Array(text.utf8))
    #expect(report.violations.isEmpty, "\(report.violations)")
    guard case .invalidCase(let error) = report.outcome else {
      Issue.record("expected a case error, got \(report.outcome)")
      return
    }
    #expect(error.field == "w1")
    #expect(error.message.contains("100000×100000"), "\(error.message)")
    #expect(error.limit == .values, "\(error)")
    // Raising the limit lets it through validation (it is not evaluated here).
    let limits = CaseLimits(
      json: JSONLimits(maximumDepth: 64, maximumValues: 20_000_000_000),
      maximumTrainingWork: 1e12)
    let json = try JSONReader.parse(Array(text.utf8), limits: limits.json)
    #expect(throws: Never.self) { try NetworkCase(json: json, limits: limits) }
  }

  /// Found in the same review: a 160-byte case of 990 million one-unit epochs is under
  /// the training-work limit (10^12), and training reserved 7.9 GB for its losses before
  /// the first step (a trap under a 4 GB address-space limit, an out-of-memory kill later
  /// without). Epochs are now held to the values limit as well.
  @Test("990 million epochs of a tiny network: an error naming train.epochs, not 8 GB")
  func epochsOverValuesLimit() throws {
    let name = "invalid-case--epochs-losses-over-values-limit.json"
    let bytes = try CaseFile.bytes(at: Self.corpus.appendingPathComponent(name).path)
    let report = try Self.replay(bytes)
    #expect(report.violations.isEmpty, "\(report.violations)")
    guard case .invalidCase(let error) = report.outcome else {
      Issue.record("expected a case error, got \(report.outcome)")
      return
    }
    #expect(error.field == "train.epochs")
    #expect(error.message.contains("990000000 epochs"), "\(error.message)")
    #expect(error.limit == .values, "\(error)")
  }

  /// Found in the same review (the fuzzer runs at the default depth limit, 64): with
  /// `--max-depth` raised, a document nested 70,000 deep was read without recursion but
  /// freed with it, one call per level, and `nnparity evaluate` died of a stack overflow
  /// (SIGSEGV) after reporting nothing. The reader, `CaseFile.load` and `Golden(path:)`
  /// now free what they read with `JSONValue.release`.
  @Test(
    "200,000 levels of nesting with the depth limit raised: one error, no stack overflow",
    arguments: [
      ("[", "]", "expected an object, found an array"),
      ("[", "] x", "unexpected text after the end of the document"),
      ("[[", "], x", "unexpected character"),
      (#"{"schema": "nnparity.case/1", "x": ["#, "]}", "x[0][0]: expected a number"),
    ])
  func deepNestingWithRaisedLimit(open: String, close: String, message: String) throws {
    let depth = 200_000
    let text =
      open + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + close
    try TestFiles.withTemporaryDirectory { folder in
      let path = folder.appendingPathComponent("deep.json").path
      #expect(CaseReaderInput.write(Array(text.utf8), to: path))
      let limits = CaseLimits(
        json: JSONLimits(maximumDepth: 2 * depth, maximumValues: 50_000_000),
        maximumTrainingWork: 1e12)
      let error = #expect(throws: CaseError.self) { try CaseFile.load(path, limits: limits) }
      #expect(error?.description.contains(message) == true, "\(String(describing: error))")
      #expect(throws: CaseError.self) { try Golden(path: path, limits: limits) }
    }
  }

  /// Found by the fuzzer's one-line check on its seed `bad-key-newline`: an unknown key
  /// `"a\nb"` made `nnparity evaluate` print a two-line error.
  @Test(
    "an error is one line whatever the key or file name holds",
    arguments: [
      ("a\nb", #"a\nb"#), ("a\r\nb", #"a\r\nb"#), ("a\u{2028}b", #"a\u{2028}b"#),
      ("a\u{85}b", #"a\u{85}b"#), ("tab\there", #"tab\there"#), ("nul\u{0}", #"nul\u{0}"#),
    ])
  func oneLineError(_ key: String, escaped: String) throws {
    try TestFiles.withTemporaryDirectory { folder in
      let path = folder.appendingPathComponent("bad\nname.json").path
      let quoted = JSONWriter.string(key)
      let contents = #"{"schema": "nnparity.case/1", "# + quoted + ": 1, " + quoted + ": 2}"
      #expect(CaseReaderInput.write(Array(contents.utf8), to: path))
      #expect(throws: CaseError.self) {
        do {
          _ = try CaseFile.load(path)
        } catch let error as CaseError {
          let line = error.description
          #expect(!line.unicodeScalars.contains(where: CaseReaderInput.breaksLine), "\(line)")
          #expect(line.contains(#"bad\nname.json: "# + escaped + ": appears twice"), "\(line)")
          throw error
        }
      }
      // The reader's own errors quote a key too: one not followed by ':'.
      #expect(throws: JSONSyntaxError.self) {
        do {
          _ = try JSONReader.parse(Array(("{" + quoted + " 1}").utf8))
        } catch let error as JSONSyntaxError {
          #expect(error.description.hasSuffix(#"after the key ""# + escaped + #"""#))
          throw error
        }
      }
    }
  }
}
