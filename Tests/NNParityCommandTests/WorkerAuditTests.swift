import Foundation
import NNParityAudit
import NNParityCases
import NNParityPython
import NNParityTestSupport
import Testing

/// `nnparity audit --workers`: the worker processes find what the embedded interpreter
/// finds, keep standard output for the report, and are never more than the live cases.
/// (That a pool gives the in-process report is tested in-process: PooledAuditTests.)
@Suite("nnparity audit --workers", .requiresNumPy)
struct WorkerAuditTests {
  /// The live section's families of `nnparity audit … --workers N --format json`, as
  /// sorted-key JSON text, and the placement it reports.
  static func live(_ arguments: [String], workers: Int) throws -> (
    status: Int32, families: String, placement: String, report: [String: Any]
  ) {
    let output = try CommandRunner.run(
      ["audit"] + arguments + ["--workers", "\(workers)", "--format", "json"])
    let report = try AuditCommandTests.report(output)
    let live = try #require(report["live"] as? [String: Any])
    let families = try JSONSerialization.data(
      withJSONObject: live["families"] ?? [], options: [.sortedKeys])
    return (
      output.status, String(decoding: families, as: UTF8.self),
      live["placement"] as? String ?? "", report
    )
  }

  @Test("workers import from the module path the interpreter gave, as the embedded bridge does")
  func interpreterWrapper() throws {
    let reference = try #require(NumPyReference.shared)
    try TestFiles.withTemporaryDirectory { scratch in
      // NNPARITY_PYTHON is a wrapper that puts a folder on PYTHONPATH; the reference (a copy,
      // via NNPARITY_ROOT) imports a module found only there. The embedded bridge gets the
      // wrapper's sys.path; a worker started with the bare interpreter would not.
      let extra = scratch.appendingPathComponent("extra")
      let copy = scratch.appendingPathComponent("root/reference")
      for folder in [extra, copy] {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      }
      try "ANSWER = 42\n".write(
        to: extra.appendingPathComponent("only_on_the_wrappers_path.py"), atomically: true,
        encoding: .utf8)
      try TestFiles.copyReference(
        from: URL(fileURLWithPath: reference.environment.referenceDirectory), to: copy,
        appending: "import only_on_the_wrappers_path")
      let wrapper = try TestFiles.interpreterWrapper(
        in: scratch, running: reference.environment.interpreterPath, pythonPath: extra.path)
      let goldens = try GoldenFolders.make(["edge-batch-1"], in: scratch)
      let output = try CommandRunner.run(
        [
          "audit", "--golden-dir", goldens.path, "--random", "3", "--workers", "1", "--format",
          "json",
        ],
        environment: [
          "NNPARITY_ROOT": scratch.appendingPathComponent("root").path,
          "NNPARITY_PYTHON": wrapper.path,
        ])
      let report = try AuditCommandTests.report(output)
      let live = try #require(report["live"] as? [String: Any])
      #expect(live["placement"] as? String == "in 1 worker process")
      #expect(output.status == 0, "\(output.standardOutput.suffix(1500))")
    }
  }

  /// With `PYTHONPATH` in the audit's environment, the sitecustomize is run by the
  /// interpreter asked about itself, by the embedded interpreter and by each worker.
  @Test(
    "a sitecustomize that prints to standard output leaves NumPy found, the live cases run and the report readable",
    arguments: [0, 1])
  func printingSiteCustomize(workers: Int) throws {
    try TestFiles.withTemporaryDirectory { scratch in
      let site = scratch.appendingPathComponent("site")
      try FileManager.default.createDirectory(at: site, withIntermediateDirectories: false)
      try TestFiles.writePrintingSiteCustomize(in: site)
      let goldens = try GoldenFolders.make(["edge-batch-1"], in: scratch)
      let output = try CommandRunner.run(
        [
          "audit", "--golden-dir", goldens.path, "--random", "3", "--workers", "\(workers)",
          "--format", "json",
        ],
        environment: ["PYTHONPATH": site.path])
      #expect(output.status == 0, "\(output.standardError.suffix(1500))")
      // Standard output is the report alone: what Python printed went elsewhere.
      #expect(
        !output.standardOutput.contains("sitecustomize"), "\(output.standardOutput.prefix(300))")
      let report = try AuditCommandTests.report(output)
      let numpy = try #require(report["numpy"] as? [String: Any])
      #expect(numpy["available"] as? Bool == true, "\(numpy)")
      let live = try #require(report["live"] as? [String: Any])
      #expect(live["ran"] as? Bool == true)
      #expect(
        live["placement"] as? String == (workers == 0 ? "in-process" : "in 1 worker process"))
      let families = try #require(live["families"] as? [[String: Any]])
      #expect(families.map { $0["cases"] as? Int ?? 0 }.reduce(0, +) == 3, "\(families)")
      #expect(report["passed"] as? Bool == true)
    }
  }

  /// The embedded interpreter's `sys.stdout` is standard error once the reference is
  /// loaded; a worker's standard output is its answers' channel, guarded by the worker.
  @Test(
    "a reference that prints while it computes leaves the report readable and the answers in order",
    arguments: [0, 1])
  func referencePrintsWhileComputing(workers: Int) throws {
    let reference = try #require(NumPyReference.shared)
    try TestFiles.withTemporaryDirectory { scratch in
      let copy = scratch.appendingPathComponent("root/reference")
      try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
      try TestFiles.copyReference(
        from: URL(fileURLWithPath: reference.environment.referenceDirectory), to: copy,
        appending: """
          _evaluate_quietly = evaluate
          def evaluate(*arguments, **options):
              print('printed by the reference while it computes')
              return _evaluate_quietly(*arguments, **options)
          """)
      let goldens = try GoldenFolders.make(["edge-batch-1"], in: scratch)
      let output = try CommandRunner.run(
        [
          "audit", "--golden-dir", goldens.path, "--random", "4", "--workers", "\(workers)",
          "--format", "json",
        ],
        environment: ["NNPARITY_ROOT": scratch.appendingPathComponent("root").path])
      #expect(output.status == 0, "\(output.standardError.suffix(1500))")
      #expect(!output.standardOutput.contains("printed by"), "\(output.standardOutput.prefix(300))")
      if workers == 0 {  // a worker's standard error is its own log, read when it fails
        #expect(output.standardError.contains("printed by the reference while it computes"))
      }
      let report = try AuditCommandTests.report(output)
      let live = try #require(report["live"] as? [String: Any])
      let families = try #require(live["families"] as? [[String: Any]])
      #expect(families.map { $0["cases"] as? Int ?? 0 }.reduce(0, +) == 4, "\(families)")
      #expect(report["passed"] as? Bool == true)
    }
  }

  @Test("no more workers start than there are live cases")
  func noIdleWorkers() throws {
    try TestFiles.withTemporaryDirectory { scratch in
      let folder = try GoldenFolders.make(["edge-batch-1"], in: scratch)
      let one = try Self.live(["--golden-dir", folder.path, "--random", "1"], workers: 3)
      #expect(one.status == 0)
      #expect(one.placement == "in 1 worker process")
      let none = try Self.live(["--golden-dir", folder.path, "--random", "0"], workers: 3)
      #expect(none.placement == "in-process")
    }
  }
}
