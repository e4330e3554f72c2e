import Foundation
import NNParityTestSupport
import Testing

/// A failure while a command runs is one line, `Error: <message>`, with exit status 1: no
/// usage line and no 64 (that is for wrong arguments), and file errors in plain words.
@Suite("Errors while a command runs")
struct RunErrorTests {
  /// Expects `output` to be exactly `Error: <message>` and exit status 1.
  static func expectRunError(
    _ output: CommandRunner.Output, _ message: String,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(output.status == 1, sourceLocation: sourceLocation)
    #expect(
      output.errorLines == ["Error: " + message], "\(output.standardError)",
      sourceLocation: sourceLocation)
  }

  @Test("nnparity case --output a folder, or into a missing folder, says why in words")
  func caseOutputUnwritable() throws {
    try TestFiles.withTemporaryDirectory { folder in
      // Before: "… (NSCocoaErrorDomain error 512.)", the root usage, exit status 64.
      Self.expectRunError(
        try CommandRunner.run(["case", "random-s1-17", "--output", folder.path]),
        "cannot write \(folder.path): is a directory")
      let missing = folder.appendingPathComponent("missing/r.json").path
      Self.expectRunError(
        try CommandRunner.run(["case", "random-s1-17", "--output", missing]),
        "cannot write \(missing): no such file or directory")
    }
  }

  @Test("a copy of nnparity outside the package, with no goldens to find, says so in one line")
  func noGoldens() throws {
    try TestFiles.withTemporaryDirectory { folder in
      let copy = folder.appendingPathComponent("nnparity")
      try TestFiles.installExecutable(copying: try CommandRunner.executable(), to: copy)
      let run = { (root: String) in
        try CommandRunner.run(
          ["audit", "--random", "0"], environment: ["NNPARITY_ROOT": root], program: copy,
          directory: folder)
      }
      // An empty NNPARITY_ROOT is none: PackageRoot ignores it.
      Self.expectRunError(
        try run(""),
        "Cannot find reference/golden in or above the current directory or nnparity's "
          + "folder; pass --golden-dir, or set NNPARITY_ROOT to the nnparity package's folder.")
      let nowhere = folder.appendingPathComponent("nonexistent").path
      Self.expectRunError(
        try run(nowhere),
        "Cannot find reference/golden in or above NNPARITY_ROOT (\(nowhere)), the current "
          + "directory or nnparity's folder; pass --golden-dir, or set NNPARITY_ROOT to the "
          + "nnparity package's folder.")
    }
  }
}
