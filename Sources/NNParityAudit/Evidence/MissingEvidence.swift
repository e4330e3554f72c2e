import NNParityCases

/// Why an audit has too little evidence to pass, whatever its comparisons show. Reports
/// print each as its description (`AuditReport.missingEvidence`).
package enum MissingEvidence: Sendable, Equatable, CustomStringConvertible {
  /// `--only-cases` without a `--case` file.
  case onlyCasesWithoutFiles
  /// The golden folder has no MANIFEST, so missing goldens cannot be told.
  case noManifest(directory: String)
  /// The MANIFEST lists nothing; `present` golden files are there all the same.
  case emptyManifest(directory: String, present: Int)
  /// Goldens the MANIFEST lists (and the filter asks for) that are not there.
  case goldensMissing(missing: [String], listed: Int, directory: String)
  /// `--filter` selected none of the goldens.
  case filterSelectsNothing(NamePattern, goldens: Int)
  /// The subject failed as a whole on a batch: it printed nothing and exited with an error.
  case subjectFailed(SubjectBatch, subject: String, SubjectError)
  /// NumPy was required and could not be used.
  case numpyRequired(reason: String)
  /// Random cases were asked for, NumPy was there, and none ran.
  case randomCasesDidNotRun(count: Int)
  /// NumPy was required, and no live case ran.
  case numpyRequiredWithoutLiveCases
  /// `--only-cases`, and none of the files read.
  case onlyCasesUnreadable
  /// `--only-cases`, and nothing compared them: no live reference.
  case onlyCasesWithoutReference(reason: String?)
  /// A tensor whose bound exceeded every value in every case of its family (but those
  /// where it is all zero): never compared in substance.
  case comparedInNoCase(Family, TensorName, cases: Int, zeroCases: Int)
  /// Elements whose error scale overflowed to infinity differ: any finite value would pass.
  case unjudgedElements(Family, TensorName, elements: Int, cases: [String])
  /// The goldens ran, and no finite-difference check did.
  case noFiniteDifferences(goldens: Int)
  /// The goldens ran, and no invariant was checked.
  case noInvariants(goldens: Int)
  /// The goldens ran, and none was checked against its exact values.
  case noExactValues

  /// Whether it is the evidence rules' finding about a tensor's unjudged elements.
  package var isUnjudged: Bool {
    if case .unjudgedElements = self { true } else { false }
  }

  /// Whether the evidence rules find it in a finished report (`EvidenceRules`), rather than
  /// the plan or the run: `nnparity merge` finds those again in the merged whole.
  package var isFoundByRules: Bool {
    switch self {
    case .onlyCasesWithoutFiles, .noManifest, .emptyManifest, .goldensMissing,
      .filterSelectsNothing, .subjectFailed:
      false
    default: true
    }
  }

  /// Whether the plan finds it, from the options and the golden folder alone: every shard
  /// of an audit finds the same.
  package var isFoundByPlan: Bool {
    if case .subjectFailed = self { return false }
    return !isFoundByRules
  }

  package var description: String {
    switch self {
    case .onlyCasesWithoutFiles: "--only-cases was given without any --case file"
    case .noManifest(let directory):
      "\(directory) has no \(GoldenDirectory.manifestName) (tools/regen writes it): "
        + "cannot tell whether goldens are missing"
    case .emptyManifest(let directory, let present):
      "\(directory)/\(GoldenDirectory.manifestName) lists no goldens"
        + (present == 0
          ? "" : " although \(present) golden files are there (tools/regen rewrites it)")
    case .goldensMissing(let missing, let listed, let directory):
      "\(missing.count) of the \(listed) goldens \(GoldenDirectory.manifestName) lists "
        + "are missing from \(directory): \(missing.prefix(5).joined(separator: ", "))"
        + (missing.count > 5 ? ", …" : "")
    case .filterSelectsNothing(let filter, let goldens):
      "--filter '\(filter)' selects none of the \(goldens) goldens"
    case .subjectFailed(let batch, let subject, let error): "\(batch): \(subject) \(error)"
    case .numpyRequired(let reason): "NumPy is required but unavailable: \(reason)"
    case .randomCasesDidNotRun(let count):
      "\(count) live random cases were asked for and none ran"
    case .numpyRequiredWithoutLiveCases:
      "NumPy is required but no live case ran (--random 0 and no --case)"
    case .onlyCasesUnreadable: "--only-cases: none of the --case files could be read"
    case .onlyCasesWithoutReference(let reason):
      "--only-cases: the --case files were compared with no reference (no golden, no live "
        + "NumPy" + (reason.map { ": \($0)" } ?? "") + ")"
    default: evidenceOfResults
    }
  }

  /// The descriptions of what the results themselves lack.
  private var evidenceOfResults: String {
    switch self {
    case .comparedInNoCase(let family, let tensor, let cases, let zeroCases):
      "\(family): \(tensor.rawValue) was compared in none of its \(cases) cases "
        + "(ill-conditioned: its bound exceeds every value"
        + (zeroCases > 0 ? "; all zero in \(zeroCases)" : "")
        + "); add a case that resolves it, e.g. the float64 twin"
    case .unjudgedElements(let family, let tensor, let elements, let cases):
      "\(family): \(tensor.rawValue) differs at \(elements) element(s) whose error scale "
        + "overflowed to infinity (inputs near the dtype's range), in "
        + cases.prefix(3).joined(separator: ", ")
        + (cases.count > 3 ? " and \(cases.count - 3) more cases" : "")
        + ": any finite value would pass there, so they were not judged"
    case .noFiniteDifferences(let goldens): "no finite-difference check ran on \(goldens) goldens"
    case .noInvariants(let goldens): "no invariant was checked on \(goldens) goldens"
    case .noExactValues: "no golden's result was checked against its exact values"
    default: ""
    }
  }
}

/// A batch of cases a subject evaluates in one run.
package enum SubjectBatch: String, Sendable, CaseIterable, CustomStringConvertible {
  case goldens = "the goldens"
  case liveCases = "the live cases"
  case caseFiles = "the --case files"

  package var description: String { rawValue }
}
