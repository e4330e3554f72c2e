import Foundation
import NNParity
import NNParityAudit
import NNParityCases
import NNParityJudging
import NNParityReports
import NNParityTestSupport
import Testing

/// Another implementation under audit (`--subject CMD`, a `CommandSubject`) is judged by the
/// same engine: a right one passes, a wrong one fails from the goldens alone, and one that
/// crashes, prints garbage or misaligns its lines fails naming the case, or the whole run
/// once.
@Suite("Audit: subjects that are programs")
struct CommandSubjectTests {
  static let edgeMean = "edge-mean-notebook"

  /// A `sh` subject in `folder` that prints `lines` (whatever cases it is handed), or, when
  /// handed exactly `failingOn` case files, prints nothing and exits 3.
  static func printing(_ lines: [String], in folder: URL, failingOn: Int? = nil) throws
    -> CommandSubject
  {
    let output = folder.appendingPathComponent("lines.out")
    try (lines.joined(separator: "\n") + "\n").write(to: output, atomically: true, encoding: .utf8)
    let script = folder.appendingPathComponent("subject.sh")
    let failing = failingOn.map {
      "if [ $# -eq \($0) ]; then echo \"\($0) cases: giving up\" >&2; exit 3; fi\n"
    }
    try ((failing ?? "") + "cat '\(output.path)'\n").write(
      to: script, atomically: true, encoding: .utf8)
    return CommandSubject(command: "sh " + script.path)
  }

  /// The bundled network's result line for the golden `name`, named `as` when given.
  static func resultLine(_ name: String, as other: String? = nil) throws -> String {
    let golden = try Golden(path: GoldenFolders.package.appendingPathComponent(name + ".json").path)
    let result = golden.networkCase.evaluate()
    guard let other else { return result.jsonLine }
    return CaseResult(name: other, dtype: result.dtype, tensors: result.tensors).jsonLine
  }

  /// The failures of every golden family.
  static func goldenFailures(_ report: AuditReport) -> [CaseFailure] {
    report.goldens.flatMap(\.failures)
  }

