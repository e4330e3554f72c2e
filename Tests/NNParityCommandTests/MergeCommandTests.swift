import Foundation
import NNParityTestSupport
import Testing

/// `nnparity audit --shard K/N` and `nnparity merge` as a user runs them: exit statuses and
/// one-line errors (the merge itself is checked in-process, `ShardMergeTests`).
@Suite("nnparity merge")
struct MergeCommandTests {
  /// `nnparity audit` of shard `shard` with `arguments`, its JSON written to `file`.
  static func shard(_ shard: String, _ arguments: [String], to file: URL) throws -> Int32 {
    let output = try CommandRunner.run(
      ["audit", "--random", "0", "--format", "json", "--shard", shard] + arguments,
      environment: ["NNPARITY_PYTHON": "none"])
    try output.standardOutput.write(to: file, atomically: true, encoding: .utf8)
    return output.status
  }

  @Test("merge exits 0 only when the merged report passes, and refuses an incomplete set in a line")
  func exitStatusAndErrors() throws {
    try TestFiles.withTemporaryDirectory { scratch in
      let (folder, _) = try GoldenFolders.nudgedBatch(in: scratch)
      let (one, two) = (
        scratch.appendingPathComponent("1.json"), scratch.appendingPathComponent("2.json")
      )
      // The folder's first golden (shard 1 of 2) fails; its second (shard 2) passes.
      #expect(try Self.shard("1/2", ["--golden-dir", folder.path], to: one) == 1)
      #expect(try Self.shard("2/2", ["--golden-dir", folder.path], to: two) == 0)
      let failing = try CommandRunner.run(["merge", "--format", "junit", two.path, one.path])
      #expect(failing.status == 1)
      #expect(
        failing.standardOutput.contains(
          "<testcase classname=\"goldens float32\" name=\"edge-batch-1\">"))
      #expect(failing.standardError.isEmpty, "\(failing.standardError)")
      let missing = try CommandRunner.run(["merge", one.path])
      #expect(missing.status == 1 && missing.standardOutput.isEmpty)
      #expect(missing.errorLines == ["Error: shard 2 of 2 is missing"])
      let notJSON = scratch.appendingPathComponent("notes.txt")
      try "not a report".write(to: notJSON, atomically: true, encoding: .utf8)
      let unreadable = try CommandRunner.run(["merge", one.path, notJSON.path])
      #expect(unreadable.status == 1 && unreadable.errorLines.count == 1)
      #expect(unreadable.standardError.hasPrefix("Error: \(notJSON.path): not a JSON report ("))
      // The passing golden alone, in two shards (the second holds nothing): exit 0.
      let filter = ["--golden-dir", folder.path, "--filter", "edge-hidden-1"]
      #expect(try Self.shard("1/2", filter, to: one) == 0)
      #expect(try Self.shard("2/2", filter, to: two) == 0)
      let passing = try CommandRunner.run(["merge", one.path, two.path])
      #expect(passing.status == 0)
      #expect(
        passing.outputLines.last?.hasPrefix("PASSED: 1 goldens, 0 live") == true,
        "\(passing.standardOutput)")
    }
  }

  @Test("--shard takes K/N with 1 ≤ K ≤ N, else one line of error and a usage")
  func badShard() throws {
    for (value, message) in [
      ("0/4", "--shard K must be from 1 to N (4), not 0"),
      ("3", "--shard takes K/N (shard K of N, e.g. 3/16), not '3'"),
    ] {
      let output = try CommandRunner.run(["audit", "--shard", value])
      #expect(output.status == 64)
      #expect(output.errorLines.first == "Error: \(message)", "\(output.standardError)")
    }
  }
}
