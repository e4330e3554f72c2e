import Foundation
import NNParityAudit
import NNParityCases
import NNParityPython
import NNParityTestSupport
import Testing

/// `nnparity audit`, the main job, end to end on small golden folders.
@Suite("nnparity audit")
struct AuditCommandTests {
  static let goldens = CommandRunner.packageRoot.appendingPathComponent(
    GoldenDirectory.relativePath)

  /// A golden folder holding copies of `names`, with a MANIFEST listing them (or
  /// `manifest`, when given): `scratch/name`, made here. `scratch` is the test's
  /// `TestFiles.withTemporaryDirectory` folder, which is removed with everything in it.
  static func goldenFolder(
    _ names: [String], manifest: [String]? = nil, in scratch: URL, named name: String = "golden"
  ) throws -> URL {
    let folder = scratch.appendingPathComponent(name, isDirectory: true)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
    for name in names {
      try FileManager.default.copyItem(
        at: goldens.appendingPathComponent(name + ".json"),
        to: folder.appendingPathComponent(name + ".json"))
    }
    try (["# test"] + (manifest ?? names)).joined(separator: "\n").write(
      to: folder.appendingPathComponent(GoldenDirectory.manifestName), atomically: true,
      encoding: .utf8)
    return folder
  }

  /// `nnparity audit --golden-dir FOLDER --random 0 --quiet` from the goldens alone.
  static func quietGoldensOnlyAudit(_ folder: URL) throws -> CommandRunner.Output {
    try CommandRunner.run(
      ["audit", "--golden-dir", folder.path, "--random", "0", "--quiet"],
      environment: ["NNPARITY_PYTHON": "none"])
  }

  static let sample = [
    "notebook-task2-numpy-float64", "notebook-task3-numpy-float64", "edge-batch-1",
  ]

