import Foundation
import NNParityAudit
import NNParityCases
import NNParityPython
import NNParityReferenceFiles

#if canImport(Testing)
  import Testing

  /// Holds `implementation` to NumPy's numbers, from a Swift Testing test: every golden
  /// case NNParity ships (NumPy's committed results and the 50-digit exact values), and, when
  /// Python with NumPy is found, random cases against NumPy running in this process.
  ///
  /// Each failing case is an issue at the caller's line naming the case, the tensor, the
  /// worst element with both values and the bound, and how to reproduce it; the case file is
  /// attached. So is a lack of evidence (goldens missing, a check that compared nothing).
  /// Without NumPy the live cases are skipped with a warning that says why (a failure with
  /// `options.requireNumPy`).
  ///
  /// ```swift
  /// @Test func matchesNumPy() async throws {
  ///   try await expectParity(MyNetwork())
  /// }
  /// ```
  ///
  /// - Throws: ``ParityError`` when the goldens cannot be found at all.
  public func expectParity(
    _ implementation: some NetworkImplementation, options: ParityOptions = ParityOptions(),
    sourceLocation: SourceLocation = #_sourceLocation
  ) async throws {
    let report = try await ParityAudit(implementation, options: options).run()
    for issue in ParityIssues(report) {
      Issue.record(Comment(rawValue: issue.message), sourceLocation: sourceLocation)
      for file in issue.caseFiles {
        Attachment.record(
          file.networkCase.jsonText,
          named: URL(fileURLWithPath: file.path).lastPathComponent, sourceLocation: sourceLocation)
      }
    }
    if let skipped = report.liveSkippedReason, !options.requireNumPy {
      let message = "\(implementation.name): the live NumPy cases were skipped: \(skipped)"
      #if compiler(>=6.3)
        Issue.record(Comment(rawValue: message), severity: .warning, sourceLocation: sourceLocation)
      #else
        print(message)
      #endif
    }
  }
#endif

/// Why ``expectParity(_:options:sourceLocation:)`` could not audit at all.
public struct ParityError: Error, Sendable, CustomStringConvertible {
  /// What went wrong.
  public let description: String
}

/// One audit of an implementation, as `expectParity` runs it.
struct ParityAudit<Implementation: NetworkImplementation>: Sendable {
  let implementation: Implementation
  let options: ParityOptions

  init(_ implementation: Implementation, options: ParityOptions) {
    self.implementation = implementation
    self.options = options
  }

  /// The report, from an audit run on a thread of its own: it is long, synchronous work.
  func run() async throws -> AuditReport {
    guard let goldens = GoldenDirectory.inPackage() ?? ReferenceFiles.goldenDirectory else {
      throw ParityError(
        description: "NNParity's goldens are not found: neither reference/golden in a package "
          + "root nor the resources beside the test executable")
    }
    var audit = AuditOptions(goldenDirectory: goldens)
    audit.subject = ImplementationSubject(implementation: implementation)
    audit.randomCount = options.randomCases
    audit.seed = options.seed
    audit.goldenFilter = options.goldenFilter.map(NamePattern.init)
    audit.requireNumPy = options.requireNumPy
    audit.shrinking = options.shrink ? ShrinkLimits() : nil
    audit.saveFailuresDirectory =
      FileManager.default.temporaryDirectory.appendingPathComponent(
        "nnparity-parity-\(UUID().uuidString)"
      ).path
    let live: LiveNumPy =
      switch (PythonAvailability.current.numpyStatus, NumPyReference.shared) {
      case (.available(let version, let detail), let reference?):
        .available(reference, version: version, detail: detail)
      case (.unavailable(let reason), _): .unavailable(reason: reason)
      case (.available, nil): .unavailable(reason: "the NumPy reference could not be loaded")
      }
    let auditor = Auditor(options: audit, live: live)
    return await withCheckedContinuation { continuation in
      Thread.detachNewThread { continuation.resume(returning: auditor.run()) }
    }
  }
}
