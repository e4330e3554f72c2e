import Foundation
import NNParity
import NNParityConformance

#if !NNPARITY_FUZZER
  import NNParityTestSupport
  import Testing
#endif

/// What the case-reader fuzzer (`tools/fuzz`) does with one input. The fuzzer compiles this
/// file too — `tools/fuzz/Sources/CaseReaderFuzzer/CaseReaderInput.swift` is a symbolic link
/// to it, built with `NNPARITY_FUZZER` defined, which leaves the tests out — so the tests
/// replay saved inputs through exactly what the fuzzer ran.
///
/// The bytes go through `JSONReader.parse` (default limits), `NetworkCase(json:)`, the case's
/// own JSON written and read back, `evaluate()` when the case is small, and `Golden(path:)`.
/// Besides not trapping, each step must keep its promises; a broken one is a violation.
enum CaseReaderInput {
  /// How far an input got.
  enum Outcome: Equatable, CustomStringConvertible {
    /// The JSON reader rejected it.
    case notJSON(JSONSyntaxError)
    /// JSON, but not a valid case.
    case invalidCase(CaseError)
    /// A valid case; `evaluated` when it was small enough to run.
    case validCase(evaluated: Bool)

    /// `not-json`, `invalid-case` or `valid-case`, as saved inputs' names begin.
    var kind: String {
      switch self {
      case .notJSON: "not-json"
      case .invalidCase: "invalid-case"
      case .validCase: "valid-case"
      }
    }

    var description: String {
      switch self {
      case .notJSON(let error): "not JSON: \(error)"
      case .invalidCase(let error): "invalid case: \(error)"
      case .validCase(let evaluated): evaluated ? "valid case, evaluated" : "valid case, large"
      }
    }
  }

  /// What one input did.
  struct Report {
    var outcome: Outcome
    /// Whether the same bytes are a valid golden.
    var isGolden: Bool
    /// Broken promises: a crash for the fuzzer, a failure for the tests.
    var violations: [String]
  }

  /// The largest B·I·H·O·epochs that is evaluated, which keeps an input to milliseconds.
  static let maximumEvaluatedSize = 100_000.0

  /// Runs `bytes` through the reader, validation, evaluation and the golden reader;
  /// `goldenPath` is a scratch file the bytes are written to for `Golden(path:)`.
  static func run(_ bytes: [UInt8], goldenPath: String) -> Report {
    var violations: [String] = []
    func expectOneLine(_ text: String, _ what: String) {
      if text.isEmpty || text.unicodeScalars.contains(where: breaksLine) {
        violations.append("\(what) is not one line: \(text.debugDescription)")
      }
    }

    let outcome: Outcome
    var json: JSONValue?
    do {
      let parsed = try JSONReader.parse(bytes)
      json = parsed
      outcome = caseOutcome(parsed, violations: &violations)
    } catch {
      outcome = .notJSON(error)
    }
    switch outcome {
    case .notJSON(let error): expectOneLine(error.description, "the syntax error")
    case .invalidCase(let error): expectOneLine(error.description, "the case error")
    case .validCase: break
    }

    // The same bytes as a golden: a file, since `Golden(path:)` is its public reader.
    var isGolden = false
    if write(bytes, to: goldenPath) {
      do {
        let golden = try Golden(path: goldenPath)
        isGolden = true
        violations += goldenViolations(golden, json: json)
      } catch {
        expectOneLine(error.description, "the golden's error")
        if error.file != goldenPath { violations.append("the golden's error does not name it") }
        if json == nil && !error.message.hasPrefix("not valid JSON") {
          violations.append("not JSON, but the golden reader says \(error)")
        }
      }
    } else {
      violations.append("cannot write \(goldenPath)")
    }
    return Report(outcome: outcome, isGolden: isGolden, violations: violations)
  }

  /// Validates, round-trips and (when small) evaluates a parsed document as a case.
  private static func caseOutcome(_ json: JSONValue, violations: inout [String]) -> Outcome {
    let networkCase: NetworkCase
    do {
      networkCase = try NetworkCase(json: json)
    } catch {
      return .invalidCase(error)
    }
    // A valid case written out reads back as the same case.
    do {
      let again = try NetworkCase(json: try JSONReader.parse(Array(networkCase.jsonText.utf8)))
      if again != networkCase { violations.append("the case changes when written and read back") }
    } catch {
      violations.append("the case's own JSON does not read back: \(error)")
    }
    let (b, i, h, o) = networkCase.shape
    let epochs = Double(networkCase.training?.configuration.epochs ?? 1)
    guard Double(b) * Double(i) * Double(h) * Double(o) * epochs <= maximumEvaluatedSize else {
      return .validCase(evaluated: false)
    }
    let result = networkCase.evaluate()
    for name in networkCase.expectedTensorNames {
      let shape = result.tensors[name]?.shape
      if shape != networkCase.expectedShape(of: name) {
        violations.append(
          "\(name.rawValue) has shape \(shape.map { "\($0)" } ?? "none"), expected "
            + "\(networkCase.expectedShape(of: name))")
      }
    }
    // The result line `nnparity evaluate` prints is JSON (names and NaNs included).
    do {
      _ = try JSONReader.parse(Array(result.jsonLine.utf8))
    } catch {
      violations.append("the result line is not JSON: \(error)")
    }
    return .validCase(evaluated: true)
  }

  /// A golden that reads must hold the case its `case` member holds, and results of the
  /// shapes that case gives.
  private static func goldenViolations(_ golden: Golden, json: JSONValue?) -> [String] {
    var violations: [String] = []
    guard let caseJSON = json?["case"] else {
      return ["a golden read from bytes that are not JSON or have no case"]
    }
    if (try? NetworkCase(json: caseJSON, path: "case")) != golden.networkCase {
      violations.append("the golden's case differs from its case member read alone")
    }
    for result in [golden.expected] + (golden.exact.map { [$0] } ?? []) {
      for (name, tensor) in result.tensors
      where tensor.shape != golden.networkCase.expectedShape(of: name) {
        violations.append("golden \(name.rawValue) has shape \(tensor.shape)")
      }
    }
    return violations
  }

  /// Writes a file with POSIX calls: Foundation's writers fsync, milliseconds an input.
  static func write(_ bytes: [UInt8], to path: String) -> Bool {
    let file = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard file >= 0 else { return false }
    defer { close(file) }
    return bytes.withUnsafeBytes { buffer in
      var offset = 0
      while offset < buffer.count, let start = buffer.baseAddress {
        let written = Foundation.write(file, start + offset, buffer.count - offset)
        guard written > 0 else { return false }
        offset += written
      }
      return true
    }
  }

  /// A scalar that would start a new line on a terminal or in a log: a control character
  /// (C0, DEL, C1) or a Unicode line or paragraph separator.
  static func breaksLine(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar == "\u{2028}"
      || scalar == "\u{2029}"
  }
}

#if !NNPARITY_FUZZER
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
#endif
