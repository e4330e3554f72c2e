import Foundation
import NNParity
import NNParityAudit
import NNParityCases
import NNParityJudging

extension AuditReport {
  /// The report as tables, in reading order; each section's rows are built by its summary
  /// type (`…Summary+Report.swift`).
  package func tables(raising: LimitSetting = noLimitSetting) -> [ReportTable] {
    var liveNotes = live.flatMap(\.notes)
    if let liveSkippedReason { liveNotes.insert("skipped: \(liveSkippedReason)", at: 0) }
    if let throughput = liveThroughputLine { liveNotes.insert(throughput, at: 0) }
    var tables = [
      ReportTable(
        title: "Goldens: \(subject) against the committed NumPy results",
        headers: FamilySummary.tableHeaders, rows: goldens.flatMap(\.tableRows),
        notes: missingEvidence.map { "FAIL (evidence): \($0)" } + goldens.flatMap(\.notes)
          + loadErrorLines(raising: raising) + subjectErrors.map(\.message)),
      ReportTable(
        title: "Live: \(subject) against NumPy running \(livePlacement)",
        headers: FamilySummary.tableHeaders, rows: live.flatMap(\.tableRows), notes: liveNotes),
      ReportTable(
        title: "Finite differences: analytic gradients against 4th-order central differences",
        headers: FiniteDifferenceSummary.tableHeaders,
        rows: finiteDifferences.map(\.tableRow),
        notes: FiniteDifferenceSummary.notes(finiteDifferences)),
      ReportTable(
        title: "Invariants", headers: InvariantSummary.tableHeaders,
        rows: invariants.map(\.tableRow), notes: invariants.flatMap(\.notes)),
    ]
    if !exact.isEmpty {
      tables.append(
        ReportTable(
          title: "Exact oracle: \(subject) and NumPy against the 50-digit values",
          headers: ExactSummary.tableHeaders(subject: subject), rows: exact.map(\.tableRow),
          notes: [ExactSummary.tableNote] + exact.flatMap(\.failures).map(\.description)))
    }
    if !bias.isEmpty {
      tables.append(
        ReportTable(
          title: "Bias: \(subject)'s mean signed error against the 50-digit values",
          headers: BiasSummary.tableHeaders(subject: subject), rows: bias.map(\.tableRow),
          notes: BiasSummary.tableNotes(bias)))
    }
    return tables
  }

  /// `"throughput: 100 live cases in 0.41 s, 244 cases/s"` (Swift, the reference and the
  /// comparison together; "…, goldens compared meanwhile" when that time includes them);
  /// nil when no live case ran.
  package var liveThroughputLine: String? {
    guard let rate = liveCasesPerSecond else { return nil }
    return "throughput: \(liveCases) live cases in "
      + String(format: "%.2f s, %.0f cases/s", liveSeconds, rate)
      + (liveOverlapsGoldens ? ", goldens compared meanwhile" : "")
  }

  /// Which kernels Swift's products ran on and why; nil for another subject.
  package var kernelsLine: String? {
    kernels.map { "Swift kernels: \($0.set.rawValue) (\($0.reason))" }
  }

  /// One line saying which path ran.
  package var numpyLine: String {
    switch numpy {
    case .available(let version, let detail): "NumPy \(version), live \(livePlacement) (\(detail))"
    case .unavailable(let reason):
      "NumPy unavailable: \(reason); audited from the committed goldens alone"
    }
  }
}
