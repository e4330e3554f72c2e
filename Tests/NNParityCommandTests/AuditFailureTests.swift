import Foundation
import NNParityAudit
import NNParityCases
import NNParityJudging
import NNParityPython
import NNParityTestSupport
import Testing

/// Failure reports a reader can act on, and selecting what to audit.
@Suite("nnparity audit: failures and selection")
struct AuditFailureTests {
  /// A folder with edge-batch-1 (float32, probs 1×3) whose first two expected probabilities
  /// are multiplied by 1.001 and 1.0001: exactly 2 of its 3 probabilities are wrong.
  /// The folder is made in `scratch` (see `AuditCommandTests.goldenFolder`).
  static func nudgedFolder(in scratch: URL) throws -> (folder: URL, nudged: [Double]) {
    let folder = try AuditCommandTests.goldenFolder(
      ["edge-batch-1", "edge-hidden-1"], in: scratch)
    let file = folder.appendingPathComponent("edge-batch-1.json")
    var golden = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
    var expected = try #require(golden["expected"] as? [String: Any])
    var probs = try #require(expected["probs"] as? [[Double]])
    probs[0][0] *= 1.001
    probs[0][1] *= 1.0001
    expected["probs"] = probs
    golden["expected"] = expected
    try JSONSerialization.data(withJSONObject: golden).write(to: file)
    // A float32 golden's numbers are read as the Floats they stand for.
    return (folder, [Double(Float(probs[0][0])), Double(Float(probs[0][1]))])
  }

  @Test("a failing golden says which side is which, k of n, the worst elements, how to reproduce")
  func textFailure() throws {
    try TestFiles.withTemporaryDirectory { scratch in
      let (folder, nudged) = try Self.nudgedFolder(in: scratch)
      let saved = scratch.appendingPathComponent("failures")
      let output = try CommandRunner.run([
        "audit", "--golden-dir", folder.path, "--random", "0", "--quiet", "--save-failures",
        saved.path,
      ])
      #expect(output.status == 1)
      let text = output.standardOutput
      #expect(text.contains("edge-batch-1: Swift differs from NumPy (golden)"), "\(text)")
      #expect(text.contains("probs: 2 of 3 elements beyond"), "\(text)")
      #expect(text.contains("probs[0][0]: NumPy (golden) \(nudged[0]), Swift "), "\(text)")
      let file = saved.appendingPathComponent("edge-batch-1.json").path
      #expect(text.contains("reproduce: nnparity evaluate \(file)"), "\(text)")
      #expect(text.contains("python3 reference/nnparity_reference.py \(file)"), "\(text)")
      #expect(!text.contains("edge-hidden-1: Swift differs"), "only the failing golden")
      // The saved case evaluates, and is the golden's case.
      let evaluated = try CommandRunner.run(["evaluate", file])
      #expect(evaluated.status == 0, "\(evaluated.standardError)")
      let result = try EvaluateCommandTests.object(evaluated.standardOutput)
      #expect(result["name"] as? String == "edge-batch-1")
    }
  }

