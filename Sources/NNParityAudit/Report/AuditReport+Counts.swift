import NNParity

extension AuditReport {
  /// How many cases each kind of evidence covered.
  package var goldenCases: Int { goldens.reduce(0) { $0 + $1.cases } }
  package var liveCases: Int { live.reduce(0) { $0 + $1.cases } }
  package var finiteDifferenceCases: Int { finiteDifferences.reduce(0) { $0 + $1.cases } }
  package var invariantsChecked: Int { invariants.filter { $0.cases > 0 }.count }

  /// What did not run, and why.
  package var skipped: [String] {
    // The reason is on the NumPy line (`numpyLine`), so the verdict stays short.
    (goldensFilteredOut > 0 ? ["\(goldensFilteredOut) goldens (--filter)"] : [])
      + (liveSkippedReason == nil ? [] : ["live NumPy"])
  }
}
