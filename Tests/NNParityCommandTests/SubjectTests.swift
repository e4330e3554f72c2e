import Foundation
import NNParityPython
import NNParityTestSupport
import Testing

/// `nnparity audit --subject CMD` judges another implementation by the same engine: a right
/// one passes, a wrong one fails from the goldens alone, one that crashes or prints garbage
/// fails naming the case.
@Suite("nnparity audit --subject")
struct SubjectTests {
  static let goldensOnly = ["NNPARITY_PYTHON": "none"]
  static let reference = CommandRunner.packageRoot.appendingPathComponent(
    "reference/nnparity_reference.py"
  ).path

  func audit(_ subject: String, extra: [String: String] = [:]) throws -> CommandRunner.Output {
    try CommandRunner.run(
      ["audit", "--subject", subject, "--random", "0", "--quiet"],
      environment: Self.goldensOnly.merging(extra) { $1 })
  }

  @Test("nnparity evaluate itself passes every golden")
  func evaluateSubject() throws {
    Self.expectPassed(try audit(try CommandRunner.executable().path + " evaluate"))
  }

  @Test("the NumPy reference script passes every golden", .requiresNumPy)
  func referenceScriptSubject() throws {
    Self.expectPassed(try audit(try CommandRunner.python() + " " + Self.reference))
  }

  static func expectPassed(_ output: CommandRunner.Output) {
    #expect(output.status == 0, "\(output.standardOutput)")
    #expect(output.outputLines.last?.hasPrefix("PASSED: ") == true, "\(output.standardOutput)")
  }

  /// The reference with NumPy's exp or log off by ±1e-14 (float64) or ±5e-6 (float32),
  /// alternating element by element: the power the parity bounds promise.
  @Test(
    "a subject whose exp or log is off by 1e-14 (float64) or 5e-6 (float32) fails",
    .requiresNumPy, arguments: ["exp", "log"])
  func faultySubject(function: String) throws {
    try TestFiles.withTemporaryDirectory { folder in
      let script = folder.appendingPathComponent("faulty.py")
      try """
      import os, runpy, sys
      import numpy as np
      _real = np.\(function)
      def faulty(x, *args, **kwargs):
          out = _real(x, *args, **kwargs)
          rel = 1e-14 if np.asarray(out).dtype == np.float64 else 5e-6
          sign = np.where(np.arange(np.size(out)) % 2 == 0, 1.0, -1.0).reshape(np.shape(out))
          return (out * (1 + rel * sign)).astype(np.asarray(out).dtype)
      np.\(function) = faulty
      runpy.run_path(\"\(Self.reference)\", run_name="__main__")
      """.write(to: script, atomically: true, encoding: .utf8)
      let output = try audit(try CommandRunner.python() + " " + script.path)
      #expect(output.status == 1)
      #expect(output.flattened.contains("differs from NumPy (golden)"))
      let verdict = output.standardOutput.split(separator: "\n").last ?? ""
      #expect(verdict.hasPrefix("FAILED ("), "\(verdict)")
    }
  }

  @Test("the report names the subject where it would name Swift, and its JSON says which")
  func reportNamesSubject() throws {
    try TestFiles.withTemporaryDirectory { folder in
      let subject = try CommandRunner.lossNudgingSubject(in: folder)
      let text = try CommandRunner.run(
        [
          "audit", "--subject", subject, "--random", "0", "--filter", "edge-mean-notebook",
          "--verbose",
        ],
        environment: Self.goldensOnly)
      #expect(text.status == 1)
      for phrase in [
        "Goldens: \(subject) against the committed NumPy results",
        "\(subject) differs from NumPy (golden)", "\(subject) against the exact value",
        "Exact oracle: \(subject) and NumPy", "subject u·C",
      ] {
        #expect(text.flattened.contains(phrase), "\(phrase): \(text.standardOutput)")
      }
      for phrase in [
        "Swift against", "Swift differs", "Swift and NumPy", "Swift u·C", "Swift kernels",
      ] {
        #expect(!text.flattened.contains(phrase), "\(phrase): \(text.standardOutput)")
      }
      let json = try CommandRunner.run(
        [
          "audit", "--subject", subject, "--random", "0", "--filter", "edge-mean-notebook",
          "--format", "json",
        ],
        environment: Self.goldensOnly)
      let report = try #require(
        try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
      #expect(report["subject"] as? String == subject)
    }
  }

