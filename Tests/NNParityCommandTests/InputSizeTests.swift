import Foundation
import NNParityTestSupport
import Testing

/// Input that never ends, or is too large, is not read to its end: reading stops at
/// `--max-bytes`, or where the JSON reader stops whatever follows, with one line naming the
/// file, the limit and the flag that raises it.
@Suite("Input size is bounded")
struct InputSizeTests {
  /// `source` (a command that may print forever) cut to 1 GB when `nnparity` cannot run
  /// under a memory limit, so that an unbounded reader would still end.
  static func finite(_ source: String) -> String {
    CommandRunner.startsUnderMemoryLimit ? source : source + " | head -c 1000000000"
  }

  /// Expects `output` to be one failed case: its JSON line on standard output and one error
  /// line on standard error, `error: FILE: MESSAGE`.
  static func expectOneError(
    _ output: CommandRunner.Output, file: String, message: String,
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    #expect(output.status == 1, "\(output.standardError)", sourceLocation: sourceLocation)
    #expect(
      output.errorLines == ["error: \(file): \(message)"], "\(output.standardError)",
      sourceLocation: sourceLocation)
    try #require(output.outputLines.count == 1, sourceLocation: sourceLocation)
    let line = try EvaluateCommandTests.object(output.outputLines[0])
    #expect(line["file"] as? String == file, sourceLocation: sourceLocation)
  }

  @Test(
    "/dev/zero fails at its first byte, which no JSON value starts with",
    .enabled(if: CommandRunner.startsUnderMemoryLimit, "/dev/zero needs a memory limit"))
  func devZero() throws {
    // Before: read until memory ran out (8.4 GB), then "cannot be read".
    let output = try CommandRunner.runLimited(#"exec "$NNPARITY" evaluate /dev/zero"#)
    try Self.expectOneError(
      output, file: "/dev/zero", message: "not valid JSON: line 1, column 1: unexpected character")
  }

  /// A command that prints forever, the options, and the one error it must get.
  struct EndlessInput: Sendable, CustomTestStringConvertible {
    var source: String
    var options: String
    var message: String
    var testDescription: String { source }
  }

  static let endlessInputs = [
    // Blanks: nothing stops the reader before --max-bytes.
    EndlessInput(
      source: "yes ' '", options: "--max-bytes 4096",
      message: "more than 4096 bytes, the limit (raise it with --max-bytes)"),
    // Nesting: the reader stops at the 65th bracket whatever follows, and so does reading.
    EndlessInput(
      source: "yes '['", options: "",
      message:
        "not valid JSON: line 65, column 2: nesting deeper than 64, the limit (raise it with --max-depth)"
    ),
  ]

  @Test(
    "endless standard input: reading stops, and the error names the limit's flag",
    arguments: endlessInputs)
  func endlessStandardInput(_ input: EndlessInput) throws {
    // Before: read until memory ran out, then "standard input cannot be read".
    let output = try CommandRunner.runLimited(
      Self.finite(input.source) + #" | "$NNPARITY" evaluate - "# + input.options)
    try Self.expectOneError(output, file: "-", message: input.message)
  }

  /// The notebook case padded with blanks to over 5,000 bytes, written in `folder`.
  static func bigCase(in folder: URL) throws -> URL {
    let big = folder.appendingPathComponent("big.json")
    try CaseTexts.notebook(String(repeating: " ", count: 5000)).write(
      to: big, atomically: true, encoding: .utf8)
    return big
  }

  @Test("a file past --max-bytes is not read; one line names it, the others still run")
  func fileOverLimit() throws {
    try TestFiles.withTemporaryDirectory { folder in
      let good = folder.appendingPathComponent("good.json")
      try CaseTexts.notebook().write(to: good, atomically: true, encoding: .utf8)
      let big = try Self.bigCase(in: folder)
      let output = try CommandRunner.run(
        ["evaluate", good.path, big.path, "--max-bytes", "4096"])
      #expect(output.status == 1)
      #expect(
        output.errorLines == [
          "error: \(big.path): more than 4096 bytes, the limit (raise it with --max-bytes)"
        ], "\(output.standardError)")
      let lines = try output.outputLines.map(EvaluateCommandTests.object)
      #expect(lines.map { $0["file"] as? String } == [good.path, big.path])
      #expect(lines.first?["probs"] != nil)
    }
  }

  @Test("audit --case past --max-bytes: the report names the file and the flag")
  func auditCaseOverLimit() throws {
    try TestFiles.withTemporaryDirectory { folder in
      let big = try Self.bigCase(in: folder)
      let output = try CommandRunner.run(
        ["audit", "--only-cases", "--case", big.path, "--max-bytes", "4096", "--format", "json"],
        environment: ["NNPARITY_PYTHON": "none"])
      #expect(output.status == 1)
      let report = try AuditCommandTests.report(output)
      let errors = try #require(report["load_errors"] as? [String], "\(output.standardOutput)")
      #expect(
        errors.contains {
          $0.hasSuffix("\(big.path): more than 4096 bytes, the limit (raise it with --max-bytes)")
        }, "\(errors)")
    }
  }
}
