import Foundation
import NNParity
import NNParityAudit
import NNParityCases
import NNParityPython
import NNParityTestSupport
import Testing

/// The audit with live NumPy in worker processes gives the report it gives with NumPy
/// in-process, and catches the same failures.
@Suite("Audit with NumPy worker processes", .requiresNumPy)
struct PooledAuditTests {
  /// The audit of `folder` with live NumPy in `workers` worker processes (0: in-process).
  static func audit(
    _ folder: URL, workers: Int, _ configure: (inout AuditOptions) -> Void
  ) throws -> AuditReport {
    let reference = try Live.reference
    let live: any LiveReference =
      workers == 0 ? reference : try reference.workerPool(count: workers)
    return Audits.run(folder.path, live: try Live.numpy(live), configure)
  }

  /// Everything the two reports say alike: all but the times, the placement and whether
  /// the goldens overlapped the live cases.
  static func expectSame(_ pooled: AuditReport, _ embedded: AuditReport) {
    #expect(pooled.passed == embedded.passed)
    #expect(pooled.live == embedded.live, "the live families differ with workers")
    #expect(pooled.goldens == embedded.goldens)
    #expect(pooled.finiteDifferences == embedded.finiteDifferences)
    #expect(pooled.invariants == embedded.invariants)
    #expect(pooled.exact == embedded.exact)
    #expect(pooled.missingEvidence == embedded.missingEvidence)
    #expect(pooled.failureFiles == embedded.failureFiles)
  }

  @Test("two workers give the in-process report, case for case")
  func sameReportAsInProcess() throws {
    try TestFiles.withTemporaryDirectory { scratch in
      let folder = try GoldenFolders.make(GoldenFolders.sample, in: scratch)
      let options = { (options: inout AuditOptions) in
        options.randomCount = 80
        options.seed = 3
      }
      let pooled = try Self.audit(folder, workers: 2, options)
      let embedded = try Self.audit(folder, workers: 0, options)
      #expect(pooled.passed, "\(pooled.failureLines())")
      #expect(pooled.livePlacement == "in 2 worker processes")
      #expect(embedded.livePlacement == "in-process")
      #expect(pooled.live.map(\.cases) == [80])
      // With workers the goldens are compared while the workers compute.
      #expect(pooled.liveOverlapsGoldens && !embedded.liveOverlapsGoldens)
      Self.expectSame(pooled, embedded)
      #expect(!pooled.goldens.isEmpty && !pooled.finiteDifferences.isEmpty)
      #expect(!pooled.invariants.isEmpty && !pooled.exact.isEmpty)
    }
  }

  @Test("a subject whose losses are off by 1e-9 fails the same cases with workers")
  func subjectFailuresFound() throws {
    try TestFiles.withTemporaryDirectory { scratch in
      let folder = try GoldenFolders.make(["edge-batch-1"], in: scratch)
      let options = { (options: inout AuditOptions) in
        options.randomCount = 40
        options.subject = TestImplementation.lossTimes(1 + 1e-9)
      }
      let pooled = try Self.audit(folder, workers: 2, options)
      let embedded = try Self.audit(folder, workers: 0, options)
      #expect(!pooled.passed && !embedded.passed)
      let failures = pooled.live.flatMap(\.failures)
      #expect(failures.contains { $0.caseName.hasPrefix("random-s1-") }, "no live failure listed")
      Self.expectSame(pooled, embedded)
    }
  }
}