  @Test("a subject that prints garbage fails, naming the case; one that cannot run, once")
  func brokenSubjects() throws {
    let garbage = try audit("echo not-json")
    #expect(garbage.status == 1)
    #expect(garbage.flattened.contains("edge-all-hidden-dead"), "\(garbage.standardOutput)")
    #expect(garbage.flattened.contains("is not JSON"), "\(garbage.standardOutput)")
    // Nothing printed and a failing status: the whole run failed. One line says so, with
    // the status and the shell's message, instead of one failure per golden.
    let missing = try audit("/nonexistent/evaluator")
    #expect(missing.status == 1)
    let failures = missing.outputLines.filter { $0.contains("exit status") }
    #expect(failures.count == 1, "\(missing.standardOutput)")
    #expect(
      missing.flattened.contains("the goldens: /nonexistent/evaluator printed nothing for")
        && missing.flattened.contains("exit status 127; stderr:")
        && missing.flattened.contains("not found"), "\(missing.standardOutput)")
    #expect(missing.outputLines.count < 12, "\(missing.standardOutput)")
  }

  /// A subject that evaluates the goldens but prints nothing and exits 3 when handed exactly
  /// two files: the two --case files of `wholeRunOnUserCases`.
  static func failingOnTwoCases(in folder: URL) throws -> String {
    let script = folder.appendingPathComponent("two.sh")
    try """
    if [ $# -eq 2 ]; then echo "two cases: giving up" >&2; exit 3; fi
    exec '\(try CommandRunner.executable().path)' evaluate "$@"
    """.write(to: script, atomically: true, encoding: .utf8)
    return "sh " + script.path
  }

  /// The audit of `failingOnTwoCases` with two --case files, the goldens passing.
  func wholeRunOnUserCases(environment: [String: String]) throws -> CommandRunner.Output {
    try TestFiles.withTemporaryDirectory { folder in
      let files = ["first", "second"].map { folder.appendingPathComponent("\($0).json").path }
      for path in files {
        try EvaluateCommandTests.notebookCase().write(
          toFile: path, atomically: true, encoding: .utf8)
      }
      return try CommandRunner.run(
        [
          "audit", "--subject", try Self.failingOnTwoCases(in: folder), "--random", "0",
          "--filter", "edge-mean-notebook", "--case", files[0], "--case", files[1], "--quiet",
        ],
        environment: environment)
    }
  }

  /// `output` failed, with one line saying the subject failed as a whole on `batch`.
  static func expectWholeRunFailure(_ output: CommandRunner.Output, batch: String) {
    #expect(output.status == 1, "\(output.standardOutput)")
    #expect(
      output.flattened.contains("\(batch): sh ")
        && output.flattened.contains("printed nothing for 2 cases (exit status 3; stderr: two "),
      "\(output.standardOutput)")
    #expect(output.outputLines.last?.hasPrefix("FAILED") == true, "\(output.standardOutput)")
  }

  @Test("without NumPy, a subject that fails as a whole on the --case files alone fails")
  func wholeRunOnUserCasesOnly() throws {
    Self.expectWholeRunFailure(
      try wholeRunOnUserCases(environment: Self.goldensOnly), batch: "the --case files")
  }

  @Test(
    "with live NumPy, a subject that fails as a whole on the live cases alone fails",
    .requiresNumPy)
  func wholeRunOnLiveCasesOnly() throws {
    Self.expectWholeRunFailure(try wholeRunOnUserCases(environment: [:]), batch: "the live cases")
  }

  @Test("without NumPy, a subject with no result for a --case fails as that case, not a file")
  func brokenSubjectOnUserCase() throws {
    try TestFiles.withTemporaryDirectory { folder in
      let file = folder.appendingPathComponent("mine.json")
      try EvaluateCommandTests.notebookCase().write(to: file, atomically: true, encoding: .utf8)
      let output = try CommandRunner.run(
        [
          "audit", "--subject", "false", "--random", "0", "--filter", "edge-mean-notebook",
          "--case",
          file.path, "--quiet",
        ],
        environment: Self.goldensOnly)
      #expect(output.status == 1)
      let verdict = output.outputLines.last ?? ""
      #expect(verdict.contains("1 user case without a result failed"), "\(verdict)")
      #expect(!verdict.contains("unreadable"), "\(verdict)")
      #expect(output.flattened.contains("not compared (false against finite differences"))
    }
  }

  @Test("a subject's lines must be its cases': another name, or an extra line, fails")
  func misalignedSubjects() throws {
    try TestFiles.withTemporaryDirectory { folder in
      let renamed = try audit(
        try CommandRunner.filteredEvaluate(
          in: folder, name: "rename",
          awk: #"{ sub(/"name":"[^"]*"/, "\"name\":\"not-this-case\""); print }"#))
      #expect(renamed.status == 1)
      #expect(renamed.flattened.contains("line is for not-this-case"), "\(renamed.standardOutput)")
      // One line more than the audit's cases: the first case evaluated twice.
      let extra = try audit(
        try CommandRunner.shellSubject(
          in: folder, name: "extra", script: #""$NNPARITY" evaluate "$@" "$1""#))
      #expect(extra.status == 1)
      #expect(extra.flattened.contains("lines for"))
    }
  }
}
