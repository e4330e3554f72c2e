import NNParity

extension AuditReport {
  /// The report as tables, in reading order; each section's rows are built by its summary
  /// type (`…Summary+Report.swift`).
  public var tables: [ReportTable] {
    var liveNotes = live.flatMap(\.notes)
    if let liveSkippedReason { liveNotes.insert("skipped: \(liveSkippedReason)", at: 0) }
    var tables = [
      ReportTable(
        title: "Goldens: Swift against the committed NumPy results",
        headers: FamilySummary.tableHeaders, rows: goldens.flatMap(\.tableRows),
        notes: goldens.flatMap(\.notes) + loadErrors.map { "cannot read: \($0)" }),
      ReportTable(
        title: "Live: Swift against NumPy running in-process",
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
          title: "Exact oracle: ulps from the 50-digit value, Swift and NumPy",
          headers: ExactSummary.tableHeaders, rows: exact.map(\.tableRow),
          notes: [ExactSummary.tableNote]))
    }
    return tables
  }

  /// One line saying which path ran.
  public var numpyLine: String {
    switch numpy {
    case .available(let version, let detail): "NumPy \(version), live in-process (\(detail))"
    case .unavailable(let reason):
      "NumPy unavailable: \(reason); audited from the committed goldens alone"
    }
  }

  /// The verdict line.
  public var verdict: String {
    passed ? "PASSED: Swift matches NumPy within every bound." : "FAILED: see the FAIL rows above."
  }
}
