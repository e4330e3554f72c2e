import Foundation
import NNParityTestSupport
import Testing

/// `nnparity evaluate` end to end, as a user runs it.
@Suite("nnparity evaluate")
struct EvaluateCommandTests {
  @Test("reproduces the notebook's printed Task 1 and Task 2 numbers")
  func notebookNumbers() throws {
    try TestFiles.withTemporaryDirectory { folder in
      let torch = folder.appendingPathComponent("torch.json")
      let numpy = folder.appendingPathComponent("numpy.json")
      try CaseTexts.notebook(#", "loss_epsilon": 1e-7"#, dtype: "float32").write(
        to: torch, atomically: true, encoding: .utf8)
      try CaseTexts.notebook(semantics: "notebook").write(
        to: numpy, atomically: true, encoding: .utf8)
      let output = try CommandRunner.run(["evaluate", torch.path, numpy.path])
      #expect(output.status == 0, "\(output.standardError)")
      try #require(output.outputLines.count == 2)
      let torchResult = try Self.object(output.outputLines[0])
      let numpyResult = try Self.object(output.outputLines[1])
      Self.expect(torchResult["probs"], near: [[0.1324, 0.8676], [0.0145, 0.9855]], within: 5e-5)
      Self.expect(
        numpyResult["probs"], near: [[0.13238887, 0.86761113], [0.01448572, 0.98551428]],
        within: 5e-9)
      Self.expect(
        torchResult["grad_w1"],
        near: [0.3810, 0.4663, 0.5516].map { Array(repeating: $0, count: 4) },
        within: 5e-5)
      Self.expect(
        numpyResult["grad_w1"],
        near: [0.38096682, 0.46627936, 0.5515919].map { Array(repeating: $0, count: 4) },
        within: 5e-9)
    }
  }

  /// A bad file and the field its error must name.
  struct BadFile: Sendable, CustomTestStringConvertible {
    var label: String
    var contents: String?
    var field: String
    var testDescription: String { label }
  }