  @Test("the NumPy reference script passes every golden", .requiresNumPy)
  func referenceScriptSubject() throws {
    let subject = CommandSubject(
      command: try TestPython.interpreter() + " " + TestPython.referenceScript)
    let report = Audits.run { $0.subject = subject }
    #expect(report.passed, "\(report.failureLines())")
    #expect(report.goldenCases == GoldenDirectory.manifest(in: GoldenFolders.package.path)?.count)
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
      runpy.run_path(\"\(TestPython.referenceScript)\", run_name="__main__")
      """.write(to: script, atomically: true, encoding: .utf8)
      let report = try Audits.run {
        $0.subject = CommandSubject(command: try TestPython.interpreter() + " " + script.path)
      }
      #expect(!report.passed)
      let failures = Self.goldenFailures(report)
      #expect(!failures.isEmpty && failures.allSatisfy { $0.error == nil }, "compared, and off")
      #expect(failures.allSatisfy { $0.expectedSide == .goldenNumPy })
    }
  }

  @Test("a subject that prints garbage fails each golden, naming the case")
  func garbage() {
    let report = Audits.run { $0.subject = CommandSubject(command: "echo not-json") }
    #expect(!report.passed)
    let failures = Self.goldenFailures(report)
    #expect(failures.count == report.goldenCases && report.goldenCases > 1)
    // One line for many cases: the first case's line is not JSON, the rest have none.
    let first = failures.first { $0.error?.contains("the subject's line is not JSON") == true }
    #expect(first != nil, "\(failures.prefix(2).map(\.error))")
    #expect(first?.error?.hasPrefix("\(first?.caseName ?? "?"): ") == true)
    #expect(
      failures.dropFirst().allSatisfy { $0.error?.contains("printed no result line") == true })
  }

  @Test("a subject that cannot run fails the whole run once, with its status and stderr")
  func cannotRun() throws {
    let report = Audits.run { $0.subject = CommandSubject(command: "/nonexistent/evaluator") }
    #expect(!report.passed)
    // Nothing printed and a failing status: one gap instead of one failure per golden.
    #expect(report.goldens.isEmpty)
    // …and what follows from it: no golden gave a result to check.
    let goldens = try #require(GoldenDirectory.manifest(in: GoldenFolders.package.path)?.count)
    #expect(
      report.missingEvidence.dropFirst() == [.noInvariants(goldens: goldens), .noExactValues],
      "\(report.missingEvidence)")
    guard
      case .subjectFailed(.goldens, let subject, let error) = report.missingEvidence.first
    else {
      Issue.record("not a whole-run failure: \(report.missingEvidence)")
      return
    }
    #expect(subject == "/nonexistent/evaluator" && error.wholeRun)
    #expect(error.description.hasPrefix("printed nothing for "), "\(error)")
    #expect(error.description.contains(" cases (exit status 127; stderr: "), "\(error)")
    #expect(error.description.contains("not found"), "\(error)")
    #expect(report.failureLines().filter { $0.contains("exit status") }.count == 1)
  }

  @Test(
    "a subject that fails as a whole on the user's cases alone fails, saying so once",
    arguments: [false, true])
  func wholeRunOnUserCases(live: Bool) throws {
    try TestFiles.withTemporaryDirectory { folder in
      let files = try ["first", "second"].map {
        try CaseTexts.write(CaseTexts.notebook(), to: folder, as: "\($0).json")
      }
      // The golden (one case) gets its result; the two case files, nothing and status 3.
      let subject = try Self.printing(
        [try Self.resultLine(Self.edgeMean)], in: folder, failingOn: 2)
      let report = Audits.run(live: live ? StandInReference.live() : Audits.goldensOnly) {
        $0.subject = subject
        $0.goldenFilter = NamePattern(Self.edgeMean)
        $0.userCases = files
      }
      #expect(!report.passed)
      #expect(report.goldenCases == 1 && report.goldens.allSatisfy(\.passed))
      #expect(
        report.missingEvidence == [
          .subjectFailed(
            live ? .liveCases : .caseFiles, subject: subject.name,
            SubjectError(
              "printed nothing for 2 cases (exit status 3; stderr: 2 cases: giving up)",
              wholeRun: true))
        ], "\(report.missingEvidence)")
      #expect(report.subjectErrors.isEmpty && report.live.allSatisfy(\.passed))
    }
  }

  @Test("without NumPy, a subject with no result for a --case fails as that case, not a file")
  func noResultForUserCase() throws {
    try TestFiles.withTemporaryDirectory { folder in
      let file = try CaseTexts.write(CaseTexts.notebook(), to: folder, as: "mine.json")
      let report = Audits.run {
        $0.subject = CommandSubject(command: "false")
        $0.goldenFilter = NamePattern(Self.edgeMean)
        $0.userCases = [file]
      }
      #expect(!report.passed)
      #expect(report.loadErrors.isEmpty)
      try #require(report.subjectErrors.count == 1)
      let failure = report.subjectErrors[0]
      #expect(failure.caseName == "notebook" && failure.expectedSide == .checksOnly)
      #expect(failure.actualSide == "false")
      #expect(failure.error?.contains("printed no result line") == true, "\(failure)")
    }
  }

  @Test("a subject's lines must be its cases': another name, or an extra line, fails")
  func misalignedLines() throws {
    try TestFiles.withTemporaryDirectory { folder in
      let audit = { (lines: [String]) in
        let subject = try Self.printing(lines, in: folder)
        return Audits.run {
          $0.subject = subject
          $0.goldenFilter = NamePattern(Self.edgeMean)
        }
      }
      let right = try Self.resultLine(Self.edgeMean)
      #expect(try audit([right]).passed, "the right line passes")
      let renamed = Self.goldenFailures(
        try audit([try Self.resultLine(Self.edgeMean, as: "not-this-case")]))
      #expect(renamed.map(\.caseName) == [Self.edgeMean])
      #expect(renamed.first?.error?.contains("line is for not-this-case") == true, "\(renamed)")
      // One line more than the audit's cases: no line can be matched to its case.
      let extra = Self.goldenFailures(try audit([right, right]))
      #expect(extra.first?.error?.contains("printed 2 lines for 1 cases") == true, "\(extra)")
    }
  }

  @Test("the report names the subject where it would name Swift")
  func reportNamesSubject() {
    let name = "./my-evaluator --fast"
    let report = Audits.run {
      $0.subject = TestImplementation.lossTimes(1 + 1e-9, name: name)
      $0.goldenFilter = NamePattern(Self.edgeMean)
    }
    #expect(!report.passed)
    #expect(report.subject == name)
    #expect(Self.goldenFailures(report).map(\.actualSide) == [name])
    let text = report.text(verbose: true).flattened
    for phrase in [
      "Goldens: \(name) against the committed NumPy results",
      "\(name) differs from NumPy (golden)", "\(name) against the exact value",
      "Exact oracle: \(name) and NumPy", "subject u·C",
    ] {
      #expect(text.contains(phrase), "\(phrase): \(text)")
    }
    for phrase in [
      "Swift against", "Swift differs", "Swift and NumPy", "Swift u·C", "Swift kernels",
    ] {
      #expect(!text.contains(phrase), "\(phrase): \(text)")
    }
  }
}