  @Test("JSON failures are fields; the JSON names its schema and the tool's version")
  func jsonFailure() throws {
    try TestFiles.withTemporaryDirectory { scratch in
      let (folder, nudged) = try Self.nudgedFolder(in: scratch)
      let output = try CommandRunner.run([
        "audit", "--golden-dir", folder.path, "--random", "0", "--format", "json",
      ])
      #expect(output.status == 1)
      let report = try AuditCommandTests.report(output)
      #expect(report["schema"] as? String == "nnparity.audit/1")
      let version = try CommandRunner.run(["--version"]).standardOutput
        .trimmingCharacters(in: .whitespacesAndNewlines)
      #expect((report["tool"] as? [String: Any])?["version"] as? String == version)
      let goldens = try #require(report["goldens"] as? [[String: Any]])
      let failures = goldens.flatMap { ($0["failures"] as? [[String: Any]]) ?? [] }
      try #require(failures.count == 1, "\(failures)")
      let failure = failures[0]
      #expect(failure["case"] as? String == "edge-batch-1")
      #expect(failure["expected_side"] as? String == "NumPy (golden)")
      #expect(failure["actual_side"] as? String == "Swift")
      let tensors = try #require(failure["tensors"] as? [[String: Any]])
      let probs = try #require(tensors.first { $0["tensor"] as? String == "probs" })
      #expect(probs["count_beyond"] as? Int == 2)
      #expect(probs["elements"] as? Int == 3)
      #expect(probs["bound"] as? Double == Tolerances.parity(.float32, .probs).scaledBound)
      let worst = try #require((probs["worst"] as? [[String: Any]])?.first)
      #expect(worst["index"] as? [Int] == [0, 0])
      #expect(worst["expected"] as? Double == nudged[0])
      #expect((worst["scaled_error"] as? Double ?? 0) > (probs["bound"] as? Double ?? .infinity))
      let reproduce = try #require(failure["reproduce"] as? [String])
      #expect(reproduce.contains { $0.hasPrefix("python3 reference/nnparity_reference.py") })
      // No free text with line breaks anywhere in the failure.
      let serialized = try JSONSerialization.data(withJSONObject: failure)
      #expect(!String(decoding: serialized, as: UTF8.self).contains("\\n"))
      // The nudged golden is also off its exact values: that failure is fields too.
      let exact = try #require(report["exact_oracle"] as? [[String: Any]])
      let exactFailures = exact.flatMap { ($0["failures"] as? [[String: Any]]) ?? [] }
      #expect(
        exactFailures.contains {
          $0["case"] as? String == "edge-batch-1"
            && $0["measure"] as? String == "NumPy (golden) against the exact value"
            && ($0["value"] as? Double ?? 0) > ($0["bound"] as? Double ?? .infinity)
        }, "\(exactFailures)")
    }
  }

  @Test("--filter picks goldens by substring or glob; one that selects nothing fails clearly")
  func filter() throws {
    try TestFiles.withTemporaryDirectory { scratch in
      let folder = try AuditCommandTests.goldenFolder(AuditCommandTests.sample, in: scratch)
      for pattern in ["task2", "notebook-*-float64"] {
        // Goldens only: an inherited NNPARITY_PYTHON naming an interpreter would require a
        // live case, which --random 0 does not run.
        let output = try CommandRunner.run(
          [
            "audit", "--golden-dir", folder.path, "--random", "0", "--filter", pattern,
            "--format", "json",
          ], environment: ["NNPARITY_PYTHON": "none"])
        #expect(output.status == 0, "\(pattern): \(output.standardOutput)")
        let report = try AuditCommandTests.report(output)
        let cases = (report["goldens"] as? [[String: Any]])?.compactMap { $0["cases"] as? Int }
        // task2 is one of the three; the glob matches both notebook goldens, not edge-batch-1.
        #expect(cases?.reduce(0, +) == (pattern == "task2" ? 1 : 2), "\(pattern)")
      }
      let none = try CommandRunner.run([
        "audit", "--golden-dir", folder.path, "--random", "0", "--filter", "nothing*", "--quiet",
      ])
      #expect(none.status == 1)
      #expect(none.standardOutput.contains("--filter 'nothing*' selects none of the 3 goldens"))
    }
  }

  @Test("--filter with a golden's exact name selects it alone, and the verdict counts the rest")
  func filterByExactName() throws {
    try TestFiles.withTemporaryDirectory { scratch in
      let folder = try AuditCommandTests.goldenFolder(
        ["edge-dropout-zero", "edge-dropout-zero-notebook-float32", "edge-batch-1"], in: scratch)
      let output = try CommandRunner.run(
        [
          "audit", "--golden-dir", folder.path, "--random", "0", "--filter", "edge-dropout-zero",
          "--format", "json",
        ], environment: ["NNPARITY_PYTHON": "none"])
      let report = try AuditCommandTests.report(output)
      let cases = (report["goldens"] as? [[String: Any]])?.compactMap { $0["cases"] as? Int }
      #expect(cases?.reduce(0, +) == 1, "\(output.standardOutput)")
      #expect(report["goldens_filtered_out"] as? Int == 2)
      #expect((report["verdict"] as? String)?.contains("skipped: 2 goldens (--filter)") == true)
    }
  }

  @Test("--filter with a golden's exact name asks for that golden alone from the manifest")
  func filterByExactNameManifest() throws {
    // The manifest also lists edge-dropout-zero-notebook-float32, which is not there: the
    // filter does not select it, so its absence is not this audit's missing evidence.
    try TestFiles.withTemporaryDirectory { scratch in
      let folder = try AuditCommandTests.goldenFolder(
        ["edge-dropout-zero", "edge-batch-1"],
        manifest: ["edge-dropout-zero", "edge-dropout-zero-notebook-float32", "edge-batch-1"],
        in: scratch)
      let output = try CommandRunner.run(
        [
          "audit", "--golden-dir", folder.path, "--random", "0", "--filter", "edge-dropout-zero",
          "--quiet",
        ], environment: ["NNPARITY_PYTHON": "none"])
      #expect(output.status == 0, "\(output.standardOutput)")
      let missing = try CommandRunner.run(
        [
          "audit", "--golden-dir", folder.path, "--random", "0", "--filter", "edge-dropout-zero-n",
          "--quiet",
        ], environment: ["NNPARITY_PYTHON": "none"])
      #expect(missing.status == 1, "\(missing.standardOutput)")
      #expect(missing.flattened.contains("are missing from"))
    }
  }

  @Test("a selection whose tensors are all ill-conditioned is not evidence: it fails, saying so")
  func illConditionedOnly() throws {
    // The saturated float32 golden: its gradients (~1e-12) are below their allowance, so a
    // subject returning zero gradients would pass it; alone, it proves nothing about them.
    let output = try CommandRunner.run(
      ["audit", "--random", "0", "--filter", "edge-probs-near-one-eps-float32", "--quiet"],
      environment: ["NNPARITY_PYTHON": "none"])
    #expect(output.status == 1, "\(output.standardOutput)")
    #expect(output.flattened.contains("was compared in none of its 1 cases (ill-conditioned"))
    #expect(output.outputLines.last?.hasPrefix("FAILED (not enough evidence") == true)
  }

  @Test("a case where the tensor is all zero does not make ill-conditioned ones evidence")
  func illConditionedWithAllZero() throws {
    // With the saturated float32 golden, one whose hidden units are all dead: its gradients
    // are exactly 0, which a zero-gradient subject matches. grad_w1 was resolved in neither
    // case, so the family holds no evidence for it.
    try TestFiles.withTemporaryDirectory { scratch in
      let folder = try AuditCommandTests.goldenFolder(
        ["edge-probs-near-one-eps-float32", "edge-all-hidden-dead-notebook-float32"], in: scratch)
      let output = try CommandRunner.run(
        ["audit", "--golden-dir", folder.path, "--random", "0", "--quiet"],
        environment: ["NNPARITY_PYTHON": "none"])
      #expect(output.status == 1, "\(output.standardOutput)")
      #expect(
        output.flattened.contains(
          "goldens float32: grad_w1 was compared in none of its 2 cases (ill-conditioned"))
      #expect(output.flattened.contains("all zero in 1"))
      #expect(output.outputLines.last?.hasPrefix("FAILED (not enough evidence") == true)
    }
  }

  @Test("--only-cases audits the given case files alone, and passes on a good one")
  func onlyCases() throws {
    try TestFiles.withTemporaryDirectory { folder in
      let file = folder.appendingPathComponent("mine.json")
      try EvaluateCommandTests.notebookCase().write(to: file, atomically: true, encoding: .utf8)
      let output = try CommandRunner.run([
        "audit", "--only-cases", "--case", file.path, "--format", "json",
      ])
      guard PythonAvailability.current.isAvailable else {
        // Nothing to compare the case with: onlyCasesWithoutNumPy.
        #expect(output.status == 1, "\(output.standardOutput) \(output.standardError)")
        return
      }
      #expect(output.status == 0, "\(output.standardOutput) \(output.standardError)")
      let report = try AuditCommandTests.report(output)
      #expect((report["goldens"] as? [Any])?.isEmpty == true)
      #expect((report["missing_evidence"] as? [Any])?.isEmpty == true)
      let withoutCases = try CommandRunner.run(["audit", "--only-cases"])
      #expect(withoutCases.status == 64)
      #expect(withoutCases.standardError.contains("--only-cases"))
    }
  }

  @Test("--only-cases without live NumPy compared the cases with nothing: it fails, saying so")
  func onlyCasesWithoutNumPy() throws {
    try TestFiles.withTemporaryDirectory { folder in
      let file = folder.appendingPathComponent("mine.json")
      try EvaluateCommandTests.notebookCase().write(to: file, atomically: true, encoding: .utf8)
      // A subject whose gradients are all zero: only a reference could tell.
      let zero = try CommandRunner.filteredEvaluate(
        in: folder, name: "zero",
        awk: #"""
          function zero(name,   at, rest, end, values) {
            at = index($0, "\"" name "\":"); if (at == 0) return
            at += length(name) + 3; rest = substr($0, at); end = index(rest, "]]")
            values = substr(rest, 1, end + 1); gsub(/-?[0-9][-+0-9.eE]*/, "0", values)
            $0 = substr($0, 1, at - 1) values substr(rest, end + 2)
          }
          { zero("grad_w1"); zero("grad_w2"); print }
          """#)
      for subject in [nil, zero] {
        let output = try CommandRunner.run(
          ["audit", "--only-cases", "--case", file.path, "--format", "json"]
            + (subject.map { ["--subject", $0] } ?? []),
          environment: ["NNPARITY_PYTHON": "none"])
        #expect(output.status == 1, "\(subject ?? "Swift"): \(output.standardOutput)")
        let report = try AuditCommandTests.report(output)
        let gaps = (report["missing_evidence"] as? [String]) ?? []
        #expect(gaps.contains { $0.contains("compared with no reference") }, "\(gaps)")
      }
    }
  }

  @Test(
    "--save-failures gives two failing cases named alike a file each",
    .enabled(
      if: PythonAvailability.current.isAvailable,
      Comment(rawValue: "needs the live NumPy reference; \(PythonAvailability.current)")))
  func savedFailuresNamedAlike() throws {
    try TestFiles.withTemporaryDirectory { folder in
      // Two different cases, both named "notebook".
      let (first, second) = (
        folder.appendingPathComponent("first.json"), folder.appendingPathComponent("second.json")
      )
      try EvaluateCommandTests.notebookCase().write(to: first, atomically: true, encoding: .utf8)
      try EvaluateCommandTests.notebookCase(semantics: "notebook").write(
        to: second, atomically: true, encoding: .utf8)
      // nnparity evaluate with every loss off by a relative 1e-9: both cases fail.
      let subject = try CommandRunner.lossNudgingSubject(in: folder)
      let saved = folder.appendingPathComponent("saved")
      let output = try CommandRunner.run([
        "audit", "--only-cases", "--case", first.path, "--case", second.path, "--subject",
        subject, "--save-failures", saved.path, "--format", "json",
      ])
      #expect(output.status == 1)
      let report = try AuditCommandTests.report(output)
      let live = try #require(report["live"] as? [String: Any])
      let failures = ((live["families"] as? [[String: Any]]) ?? [])
        .flatMap { ($0["failures"] as? [[String: Any]]) ?? [] }
      try #require(failures.count == 2, "\(output.standardOutput)")
      let files = failures.map { (($0["reproduce"] as? [String]) ?? []).first ?? "" }
        .map { String($0.split(separator: " ").last ?? "") }
      #expect(Set(files).count == 2, "\(files)")
      // Each file holds its own case.
      for (file, semantics) in zip(files, ["reference", "notebook"]) {
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text.contains("\"semantics\": \"\(semantics)\""), "\(file): \(text)")
      }
    }
  }

  @Test("a failing golden's reproduce command audits the same goldens, and fails too")
  func goldenReproduceFails() throws {
    try TestFiles.withTemporaryDirectory { scratch in
      let (folder, _) = try Self.nudgedFolder(in: scratch)
      let environment = ["NNPARITY_PYTHON": "none"]
      let output = try CommandRunner.run(
        ["audit", "--golden-dir", folder.path, "--random", "0", "--format", "json"],
        environment: environment)
      #expect(output.status == 1)
      let report = try AuditCommandTests.report(output)
      let failure = try #require(
        ((report["goldens"] as? [[String: Any]]) ?? [])
          .flatMap { ($0["failures"] as? [[String: Any]]) ?? [] }.first)
      let command = try #require((failure["reproduce"] as? [String])?.first)
      try #require(command.hasPrefix("nnparity audit "), "\(command)")
      let saved = scratch.appendingPathComponent("saved").path
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/bin/sh")
      process.arguments = [
        "-c",
        try CommandRunner.executable().path
          + command.dropFirst("nnparity".count).replacing(" DIR", with: " " + saved) + " --quiet",
      ]
      process.currentDirectoryURL = CommandRunner.packageRoot
      process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
      process.standardOutput = FileHandle.nullDevice
      try process.run()
      process.waitUntilExit()
      #expect(process.terminationStatus == 1, "\(command) passed")
    }
  }
}
