import NNParity
import NNParityCases
import NNParityJudging

/// Finite differences and invariants, accumulated over every case the audit runs.
struct Checks {
  var families: [String: FiniteDifferenceSummary] = [:]
  var probabilityRows = InvariantSummary(name: "probability rows sum to 1")
  var w2RowSums = InvariantSummary(name: "SGD keeps the row sums of w2 (ε = 0)")
  var deadUnits = InvariantSummary(name: "dead hidden units get zero gradient")

  /// Checks one case's result, at `position` in the order one whole run judges the cases:
  /// the invariants always, finite differences when asked (they need the bundled network
  /// in-process).
  mutating func add(
    _ c: NetworkCase, _ result: CaseResult, position: Int, finiteDifferences: Bool
  ) {
    for pass in GradientCheck.Pass.allCases where finiteDifferences {
      guard let check = GradientCheck(c, pass: pass) else { continue }
      let key = "\(check.semantics.rawValue) \(pass.rawValue) \(check.expectedToMatch)"
      families[
        key,
        default: FiniteDifferenceSummary(
          semantics: check.semantics, pass: pass, expectedToMatch: check.expectedToMatch)
      ].add(check, position: position)
    }
    let name = c.name ?? "unnamed"
    probabilityRows.record(
      caseName: name, position: position, Invariants.probabilityRows(c, result))
    w2RowSums.record(caseName: name, position: position, Invariants.w2RowSums(c, result))
    deadUnits.record(caseName: name, position: position, Invariants.deadUnits(c, result))
  }

  var finiteDifferences: [FiniteDifferenceSummary] {
    families.values.sorted { $0.name < $1.name }
  }

  var invariants: [InvariantSummary] { [probabilityRows, w2RowSums, deadUnits] }
}
