import NNParity

/// A titled table of text cells, rendered as aligned text or as Markdown.
public struct ReportTable: Sendable, Equatable {
  public internal(set) var title: String
  public internal(set) var headers: [String]
  public internal(set) var rows: [[String]]
  /// Lines shown under the table (failures, explanations).
  public internal(set) var notes: [String] = []

  /// Aligned plain text.
  public var text: String {
    let widths = headers.indices.map { c in
      ([headers[c]] + rows.map { $0[c] }).map(\.count).max() ?? 0
    }
    func line(_ cells: [String]) -> String {
      zip(cells, widths).map { $0.padded(to: $1) }
        .joined(separator: "  ").trimmingTrailingSpaces
    }
    var lines = [title, line(headers)]
    lines += rows.map(line)
    lines += notes.map { "  " + $0 }
    return lines.joined(separator: "\n")
  }

  /// A GitHub-flavoured Markdown section.
  public var markdown: String {
    var lines = ["### \(title)", ""]
    if !rows.isEmpty {
      lines.append("| " + headers.joined(separator: " | ") + " |")
      lines.append("|" + headers.map { _ in " --- |" }.joined())
      lines += rows.map {
        "| " + $0.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ")
          + " |"
      }
    }
    if !notes.isEmpty {
      lines.append("")
      lines += notes.map { "- " + $0 }
    }
    return lines.joined(separator: "\n")
  }
}

extension String {
  fileprivate var trimmingTrailingSpaces: String {
    var copy = self
    while copy.last == " " { copy.removeLast() }
    return copy
  }
}

extension AuditReport {
  /// The report as tables, in reading order.
  public var tables: [ReportTable] {
    var tables: [ReportTable] = []
    let comparisonHeaders = [
      "family", "tensor", "cases", "max abs", "max rel", "max ulp", "worst/bound", "worst case", "",
    ]
    func comparisonRows(_ families: [FamilySummary]) -> [[String]] {
      families.flatMap { family in
        family.tensors.map { t in
          [
            family.name, t.name.rawValue, "\(t.cases)", t.maxAbsoluteError.shortDescription,
            t.maxRelativeError.shortDescription, "\(t.maxULPs)",
            "\((t.maxScaledError / max(t.bound, .leastNonzeroMagnitude)).shortDescription)",
            t.worstCase, t.passed ? (t.explainedCases > 0 ? "explained" : "ok") : "FAIL",
          ]
        }
      }
    }
    func failureNotes(_ families: [FamilySummary]) -> [String] {
      families.flatMap { family in
        family.failures.map(\.message)
          + family.explained.map { "\($0.caseName) (explained, not failed): \($0.explanation)" }
      }
    }
    tables.append(
      ReportTable(
        title: "Goldens: Swift against the committed NumPy results",
        headers: comparisonHeaders, rows: comparisonRows(goldens),
        notes: failureNotes(goldens) + loadErrors.map { "cannot read: \($0)" }))
    var liveNotes = failureNotes(live)
    if let liveSkippedReason { liveNotes.insert("skipped: \(liveSkippedReason)", at: 0) }
    tables.append(
      ReportTable(
        title: "Live: Swift against NumPy running in-process", headers: comparisonHeaders,
        rows: comparisonRows(live), notes: liveNotes))
    tables.append(
      ReportTable(
        title: "Finite differences: analytic gradients against 4th-order central differences",
        headers: [
          "family", "cases", "worst rel error", "where", "beyond FD noise", "below noise",
          "at kinks", "",
        ],
        rows: finiteDifferences.map { f in
          [
            f.name, "\(f.cases)", f.worstError.shortDescription, f.worstLocation,
            f.worstErrorBeyondNoise.shortDescription, "\(f.belowNoise)", "\(f.skippedAtKinks)",
            f.expectedToMatch ? (f.passed ? "ok" : "FAIL") : "known",
          ]
        },
        notes: finiteDifferences.flatMap(\.failures)
          + finiteDifferences.compactMap { f in f.explanation.map { "\(f.name): \($0)" } }
          + [
            "bound: \(Tolerances.finiteDifferences), applied beyond the differences' own "
              + "rounding noise (elements below it are checked only to that level)"
          ]))
    tables.append(
      ReportTable(
        title: "Invariants", headers: ["invariant", "cases", "worst deviation", "worst case", ""],
        rows: invariants.map { i in
          [
            i.name, "\(i.cases)", i.worstDeviation.shortDescription, i.worstCase,
            i.passed ? "ok" : "FAIL",
          ]
        },
        notes: invariants.flatMap { i in i.failures.map { "\(i.name): \($0)" } }))
    if !exact.isEmpty {
      tables.append(
        ReportTable(
          title: "Exact oracle: ulps from the 50-digit value, Swift and NumPy",
          headers: [
            "dtype", "tensor", "cases", "Swift ulp@scale", "NumPy ulp@scale", "Swift closer",
            "NumPy closer", "ties",
          ],
          rows: exact.map { e in
            [
              e.dtype.rawValue, e.tensor.rawValue, "\(e.cases)",
              e.swiftMaxScaledULPs.shortDescription, e.numpyMaxScaledULPs.shortDescription,
              "\(e.swiftCloser)", "\(e.numpyCloser)",
              "\(e.elements - e.swiftCloser - e.numpyCloser)",
            ]
          },
          notes: [
            "ulp@scale: the largest |value − exact| in ulps of the tensor's largest exact "
              + "magnitude; closer/ties count elements by element-wise ulp distance"
          ]))
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
