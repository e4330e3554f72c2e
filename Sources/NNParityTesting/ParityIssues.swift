import Foundation
import NNParityAudit
import NNParityCases
import NNParityJudging
import NNParityReferenceFiles

/// A failing audit's issues, one per failing case or missing piece of evidence, for a test
/// to record.
struct ParityIssues: Sequence {
  struct Issue {
    /// What failed, how, and how to reproduce it.
    var message: String
    /// The failing case and its shrunk case, to attach (written where the message points).
    var caseFiles: [FailureFile] = []
  }

  private let issues: [Issue]

  init(_ report: AuditReport) {
    let files = Dictionary(report.failureFiles.map { ($0.path, $0) }) { first, _ in first }
    var issues = report.missingEvidence.map { Issue(message: "not enough evidence: \($0)") }
    issues += report.loadErrors.map { Issue(message: "cannot read: \($0)") }
    let failures =
      report.goldens.flatMap(\.failures) + report.live.flatMap(\.failures)
      + report.subjectErrors
    for failure in failures {
      let file = failure.savedFile.flatMap { files[$0] }
      var shrunkFile: FailureFile?
      if case .shrunk(let shrunk) = failure.shrinking {
        shrunkFile = shrunk.savedFile.flatMap { files[$0] }
      }
      let caseFiles = [file, shrunkFile].compactMap { $0 }
      caseFiles.forEach(Self.write)
      issues.append(
        Issue(
          message: Self.message(failure, file: file, shrunkFile: shrunkFile), caseFiles: caseFiles))
    }
    issues += report.invariants.flatMap(\.failures).map { Issue(message: "invariant: \($0)") }
    issues += report.exact.flatMap(\.failures).map { Issue(message: "exact value: \($0)") }
    issues += report.bias.filter { !$0.passed }.map { Issue(message: $0.failureLine) }
    self.issues = issues
  }

  func makeIterator() -> IndexingIterator<[Issue]> { issues.makeIterator() }

  /// `case: who differs from what`, each tensor beyond its bound with its worst element,
  /// then how to reproduce NumPy's side.
  static func message(_ failure: CaseFailure, file: FailureFile?, shrunkFile: FailureFile? = nil)
    -> String
  {
    var lines = [
      "\(failure.caseName): \(failure.actualSide) "
        + (failure.error == nil
          ? "differs from \(failure.expectedSide)"
          : "not compared with \(failure.expectedSide): \(failure.error ?? "")")
    ]
    for tensor in failure.tensors {
      guard let worst = tensor.worstElements.first else {
        lines.append("  \(tensor.name.rawValue): shape differs from \(tensor.shape)")
        continue
      }
      lines.append(
        "  \(tensor.name.rawValue)\(worst.index): NumPy \(worst.expected), "
          + "\(failure.actualSide) \(worst.actual): \(worst.scaledError.shortDescription) u·C "
          + "against the bound \(tensor.tolerance.scaledBound) "
          + "(\(tensor.failingElements) of \(tensor.count) elements beyond)")
    }
    lines += failure.missingTensors.map { "  \($0.rawValue): missing from the result" }
    let script = (ReferenceFiles.directory ?? "reference") + "/nnparity_reference.py"
    if let file {
      lines.append("  case file: \(file.path) (attached)")
      lines.append("  reproduce NumPy's result: python3 \(script) \(file.path)")
    }
    switch failure.shrinking {
    case .shrunk(let shrunk)?:
      lines.append(
        "  shrunk to \(shrunk.networkCase.shapeText) (from \(shrunk.originalShape)), which still "
          + "fails \(shrunk.target)" + (shrunkFile.map { ": \($0.path) (attached)" } ?? ""))
    case .notShrunk(let reason)?: lines.append("  not shrunk: \(reason)")
    case nil: break
    }
    return lines.joined(separator: "\n")
  }

  /// Writes a failing case where its reproduce command points; a write that fails leaves
  /// the attachment as the only copy.
  private static func write(_ file: FailureFile) {
    let directory = URL(fileURLWithPath: file.path).deletingLastPathComponent()
    try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    try? file.networkCase.jsonText.write(toFile: file.path, atomically: true, encoding: .utf8)
  }
}