  static let badFiles: [BadFile] = [
    BadFile(label: "not JSON", contents: "this is not json", field: "not valid JSON"),
    BadFile(label: "empty file", contents: "", field: "the file is empty"),
    BadFile(label: "only whitespace", contents: " \n\t \r\n", field: "holds no JSON value"),
    BadFile(
      label: "JSON that is not an object", contents: "[1, 2, 3]", field: "expected an object"),
    BadFile(
      label: "unknown schema",
      contents: CaseTexts.notebook().replacingOccurrences(
        of: "nnparity.case/1", with: "nnparity.case/9"),
      field: "schema"),
    BadFile(
      label: "missing field",
      contents: CaseTexts.notebook().replacingOccurrences(of: #""y": [[0, 1], [1, 0]],"#, with: ""),
      field: "y: missing"),
    BadFile(
      label: "string where a number belongs",
      contents: CaseTexts.notebook().replacingOccurrences(of: "0.5, 0.6", with: "\"0.5\", 0.6"),
      field: "w1[1][0]"),
    BadFile(
      label: "ragged rows",
      contents: CaseTexts.notebook().replacingOccurrences(
        of: "[4.0, 5.0, 6.0]", with: "[4.0, 5.0]"),
      field: "x[1]"),
    BadFile(
      label: "empty matrix",
      contents: CaseTexts.notebook().replacingOccurrences(
        of: #""y": [[0, 1], [1, 0]]"#, with: #""y": []"#), field: "y"),
    BadFile(
      label: "x and y rows differ",
      contents: CaseTexts.notebook().replacingOccurrences(of: "[[0, 1], [1, 0]]", with: "[[0, 1]]"),
      field: "y"),
    BadFile(
      label: "w1 rows differ from x columns",
      contents: CaseTexts.notebook().replacingOccurrences(of: ", [0.9, 1.0, 1.1, 1.2]]", with: "]"),
      field: "w1"),
    BadFile(
      label: "w2 rows differ from w1 columns (w1 is blamed: H comes from w2, as in the reference)",
      contents: CaseTexts.notebook().replacingOccurrences(of: ", [0.8, 0.9]]", with: "]"),
      field: "w1"),
    BadFile(
      label: "O < 2",
      contents: #"{"schema": "nnparity.case/1", "x": [[1]], "y": [[1]], "w1": [[1]], "w2": [[1]]}"#,
      field: "w2"),
    BadFile(
      label: "number overflows",
      contents: CaseTexts.notebook().replacingOccurrences(of: "0.5, 0.6", with: "1e400, 0.6"),
      field: "w1[1][0]"),
    BadFile(
      label: "negative target",
      contents: CaseTexts.notebook().replacingOccurrences(
        of: "[[0, 1], [1, 0]]", with: "[[0, 1], [-1, 0]]"), field: "y[1][0]"),
    BadFile(label: "unknown dtype", contents: CaseTexts.notebook(dtype: "float16"), field: "dtype"),
    BadFile(
      label: "unknown semantics", contents: CaseTexts.notebook(semantics: "torch"),
      field: "semantics"),
    BadFile(
      label: "dropout outside [0, 1)",
      contents: CaseTexts.notebook(
        #", "train": {"epochs": 1, "learning_rate": 0.01, "dropout": 1.0, "mask_seed": 1}"#),
      field: "train.dropout"),
    BadFile(
      label: "epochs not a positive integer",
      contents: CaseTexts.notebook(
        #", "train": {"epochs": 2.5, "learning_rate": 0.01, "dropout": 0}"#),
      field: "train.epochs"),
    BadFile(
      label: "missing dropout",
      contents: CaseTexts.notebook(#", "train": {"epochs": 2, "learning_rate": 0.01}"#),
      field: "train.dropout"),
    BadFile(
      label: "a dropped unit with dropout 0",
      contents: CaseTexts.notebook(
        #", "train": {"epochs": 1, "learning_rate": 0.01, "dropout": 0, "masks": [[[1, 0, 1, 1], [1, 1, 1, 1]]]}"#
      ), field: "train.masks[0][0][1]"),
    BadFile(
      label: "both masks and mask_seed",
      contents: CaseTexts.notebook(
        #", "train": {"epochs": 1, "learning_rate": 0.01, "dropout": 0.5, "mask_seed": 3, "masks": [[[1, 0, 1, 1], [1, 1, 1, 1]]]}"#
      ), field: "train.mask_seed"),
    BadFile(
      label: "float32 overflow",
      contents: CaseTexts.notebook(dtype: "float32").replacingOccurrences(
        of: "0.5, 0.6", with: "1e39, 0.6"), field: "w1[1][0]"),
    BadFile(
      label: "missing learning rate",
      contents: CaseTexts.notebook(#", "train": {"epochs": 2, "dropout": 0}"#),
      field: "train.learning_rate"),
    BadFile(
      label: "too few masks",
      contents: CaseTexts.notebook(
        #", "train": {"epochs": 2, "learning_rate": 0.01, "dropout": 0.5, "masks": [[[1, 0, 1, 1], [0, 1, 1, 1]]]}"#
      ), field: "train.masks"),
    BadFile(
      label: "mask of the wrong shape",
      contents: CaseTexts.notebook(
        #", "train": {"epochs": 1, "learning_rate": 0.01, "dropout": 0.5, "masks": [[[1, 0, 1], [0, 1, 1]]]}"#
      ), field: "train.masks[0]"),
    BadFile(
      label: "mask not 0/1",
      contents: CaseTexts.notebook(
        #", "train": {"epochs": 1, "learning_rate": 0.01, "dropout": 0.5, "masks": [[[1, 0, 1, 1], [0, 0.5, 1, 1]]]}"#
      ), field: "train.masks[0][1][1]"),
    BadFile(
      label: "dropout without masks or seed",
      contents: CaseTexts.notebook(
        #", "train": {"epochs": 1, "learning_rate": 0.01, "dropout": 0.5}"#),
      field: "train.masks"),
    BadFile(
      label: "unknown field", contents: CaseTexts.notebook(#", "learnig_rate": 0.1"#),
      field: "learnig_rate"),
    BadFile(
      label: "deep nesting", contents: String(repeating: "[", count: 100_000),
      field: "nesting deeper"),
    BadFile(label: "no such file", contents: nil, field: "no such file"),
    BadFile(
      label: "a row of three million numbers",
      contents: CaseTexts.notebook().replacingOccurrences(
        of: "[4.0, 5.0, 6.0]",
        with: "[" + Array(repeating: "0.5", count: 3_000_000).joined(separator: ",") + "]"),
      field: "x[1]"),
    BadFile(
      label: "epochs × size over the limit",
      contents: CaseTexts.notebook(
        #", "train": {"epochs": 2000000000, "learning_rate": 0.01, "dropout": 0}"#),
      field: "train.epochs"),
    BadFile(
      label: "an epsilon float32 cannot hold",
      contents: CaseTexts.notebook(#", "loss_epsilon": 1e39"#, dtype: "float32"),
      field: "loss_epsilon: 1e+39 is not finite in float32"),
  ]

  /// Every bad file in one run, each between two good ones: `nnparity evaluate` reads its
  /// files one by one, so one run says what a run per file would.
  @Test("each bad file gets one line naming the file and field; the good cases beside it still run")
  func badFiles() throws {
    try TestFiles.withTemporaryDirectory { folder in
      let good = try CaseTexts.write(CaseTexts.notebook(), to: folder, as: "good.json")
      let bad = try Self.badFiles.enumerated().map { index, bad in
        let path = folder.appendingPathComponent("bad-\(index).json").path
        try bad.contents?.write(toFile: path, atomically: true, encoding: .utf8)
        return (bad, path)
      }
      let files = [good] + bad.flatMap { [$0.1, good] }
      let output = try CommandRunner.run(["evaluate"] + files)
      #expect(output.status == 1)
      try #require(output.outputLines.count == files.count, "one line per file")
      try #require(output.errorLines.count == bad.count, "one error line per bad file")
      // Standard output keeps one line per input, in order, each naming its file.
      let lines = try output.outputLines.map(Self.object)
      #expect(lines.map { $0["file"] as? String } == files)
      for (index, ((bad, path), line)) in zip(bad, output.errorLines).enumerated() {
        #expect(line.contains(path), "\(bad.label): names the file: \(line)")
        #expect(line.contains(bad.field), "\(bad.label): names \(bad.field): \(line)")
        #expect(lines[2 * index]["probs"] != nil && lines[2 * index + 2]["probs"] != nil)
        let object = lines[2 * index + 1]
        let error = try #require(object["error"] as? [String: Any], "\(bad.label): \(object)")
        let message = try #require(error["message"] as? String)
        #expect(
          "\(error["field"] as? String ?? ""): \(message)".contains(bad.field),
          "\(bad.label): names \(bad.field): \(object)")
      }
    }
  }

  @Test("a folder given as a case is an error, not a crash")
  func folderAsCase() throws {
    try TestFiles.withTemporaryDirectory { folder in
      let output = try CommandRunner.run(["evaluate", folder.path])
      #expect(output.status == 1)
      #expect(output.standardError.contains("is a directory"))
    }
  }

  static func object(_ line: String) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
    return try #require(object as? [String: Any])
  }

  static func expect(
    _ value: Any?, near expected: [[Double]], within bound: Double,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    guard let rows = value as? [[NSNumber]] else {
      Issue.record("not a matrix: \(String(describing: value))", sourceLocation: sourceLocation)
      return
    }
    #expect(rows.count == expected.count, sourceLocation: sourceLocation)
    for (r, row) in zip(rows, expected).enumerated() {
      for (c, (actual, printed)) in zip(row.0, row.1).enumerated() {
        #expect(
          abs(actual.doubleValue - printed) <= bound, "[\(r)][\(c)] \(actual) vs \(printed)",
          sourceLocation: sourceLocation)
      }
    }
  }
}
