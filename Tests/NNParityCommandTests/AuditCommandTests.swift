import Foundation
import NNParityAudit
import NNParityCases
import NNParityReports
import NNParityTestSupport
import Testing

/// `nnparity audit` as a process: exit statuses, what goes to standard output and standard
/// error, files it writes, and the environment it reads. What the audit decides and how its
/// report reads are tested in-process (NNParityAuditTests, NNParityReportsTests).
@Suite("nnparity audit")
struct AuditCommandTests {
  static func report(_ output: CommandRunner.Output) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8))
    return try #require(object as? [String: Any], "not a JSON object: \(output.standardOutput)")
  }

  @Test(
    "from the goldens alone it passes: exit 0, the text on standard output, no colour in a pipe")
  func goldensOnly() throws {
    try TestFiles.withTemporaryDirectory { scratch in
      let folder = try GoldenFolders.make(GoldenFolders.sample, in: scratch)
      // A terminal that takes colour, so that only the pipe can turn it off.
      let output = try CommandRunner.run(
        ["audit", "--golden-dir", folder.path, "--random", "3"],
        environment: ["NNPARITY_PYTHON": "none", "TERM": "xterm", "NO_COLOR": ""])
      #expect(output.status == 0, "\(output.standardOutput)")
      #expect(output.standardError.isEmpty, "\(output.standardError)")
      let lines = output.outputLines
      #expect(lines.allSatisfy { $0.count <= 100 }, "the terminal's width")
      #expect(!output.standardOutput.contains("\u{1B}["), "no colour in a pipe")
      #expect(output.flattened.contains("NumPy unavailable: NNPARITY_PYTHON=none"))
      #expect(lines.last?.hasPrefix("PASSED: 3 goldens, 0 live, ") == true, "\(lines.last ?? "")")
    }
  }

  @Test(
    "a failing audit exits 1; its reproduce command fails too and --save-failures writes the case, which evaluates"
  )
  func failingAudit() throws {
    try TestFiles.withTemporaryDirectory { scratch in
      let (folder, _) = try GoldenFolders.nudgedBatch(in: scratch)
      let environment = ["NNPARITY_PYTHON": "none"]
      let output = try CommandRunner.run(
        ["audit", "--golden-dir", folder.path, "--random", "0", "--format", "json"],
        environment: environment)
      #expect(output.status == 1)
      let report = try Self.report(output)
      let failure = try #require(
        ((report["goldens"] as? [[String: Any]]) ?? [])
          .flatMap { ($0["failures"] as? [[String: Any]]) ?? [] }.first)
      let command = try #require((failure["reproduce"] as? [String])?.first)
      try #require(command.hasPrefix("nnparity audit "), "\(command)")
      // The reproduce command, run as printed with its DIR filled in: it audits the same
      // goldens, fails, and saves the failing case.
      let saved = scratch.appendingPathComponent("saved")
      let reproduced = try CommandRunner.run(
        [
          "-c",
          try CommandRunner.executable().path
            + command.dropFirst("nnparity".count).replacing(" DIR", with: " " + saved.path)
            + " --quiet",
        ], environment: environment, program: URL(fileURLWithPath: "/bin/sh"))
      #expect(reproduced.status == 1, "\(command) passed")
      let file = saved.appendingPathComponent("edge-batch-1.json").path
      #expect(
        reproduced.standardOutput.contains("reproduce: nnparity evaluate \(file)"),
        "\(reproduced.standardOutput)")
      // The saved case evaluates, and is the golden's case.
      let evaluated = try CommandRunner.run(["evaluate", file])
      #expect(evaluated.status == 0, "\(evaluated.standardError)")
      let result = try EvaluateCommandTests.object(evaluated.standardOutput)
      #expect(result["name"] as? String == "edge-batch-1")
    }
  }

  @Test("an NNPARITY_PYTHON that cannot be used (a typo) requires NumPy, and fails")
  func mistypedPython() throws {
    try TestFiles.withTemporaryDirectory { scratch in
      let folder = try GoldenFolders.make(["edge-batch-1"], in: scratch)
      let output = try CommandRunner.run(
        ["audit", "--golden-dir", folder.path], environment: ["NNPARITY_PYTHON": "/usr/bin/pyhton3"]
      )
      #expect(output.status == 1)
      #expect(
        output.flattened.contains(
          "NumPy is required but unavailable: NNPARITY_PYTHON=/usr/bin/pyhton3 is not an "
            + "executable file"), "\(output.standardOutput)")
    }
  }

  @Test("for a machine's format, a file that cannot be read is also said on standard error")
  func unreadableOnStandardError() throws {
    try TestFiles.withTemporaryDirectory { scratch in
      let file = try CaseTexts.write("{", to: scratch, as: "mine.json")
      let output = try CommandRunner.run(
        ["audit", "--case", file, "--only-cases", "--format", "json"],
        environment: ["NNPARITY_PYTHON": "none"])
      #expect(output.status == 1)
      let report = try Self.report(output)
      #expect((report["load_errors"] as? [String])?.count == 1, "\(report)")
      #expect(
        output.errorLines.count == 1
          && output.errorLines[0].hasPrefix("nnparity: cannot read \(file): "),
        "\(output.standardError)")
    }
  }

  @Test("the report says which kernels ran; an NNPARITY_KERNELS it cannot follow is an error")
  func kernelsNamed() throws {
    let arguments = ["audit", "--filter", "edge-batch-1", "--random", "0"]
    let baseline = try CommandRunner.run(
      arguments, environment: ["NNPARITY_PYTHON": "none", "NNPARITY_KERNELS": "baseline"])
    #expect(baseline.status == 0, "\(baseline.standardOutput)")
    #expect(
      baseline.outputLines.contains("Swift kernels: baseline (NNPARITY_KERNELS=baseline)"),
      "\(baseline.standardOutput)")
    // Unset (empty): the widest set, and the report says so.
    let supported = try CommandRunner.run(["kernels"]).outputLines
    let widest = try CommandRunner.run(
      arguments, environment: ["NNPARITY_PYTHON": "none", "NNPARITY_KERNELS": ""])
    #expect(
      widest.outputLines.contains(
        "Swift kernels: \(supported.last ?? "?") (the widest set this CPU supports)"),
      "\(widest.standardOutput)")
    let names = supported.joined(separator: ", ")
    // An unknown name is refused, also when a word of the command is "help" (only a first
    // word "help" asks for help).
    for extra in [[], ["--filter", "help"]] {
      let refused = try CommandRunner.run(
        arguments + extra, environment: ["NNPARITY_PYTHON": "none", "NNPARITY_KERNELS": "bogus"])
      #expect(refused.status == 1, "\(extra)")
      #expect(refused.standardOutput.isEmpty, "\(refused.standardOutput)")
      #expect(
        refused.errorLines == [
          "Error: NNPARITY_KERNELS=bogus is not a kernel set (this CPU runs \(names))"
        ], "\(refused.standardError)")
    }
    // A real set this CPU lacks is refused the same way.
    for lacking in ["avx2", "avx512"] where !supported.contains(lacking) {
      let refused = try CommandRunner.run(
        arguments, environment: ["NNPARITY_PYTHON": "none", "NNPARITY_KERNELS": lacking])
      #expect(refused.status == 1)
      #expect(
        refused.errorLines == [
          "Error: NNPARITY_KERNELS=\(lacking): this CPU cannot run it (it runs \(names))"
        ], "\(refused.standardError)")
    }
  }

  /// Audit arguments that are refused before anything runs, and the reason each gets.
  static let refusedArguments: [(arguments: [String], message: String)] = [
    (["--only-cases"], "--only-cases audits the --case files; give at least one --case."),
    (["--workers", "257"], "--workers must be from 0 to 256, not 257."),
  ]

  @Test("arguments that cannot be honoured are refused with the reason and exit status 64")
  func refused() throws {
    for (arguments, message) in Self.refusedArguments {
      let output = try CommandRunner.run(["audit", "--random", "0"] + arguments)
      #expect(output.status == 64, "\(arguments)")
      #expect(output.errorLines.first == "Error: " + message, "\(output.standardError)")
    }
  }

  @Test("nnparity evaluate, as the subject of an audit, passes every golden")
  func evaluateSubject() throws {
    var options = AuditOptions(goldenDirectory: GoldenFolders.package.path)
    options.subject = CommandSubject(command: try CommandRunner.executable().path + " evaluate")
    let report = Auditor(options: options, live: Audits.goldensOnly).run()
    #expect(report.passed, "\(report.failureLines())")
    #expect(report.goldenCases == GoldenDirectory.manifest(in: GoldenFolders.package.path)?.count)
  }
}