  static func report(_ output: CommandRunner.Output) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8))
    return try #require(object as? [String: Any], "not a JSON object: \(output.standardOutput)")
  }

  @Test("passes on the goldens and shows the notebook's dropout gradient mismatch with its size")
  func passesAndShowsKnownProperty() throws {
    try TestFiles.withTemporaryDirectory { scratch in
      let folder = try Self.goldenFolder(Self.sample, in: scratch)
      let output = try CommandRunner.run(
        ["audit", "--golden-dir", folder.path, "--random", "3", "--format", "json"])
      #expect(output.status == 0, "\(output.standardError)")
      let report = try Self.report(output)
      #expect(report["passed"] as? Bool == true)
      // Live throughput: cases per second when the live cases ran, null when they did not.
      let live = try #require(report["live"] as? [String: Any])
      if live["ran"] as? Bool == true {
        #expect((live["cases_per_second"] as? Double ?? 0) > 0)
        #expect((live["seconds"] as? Double ?? 0) > 0)
      } else {
        #expect(live["cases_per_second"] is NSNull)
      }
      let families = try #require(report["finite_differences"] as? [[String: Any]])
      let known = families.filter { $0["expected_to_match"] as? Bool == false }
      let size = known.compactMap { $0["worst_rel_error"] as? Double }.max() ?? 0
      #expect(size > 1e-2, "the notebook-dropout mismatch is reported with its size: \(known)")
      #expect(
        families.filter { $0["expected_to_match"] as? Bool == true }
          .allSatisfy { $0["passed"] as? Bool == true })
    }
  }

  @Test("a golden nudged by 1e-6 relative fails the audit, which names it")
  func nudgedGoldenFails() throws {
    try TestFiles.withTemporaryDirectory { scratch in
      let folder = try Self.goldenFolder(Self.sample, in: scratch)
      let file = folder.appendingPathComponent("notebook-task2-numpy-float64.json")
      let text = try String(contentsOf: file, encoding: .utf8)
      // The first number of expected.probs, multiplied by 1 + 1e-6.
      let marker = try #require(text.range(of: "\"probs\""))
      let afterMarker = text[marker.upperBound...]
      let start = try #require(afterMarker.firstIndex { $0.isNumber })
      let end =
        afterMarker[start...].firstIndex { !($0.isNumber || $0 == "." || $0 == "e" || $0 == "-") }
        ?? afterMarker.endIndex
      let value = try #require(Double(afterMarker[start..<end]))
      let nudged = text.replacingCharacters(in: start..<end, with: "\(value * (1 + 1e-6))")
      try nudged.write(to: file, atomically: true, encoding: .utf8)
      let output = try CommandRunner.run(["audit", "--golden-dir", folder.path, "--random", "0"])
      #expect(output.status == 1)
      #expect(output.standardOutput.contains("notebook-task2-numpy-float64"))
      #expect(output.standardOutput.contains("FAIL"))
    }
  }

  @Test("--case audits a user's own case file")
  func userCase() throws {
    try TestFiles.withTemporaryDirectory { scratch in
      let folder = try Self.goldenFolder(["edge-batch-1"], in: scratch)
      let caseFile = folder.appendingPathComponent("mine.case")
      try EvaluateCommandTests.notebookCase(
        #", "train": {"epochs": 3, "learning_rate": 0.1, "dropout": 0.5, "mask_seed": 42}"#
      ).write(to: caseFile, atomically: true, encoding: .utf8)
      let output = try CommandRunner.run(
        [
          "audit", "--golden-dir", folder.path, "--random", "0", "--case", caseFile.path,
          "--format", "json",
        ])
      #expect(output.status == 0, "\(output.standardError)")
      let report = try Self.report(output)
      let fd = try #require(report["finite_differences"] as? [[String: Any]])
      #expect(fd.contains { ($0["where"] as? String)?.hasPrefix("notebook") == true })
    }
  }

  @Test("with NNPARITY_PYTHON=none it audits from the goldens alone and says why")
  func withoutPython() throws {
    try TestFiles.withTemporaryDirectory { scratch in
      let folder = try Self.goldenFolder(Self.sample, in: scratch)
      let output = try CommandRunner.run(
        ["audit", "--golden-dir", folder.path, "--format", "json"],
        environment: ["NNPARITY_PYTHON": "none"])
      #expect(output.status == 0, "\(output.standardError)")
      let report = try Self.report(output)
      let numpy = try #require(report["numpy"] as? [String: Any])
      #expect(numpy["available"] as? Bool == false)
      #expect((numpy["reason"] as? String)?.isEmpty == false)
      let live = try #require(report["live"] as? [String: Any])
      #expect(live["ran"] as? Bool == false)
      #expect(live["cases_per_second"] is NSNull && live["seconds"] as? Double == 0)
    }
  }

  @Test("an unreadable golden fails the audit and is named")
  func badGolden() throws {
    try TestFiles.withTemporaryDirectory { scratch in
      let folder = try Self.goldenFolder(["edge-batch-1"], in: scratch)
      try #"{"schema": "nnparity.golden/9"}"#.write(
        to: folder.appendingPathComponent("broken.json"), atomically: true, encoding: .utf8)
      let output = try CommandRunner.run(["audit", "--golden-dir", folder.path, "--random", "0"])
      #expect(output.status == 1)
      #expect(output.standardOutput.contains("broken.json"))
    }
  }

  @Test("no green without evidence: an empty folder, a missing golden, NumPy required")
  func vacuous() throws {
    try TestFiles.withTemporaryDirectory { scratch in
      let empty = scratch.appendingPathComponent("empty", isDirectory: true)
      try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: false)
      let none = try CommandRunner.run(
        ["audit", "--golden-dir", empty.path, "--random", "0"],
        environment: ["NNPARITY_PYTHON": "none"])
      #expect(none.status == 1)
      #expect(none.standardOutput.contains("has no MANIFEST"))
      let partial = try Self.goldenFolder(
        ["edge-batch-1"], manifest: ["edge-batch-1", "edge-mean"], in: scratch, named: "partial")
      let missing = try Self.quietGoldensOnlyAudit(partial)
      #expect(missing.status == 1)
      #expect(missing.standardOutput.contains("1 of the 2 goldens MANIFEST lists are missing"))
      #expect(missing.standardOutput.contains("edge-mean"))
      let required = try CommandRunner.run(
        [
          "audit", "--golden-dir",
          try Self.goldenFolder(["edge-batch-1"], in: scratch, named: "required").path,
          "--require-numpy",
        ],
        environment: ["NNPARITY_PYTHON": "none"])
      #expect(required.status == 1)
      #expect(required.standardOutput.contains("NumPy is required but unavailable"))
      // An interpreter named by hand that cannot be used (a typo) is required, not skipped.
      let mistyped = try CommandRunner.run(
        [
          "audit", "--golden-dir",
          try Self.goldenFolder(["edge-batch-1"], in: scratch, named: "mistyped").path,
        ],
        environment: ["NNPARITY_PYTHON": "/usr/bin/pyhton3"])
      #expect(mistyped.status == 1)
      // The report wraps long lines.
      let words = mistyped.standardOutput.split(whereSeparator: \.isWhitespace).joined(
        separator: " ")
      #expect(
        words.contains(
          "NumPy is required but unavailable: NNPARITY_PYTHON=/usr/bin/pyhton3 is not an "
            + "executable file"), "\(mistyped.standardOutput)")
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
    let json = try Self.report(
      try CommandRunner.run(
        arguments + ["--format", "json"],
        environment: ["NNPARITY_PYTHON": "none", "NNPARITY_KERNELS": "baseline"]))
    let kernels = try #require(json["kernels"] as? [String: Any])
    #expect(kernels["set"] as? String == "baseline")
    #expect(kernels["reason"] as? String == "NNPARITY_KERNELS=baseline", "\(kernels)")
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

  @Test("a golden folder that is a file, an empty MANIFEST, --case files none of which read")
  func misdirectedInputs() throws {
    try TestFiles.withTemporaryDirectory { scratch in
      let file = scratch.appendingPathComponent("mine.json")
      try "{".write(to: file, atomically: true, encoding: .utf8)
      let asFolder = try CommandRunner.run(
        ["audit", "--golden-dir", file.path, "--random", "0", "--quiet"],
        environment: ["NNPARITY_PYTHON": "none"])
      #expect(asFolder.status == 1)
      #expect(asFolder.flattened.contains("is a file, not a golden directory"))
      let listsNone = try Self.goldenFolder(["edge-batch-1"], manifest: [], in: scratch)
      let empty = try Self.quietGoldensOnlyAudit(listsNone)
      #expect(empty.status == 1)
      #expect(
        empty.flattened.contains("MANIFEST lists no goldens although 1 golden files are there"),
        "\(empty.standardOutput)")
      let unread = try CommandRunner.run(
        ["audit", "--case", file.path, "--only-cases", "--format", "json"],
        environment: ["NNPARITY_PYTHON": "none"])
      #expect(unread.status == 1)
      let report = try Self.report(unread)
      #expect(
        (report["missing_evidence"] as? [String])?.contains(
          "--only-cases: none of the --case files could be read") == true, "\(report)")
      #expect(
        unread.errorLines.contains { $0.hasPrefix("nnparity: cannot read \(file.path): ") },
        "\(unread.standardError)")
    }
  }

  @Test("--quiet keeps every failure and ends with the counted verdict")
  func quietKeepsFailures() throws {
    try TestFiles.withTemporaryDirectory { scratch in
      let folder = try Self.goldenFolder(["edge-batch-1"], in: scratch)
      let file = folder.appendingPathComponent("edge-batch-1.json")
      var golden = try #require(
        try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
      var expected = try #require(golden["expected"] as? [String: Any])
      expected["loss"] = (try #require(expected["loss"] as? Double)) * 2
      golden["expected"] = expected
      try JSONSerialization.data(withJSONObject: golden).write(to: file)
      let output = try Self.quietGoldensOnlyAudit(folder)
      #expect(output.status == 1)
      let lines = output.standardOutput.split(separator: "\n")
      #expect(lines.contains { $0.contains("edge-batch-1") && $0.contains("differs") })
      #expect(lines.contains { $0.hasPrefix("  loss: 1 of 1 elements beyond") })
      #expect(
        lines.last?.hasPrefix(
          "FAILED (1 golden failed, 1 exact-oracle tensor failed): 1 goldens, 0 live, ") == true)
      #expect(lines.contains { $0.contains("NumPy (golden) against the exact value: loss") })
    }
  }

  @Test("a golden with a negative error scale, or named unlike its file, does not read")
  func untrustworthyGoldens() throws {
    try TestFiles.withTemporaryDirectory { scratch in
      let folder = try Self.goldenFolder(["edge-batch-1", "edge-mean"], in: scratch)
      for (name, edit) in [
        (
          "edge-batch-1",
          { (golden: inout [String: Any]) in
            var scales = golden["error_scale"] as? [String: Any] ?? [:]
            scales["loss"] = -1.0
            golden["error_scale"] = scales
          }
        ),
        (
          "edge-mean",
          { (golden: inout [String: Any]) in
            var c = golden["case"] as? [String: Any] ?? [:]
            c["name"] = "edge-other"
            golden["case"] = c
          }
        ),
      ] {
        let file = folder.appendingPathComponent(name + ".json")
        var golden = try #require(
          try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        edit(&golden)
        try JSONSerialization.data(withJSONObject: golden).write(to: file)
      }
      let output = try Self.quietGoldensOnlyAudit(folder)
      #expect(output.status == 1)
      #expect(output.flattened.contains("error_scale.loss: holds a negative or non-finite scale"))
      #expect(output.flattened.contains("case.name: is edge-other"))
    }
  }

  @Test(
    "the text report fits in 100 columns, says each note once, and has no colour in a pipe",
    arguments: [[], ["--quiet"]], [[:], ["NNPARITY_PYTHON": "none"]])
  func terminalText(flags: [String], environment: [String: String]) throws {
    try TestFiles.withTemporaryDirectory { scratch in
      let folder = try Self.goldenFolder(Self.sample, in: scratch)
      let output = try CommandRunner.run(
        ["audit", "--golden-dir", folder.path, "--random", "3"] + flags, environment: environment)
      #expect(output.status == 0, "\(output.standardOutput)")
      let lines = output.standardOutput.split(separator: "\n")
      let wide = lines.filter { $0.count > 100 }
      #expect(wide.isEmpty, "\(wide)")
      let explanation = "is not the derivative of its own loss"
      #expect(lines.filter { $0.contains(explanation) }.count <= 1)
      #expect(!output.standardOutput.contains("\u{1B}["))
      if environment["NNPARITY_PYTHON"] == "none" {
        // The verdict says what was skipped; the line before it says why, even when quiet.
        #expect(output.flattened.contains("NumPy unavailable: NNPARITY_PYTHON=none"))
        #expect(lines.last?.contains("skipped: live NumPy — ") == true, "\(lines.last ?? "")")
      }
    }
  }
}
