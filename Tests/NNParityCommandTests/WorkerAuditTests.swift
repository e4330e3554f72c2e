import Foundation
import NNParityAudit
import NNParityCases
import NNParityPython
import NNParityTestSupport
import Testing

/// `nnparity audit --workers`: live NumPy in worker processes gives the report in-process
/// NumPy gives, catches the same failures, and refuses a count it cannot honour.
@Suite(
  "nnparity audit --workers",
  .enabled(
    if: PythonAvailability.current.isAvailable,
    Comment(rawValue: "needs the live NumPy reference; \(PythonAvailability.current)")))
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

  @Test("two workers give the in-process report's live families, case for case")
  func sameReportAsInProcess() throws {
    try TestFiles.withTemporaryDirectory { scratch in
      let folder = try AuditCommandTests.goldenFolder(AuditCommandTests.sample, in: scratch)
      let arguments = ["--golden-dir", folder.path, "--random", "80", "--seed", "3"]
      let pooled = try Self.live(arguments, workers: 2)
      let embedded = try Self.live(arguments, workers: 0)
      #expect(pooled.status == 0 && embedded.status == 0)
      #expect(pooled.placement == "in 2 worker processes")
      #expect(embedded.placement == "in-process")
      #expect(pooled.families.contains("\"cases\":80"), "\(pooled.families.prefix(300))")
      #expect(pooled.families == embedded.families)
      // With workers the goldens are compared while the workers compute; everything the
      // report says about them must be what the in-process run says.
      let pooledLive = pooled.report["live"] as? [String: Any]
      let embeddedLive = embedded.report["live"] as? [String: Any]
      #expect(pooledLive?["overlaps_goldens"] as? Bool == true)
      #expect(embeddedLive?["overlaps_goldens"] as? Bool == false)
      for section in ["passed", "goldens", "finite_differences", "invariants", "exact_oracle"] {
        let sides = try [pooled.report, embedded.report].map {
          try JSONSerialization.data(
            withJSONObject: [section: $0[section] ?? (NSNull() as Any)], options: [.sortedKeys])
        }
        #expect(sides[0] == sides[1], "\(section) differs with workers")
        #expect(section == "passed" || sides[0].count > 40, "\(section) is empty")
      }
    }
  }

  @Test("a subject whose losses are off by 1e-9 fails the same cases with workers")
  func subjectFailuresFound() throws {
    try TestFiles.withTemporaryDirectory { scratch in
      let folder = try AuditCommandTests.goldenFolder(["edge-batch-1"], in: scratch)
      let arguments = [
        "--golden-dir", folder.path, "--random", "40", "--subject",
        try CommandRunner.lossNudgingSubject(in: scratch),
      ]
      let pooled = try Self.live(arguments, workers: 2)
      let embedded = try Self.live(arguments, workers: 0)
      #expect(pooled.status == 1 && embedded.status == 1)
      #expect(pooled.families.contains("\"case\":\"random-s1-"), "no live failure listed")
      #expect(pooled.families == embedded.families)
    }
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
      let goldens = try AuditCommandTests.goldenFolder(["edge-batch-1"], in: scratch)
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
      let goldens = try AuditCommandTests.goldenFolder(["edge-batch-1"], in: scratch)
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
      let goldens = try AuditCommandTests.goldenFolder(["edge-batch-1"], in: scratch)
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
      let folder = try AuditCommandTests.goldenFolder(["edge-batch-1"], in: scratch)
      let one = try Self.live(["--golden-dir", folder.path, "--random", "1"], workers: 3)
      #expect(one.status == 0)
      #expect(one.placement == "in 1 worker process")
      let none = try Self.live(["--golden-dir", folder.path, "--random", "0"], workers: 3)
      #expect(none.placement == "in-process")
    }
  }

  @Test("--workers outside 0...256 is refused with the reason", arguments: ["-1", "257"])
  func outOfRange(count: String) throws {
    let output = try CommandRunner.run(["audit", "--workers", count, "--random", "0"])
    #expect(output.status == 64)
    #expect(
      output.standardError.contains("--workers must be from 0 to 256"), "\(output.standardError)")
  }
}
