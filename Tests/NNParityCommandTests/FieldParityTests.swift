import Foundation
import NNParityAudit
import NNParityCases
import NNParityPython
import NNParityTestSupport
import Testing

/// Swift's reader and the NumPy reference script blame the same field for the same bad
/// case: every bad-input file of the evaluate tests and of the fuzz corpus goes through
/// `nnparity evaluate` and `python3 reference/nnparity_reference.py`.
@Suite(
  "Swift and Python name the same field",
  .requiresNumPy)
struct FieldParityTests {
  /// Files where the two readers differ on purpose, with why; they are left out.
  static let knownDifferences: [String: String] = [
    "a row of three million numbers": "large; the same path as ragged rows"
  ]

  /// More bad cases than the evaluate tests hold, each a variation of the notebook's.
  static let extraBadCases: [(String, String)] = [
    ("misspelt train key", #", "train": {"epochs": 1, "learning_rat": 0.01, "dropout": 0}"#),
    ("negative epsilon", #", "loss_epsilon": -1"#),
    ("unknown reduction", #", "reduction": "avg""#),
    ("train not an object", #", "train": 3"#),
    ("learning rate a string", #", "train": {"epochs": 1, "learning_rate": "a", "dropout": 0}"#),
    (
      "negative seed",
      #", "train": {"epochs": 1, "learning_rate": 0.1, "dropout": 0.5, "mask_seed": -1}"#
    ),
    (
      "fractional seed",
      #", "train": {"epochs": 1, "learning_rate": 0.1, "dropout": 0.5, "mask_seed": 1.5}"#
    ),
    (
      "masks not an array",
      #", "train": {"epochs": 1, "learning_rate": 0.1, "dropout": 0.5, "masks": 3}"#
    ),
    ("zero epochs", #", "train": {"epochs": 0, "learning_rate": 0.1, "dropout": 0}"#),
    ("epochs a fraction, dropout missing", #", "train": {"epochs": 2.5, "learning_rate": 0.01}"#),
    ("epsilon a string", #", "loss_epsilon": "x""#),
    ("dropout a string", #", "train": {"epochs": 1, "learning_rate": 0.1, "dropout": "x"}"#),
  ]

  @Test("every bad-input file: the same field, or both a whole-file error")
  func sameField() throws {
    guard case .available(let environment) = PythonAvailability.current else {
      Issue.record("NumPy required but unavailable: \(PythonAvailability.current)")
      return
    }
    try TestFiles.withTemporaryDirectory { folder in
      var files: [(label: String, path: String)] = []
      var contents = EvaluateCommandTests.badFiles.compactMap { bad in
        bad.contents.map { (bad.label, $0) }
      }
      contents += Self.extraBadCases.map { ($0.0, CaseTexts.notebook($0.1)) }
      for (index, (label, text)) in contents.enumerated()
      where Self.knownDifferences[label] == nil {
        let file = folder.appendingPathComponent("bad-\(index).json")
        try text.write(to: file, atomically: true, encoding: .utf8)
        files.append((label, file.path))
      }
      let corpus = CommandRunner.packageRoot.appendingPathComponent("tools/fuzz/corpus-regressions")
      for name in try FileManager.default.contentsOfDirectory(atPath: corpus.path).sorted()
      where (name.hasPrefix("invalid-case--") || name.hasPrefix("not-json--"))
        && Self.knownDifferences[name] == nil
      {
        files.append((name, corpus.appendingPathComponent(name).path))
      }
      #expect(files.count >= 40, "a broad set of bad inputs: \(files.count)")

      let swift = try CommandRunner.run(["evaluate"] + files.map(\.path))
      let lines = swift.standardOutput.split(separator: "\n", omittingEmptySubsequences: false)
        .filter { !$0.isEmpty }
      try #require(lines.count == files.count, "one line per file: \(swift.standardOutput)")
      let python = try Self.runPython(
        environment.interpreterPath,
        [CommandRunner.packageRoot.appendingPathComponent("reference/nnparity_reference.py").path]
          + files.map(\.path))
      #expect(python.status == 1)
      let pythonErrors = "\n" + python.standardError
      for ((label, path), line) in zip(files, lines) {
        let object = try EvaluateCommandTests.object(String(line))
        let error = try #require(
          object["error"] as? [String: Any], "\(label): not an error: \(line)")
        #expect(object["file"] as? String == path)
        // A whole-file error (not JSON, not an object) has no field in Swift and a
        // parenthesised pseudo-field in Python: "(json)", "(case)", "(file)".
        // Both print the field on one line, its control characters escaped the same way.
        let field = (error["field"] as? String)?.escapingControlCharacters
        let expectedPrefix = "\n\(path): " + (field.map { "\($0): " } ?? "(")
        #expect(
          pythonErrors.contains(expectedPrefix),
          "\(label): Swift names \(field ?? "the file"); Python says \(Self.pythonLine(pythonErrors, path))"
        )
      }
    }
  }

  static func pythonLine(_ errors: String, _ path: String) -> String {
    guard let start = errors.range(of: "\n\(path): ") else { return "nothing" }
    return String(errors[start.upperBound...].prefix { $0 != "\n" })
  }

  static func runPython(_ interpreter: String, _ arguments: [String]) throws -> (
    status: Int32, standardError: String
  ) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: interpreter)
    process.arguments = arguments
    let err = Pipe()
    process.standardOutput = FileHandle.nullDevice
    process.standardError = err
    try process.run()
    let data = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }
}
