import Foundation
import NNParityConformance
import Testing

/// `nnparity audit`, the main job, end to end on small golden folders.
@Suite("nnparity audit")
struct AuditCommandTests {
  static let goldens = CommandRunner.packageRoot.appendingPathComponent(
    GoldenDirectory.relativePath)

  /// A temporary golden folder holding copies of the named goldens.
  static func goldenFolder(_ names: [String]) throws -> URL {
    let folder = try CommandRunner.temporaryDirectory()
    for name in names {
      try FileManager.default.copyItem(
        at: goldens.appendingPathComponent(name + ".json"),
        to: folder.appendingPathComponent(name + ".json"))
    }
    return folder
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
    let folder = try Self.goldenFolder(Self.sample)
    let output = try CommandRunner.run(
      ["audit", "--golden-dir", folder.path, "--random", "3", "--format", "json"])
    #expect(output.status == 0, "\(output.standardError)")
    let report = try Self.report(output)
    #expect(report["passed"] as? Bool == true)
    let families = try #require(report["finite_differences"] as? [[String: Any]])
    let known = families.filter { $0["expected_to_match"] as? Bool == false }
    let size = known.compactMap { $0["worst_rel_error"] as? Double }.max() ?? 0
    #expect(size > 1e-2, "the notebook-dropout mismatch is reported with its size: \(known)")
    #expect(
      families.filter { $0["expected_to_match"] as? Bool == true }
        .allSatisfy { $0["passed"] as? Bool == true })
  }

  @Test("a golden nudged by 1e-6 relative fails the audit, which names it")
  func nudgedGoldenFails() throws {
    let folder = try Self.goldenFolder(Self.sample)
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

  @Test("--case audits a user's own case file")
  func userCase() throws {
    let folder = try Self.goldenFolder(["edge-batch-1"])
    let caseFile = folder.appendingPathComponent("mine.case")
    try EvaluateCommandTests.notebookCase(
      #", "train": {"epochs": 3, "learning_rate": 0.1, "dropout": 0.5, "mask_seed": 42}"#
    ).write(to: caseFile, atomically: true, encoding: .utf8)
    let output = try CommandRunner.run(
      [
        "audit", "--golden-dir", folder.path, "--random", "0", "--case", caseFile.path, "--format",
        "json",
      ])
    #expect(output.status == 0, "\(output.standardError)")
    let report = try Self.report(output)
    let fd = try #require(report["finite_differences"] as? [[String: Any]])
    #expect(fd.contains { ($0["where"] as? String)?.hasPrefix("notebook") == true })
  }

  @Test("with NNPARITY_PYTHON=none it audits from the goldens alone and says why")
  func withoutPython() throws {
    let folder = try Self.goldenFolder(Self.sample)
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
  }

  @Test("an unreadable golden fails the audit and is named")
  func badGolden() throws {
    let folder = try Self.goldenFolder(["edge-batch-1"])
    try #"{"schema": "nnparity.golden/9"}"#.write(
      to: folder.appendingPathComponent("broken.json"), atomically: true, encoding: .utf8)
    let output = try CommandRunner.run(["audit", "--golden-dir", folder.path, "--random", "0"])
    #expect(output.status == 1)
    #expect(output.standardOutput.contains("broken.json"))
  }
}
