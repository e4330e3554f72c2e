import NNParity
import NNParityCases
import NNParityJudging

/// What an audit covers.
package struct AuditOptions: Sendable {
  /// The folder of goldens (`reference/golden`).
  package var goldenDirectory: String
  /// A user's own case files: Swift vs live reference vs finite differences.
  package var userCases: [String] = []
  /// Random cases checked live against the reference.
  package var randomCount = 0
  /// The seed of those random cases.
  package var seed: UInt64 = 1
  /// Input limits for every file read.
  package var limits = CaseLimits.default
  /// Whether NumPy being unavailable fails the audit instead of skipping the live checks.
  package var requireNumPy = false
  /// The implementation under audit: the bundled Swift network unless another is given.
  package var subject: any AuditSubject = BundledNetwork()
  /// Only the goldens whose name matches (nil: every golden).
  package var goldenFilter: NamePattern?
  /// Audit only `userCases`: no goldens, no random cases.
  package var onlyUserCases = false
  /// Where to write each failing case as a case file (nil: nowhere).
  package var saveFailuresDirectory: String?
  /// How to raise a limit, for the errors of files over one (a command's flag); nil says
  /// nothing.
  package var raisingLimit: @Sendable (InputLimit) -> String? = { _ in nil }

  package init(goldenDirectory: String) { self.goldenDirectory = goldenDirectory }
}

/// The whole verdict: goldens, live cross-validation, finite differences, invariants, and
/// the exact oracle.
package struct AuditReport: Sendable {
  package let numpy: NumPyStatus
  /// What was audited: "Swift" (the bundled network) or the subject's command.
  package internal(set) var subject = "Swift"
  /// The bundled network's kernel set and why it ran (nil for another subject).
  package internal(set) var kernels: (set: KernelInstructionSet, reason: String)?
  /// Swift against each golden's expected result, per dtype.
  package internal(set) var goldens: [FamilySummary] = []
  /// Swift against the live reference: random cases and the user's cases.
  package internal(set) var live: [FamilySummary] = []
  /// Why live cross-validation did not run, when it did not.
  package internal(set) var liveSkippedReason: String?
  /// How many goldens `--filter` left out (0 without a filter).
  package internal(set) var goldensFilteredOut = 0
  package internal(set) var finiteDifferences: [FiniteDifferenceSummary] = []
  package internal(set) var invariants: [InvariantSummary] = []
  /// Swift and NumPy against the goldens' exact values.
  package internal(set) var exact: [ExactSummary] = []
  /// Files that could not be read (goldens or user cases).
  package internal(set) var loadErrors: [String] = []
  /// User cases the subject gave no result for when there was no live reference to compare
  /// them with (with one, they are failures of the live family).
  package internal(set) var subjectErrors: [CaseFailure] = []
  /// Why the audit has too little evidence to pass: goldens missing against the manifest,
  /// a family that should have run and ran nothing, NumPy required and unavailable.
  package internal(set) var missingEvidence: [String] = []
  /// How long the audit took.
  package internal(set) var seconds = 0.0
  /// How long the live comparison took (Swift, the reference and the comparison of every
  /// live case; with `liveOverlapsGoldens`, the goldens' comparison too); 0 when it did not
  /// run.
  package internal(set) var liveSeconds = 0.0
  /// Whether the goldens were compared while the live reference computed ahead, so that
  /// `liveSeconds` includes them.
  package internal(set) var liveOverlapsGoldens = false
  /// Where live NumPy ran (`LiveReference.placement`): "in-process" unless workers did.
  package internal(set) var livePlacement = "in-process"

  /// Live cases (random and the user's) checked per second; nil when none ran.
  package var liveCasesPerSecond: Double? {
    let cases = live.reduce(0) { $0 + $1.cases }
    return cases > 0 && liveSeconds > 0 ? Double(cases) / liveSeconds : nil
  }

  /// Whether everything is within bounds (known notebook properties are not failures) and
  /// there was evidence for each verdict.
  package var passed: Bool {
    loadErrors.isEmpty && subjectErrors.isEmpty && missingEvidence.isEmpty
      && goldens.allSatisfy(\.passed)
      && live.allSatisfy(\.passed) && finiteDifferences.allSatisfy(\.passed)
      && invariants.allSatisfy(\.passed) && exact.allSatisfy(\.passed)
  }
}

/// Runs an audit: every case through the Swift network, compared with its golden, the
/// live reference, finite differences and the invariants.
package struct Auditor: Sendable {
  package let options: AuditOptions
  package let reference: (any LiveReference)?
  package let numpy: NumPyStatus
  /// The case files `--save-failures` has written in this audit.
  let savedFiles = SavedFailureFiles()

  package init(options: AuditOptions, reference: (any LiveReference)?, numpy: NumPyStatus) {
    self.options = options
    self.reference = reference
    self.numpy = numpy
  }

  /// Runs everything; `progress(done, total)` is called after each case.
  package func run(progress: (Int, Int) -> Void = { _, _ in }) -> AuditReport {
    withoutActuallyEscaping(progress) { progress in
      run(reporting: { done, total, _ in progress(done, total) })
    }
  }

  /// Runs everything; `progress(done, total, phase)` is called after each case, with the
  /// phase it belongs to ("goldens", "live random", "live user cases", "user cases").
  package func run(progress: (Int, Int, String) -> Void) -> AuditReport {
    withoutActuallyEscaping(progress) { progress in run(reporting: progress) }
  }

  private func run(reporting progress: @escaping (Int, Int, String) -> Void) -> AuditReport {
    let start = ContinuousClock.now
    savedFiles.reset()
    var report = AuditReport(numpy: numpy)
    report.subject = options.subject.name
    if options.subject.isBundledNetwork {
      report.kernels = (KernelInstructionSet.active, KernelInstructionSet.activeReason)
    }
    var goldens: [Golden] = []
    if options.onlyUserCases {
      if options.userCases.isEmpty {
        report.missingEvidence.append("--only-cases was given without any --case file")
      }
    } else {
      goldens = loadGoldens(into: &report)
      report.missingEvidence += manifestGaps()
      if let filter = options.goldenFilter {
        let selected = filter.select(goldens, name: \.name)
        if selected.isEmpty {
          report.missingEvidence.append(
            "--filter '\(filter)' selects none of the \(goldens.count) goldens")
        }
        report.goldensFilteredOut = goldens.count - selected.count
        goldens = selected
      }
    }
    let userCases = loadUserCases(into: &report)
    let randomCases =
      reference == nil ? [] : RandomCases(seed: options.seed).cases(randomCount)
    var counter = Progress(total: goldens.count + userCases.count + randomCases.count, progress)
    var checks = Checks()
    if let reference {
      // A reference that computes ahead (worker processes) starts on the live cases first,
      // and the goldens are compared meanwhile, before the first live case is; otherwise
      // the goldens come first and the live time is the live cases' alone.
      let overlap = reference.computesAhead
      if !overlap { compareGoldens(goldens, into: &report, checks: &checks, counter: &counter) }
      let liveStart = ContinuousClock.now
      compareLive(
        random: randomCases, user: userCases, with: reference, into: &report, checks: &checks,
        counter: &counter
      ) { report, checks, counter in
        if overlap { compareGoldens(goldens, into: &report, checks: &checks, counter: &counter) }
      }
      report.liveSeconds = Self.seconds(since: liveStart)
      report.liveOverlapsGoldens = overlap && !goldens.isEmpty
      report.livePlacement = reference.placement
    } else {
      compareGoldens(goldens, into: &report, checks: &checks, counter: &counter)
      if case .unavailable(let reason) = numpy { report.liveSkippedReason = reason }
      let results = options.subject.evaluate(userCases.map(\.0))
      let wholeRun = SubjectError.wholeRun(results)
      if let wholeRun {
        report.missingEvidence.append("the --case files: \(options.subject.name) \(wholeRun)")
      }
      for ((c, path), result) in zip(userCases, results) {
        defer { counter.step("user cases") }
        switch result {
        case .failure where wholeRun != nil: continue  // reported once above
        case .success(let actual):
          checks.add(c, actual, finiteDifferences: options.subject.isBundledNetwork)
        case .failure(let error):
          var f = CaseFailure(
            caseName: c.name ?? "unnamed", family: "user cases",
            expectedSide: "finite differences and invariants",
            error: error.description, actualSide: options.subject.name)
          f.reproduce = reproduce(c, origin: .user(path: path))
          report.subjectErrors.append(f)
        }
      }
    }
    report.finiteDifferences = checks.finiteDifferences
    report.invariants = checks.invariants
    report.missingEvidence += emptyFamilies(report, goldens: goldens.count)
    report.seconds = Self.seconds(since: start)
    return report
  }

  /// Seconds from `start` to now.
  private static func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
  }

  /// Goldens the folder's manifest lists that are not there, or why there is no manifest.
  /// (A golden that is there but does not read is a load error.)
  private func manifestGaps() -> [String] {
    let directory = options.goldenDirectory
    guard let listed = GoldenDirectory.manifest(in: directory) else {
      return [
        "\(directory) has no \(GoldenDirectory.manifestName) (tools/regen writes it): "
          + "cannot tell whether goldens are missing"
      ]
    }
    let present = Set(
      ((try? GoldenDirectory.jsonFiles(in: directory)) ?? []).map {
        String(($0.split(separator: "/").last ?? "").dropLast(5))
      })
    // The goldens the filter asks for, chosen as it chooses among those present (a name
    // it equals selects that golden alone).
    let wanted = options.goldenFilter.map { $0.select(listed) { $0 } } ?? listed
    let missing = wanted.filter { !present.contains($0) }
    guard !missing.isEmpty else {
      guard listed.isEmpty else { return [] }
      return [
        "\(directory)/\(GoldenDirectory.manifestName) lists no goldens"
          + (present.isEmpty
            ? "" : " although \(present.count) golden files are there (tools/regen rewrites it)")
      ]
    }
    let shown = missing.prefix(5).joined(separator: ", ")
    return [
      "\(missing.count) of the \(listed.count) goldens \(GoldenDirectory.manifestName) lists "
        + "are missing from \(directory): \(shown)" + (missing.count > 5 ? ", …" : "")
    ]
  }

  /// Families that should have run and ran no case, and NumPy missing when required.
  private func emptyFamilies(_ report: AuditReport, goldens: Int) -> [String] {
    var gaps: [String] = []
    if reference == nil, options.requireNumPy, case .unavailable(let reason) = numpy {
      gaps.append("NumPy is required but unavailable: \(reason)")
    }
    if reference != nil, randomCount > 0, report.live.allSatisfy({ $0.cases == 0 }) {
      gaps.append("\(randomCount) live random cases were asked for and none ran")
    }
    if reference != nil, options.requireNumPy, report.live.allSatisfy({ $0.cases == 0 }) {
      gaps.append("NumPy is required but no live case ran (--random 0 and no --case)")
    }
    // With --only-cases the live reference is the only side the cases can be compared with:
    // without it nothing checks probabilities, losses or trained weights.
    if options.onlyUserCases, !options.userCases.isEmpty,
      report.loadErrors.count >= options.userCases.count
    {
      gaps.append("--only-cases: none of the --case files could be read")
    } else if options.onlyUserCases, report.liveCases == 0 {
      gaps.append(
        "--only-cases: the --case files were compared with no reference (no golden, no live "
          + "NumPy" + (report.liveSkippedReason.map { ": \($0)" } ?? "") + ")")
    }
    // A tensor whose bound exceeded every value in every case of its family (but those where
    // it is all zero, which a zero-returning subject matches) was never compared in substance
    // (a filter that keeps only saturated float32 cases, say).
    for family in report.goldens + report.live {
      for tensor in family.tensors where tensor.comparedInNoCase {
        let zeros = tensor.zeroCases > 0 ? "; all zero in \(tensor.zeroCases)" : ""
        gaps.append(
          "\(family.name): \(tensor.name.rawValue) was compared in none of its \(tensor.cases) "
            + "cases (ill-conditioned: its bound exceeds every value\(zeros)); add a case that "
            + "resolves it, e.g. the float64 twin")
      }
    }
    // An element whose error scale overflowed to +∞ admits any finite value: where the two
    // sides differ there, nothing was judged, and other elements or cases cannot vouch for it.
    for family in report.goldens + report.live {
      for tensor in family.tensors where tensor.unjudgedElements > 0 {
        let cases = tensor.unjudgedCases
        gaps.append(
          "\(family.name): \(tensor.name.rawValue) differs at \(tensor.unjudgedElements) "
            + "element(s) whose error scale overflowed to infinity (inputs near the dtype's "
            + "range), in \(cases.prefix(3).joined(separator: ", "))"
            + (cases.count > 3 ? " and \(cases.count - 3) more cases" : "")
            + ": any finite value would pass there, so they were not judged")
      }
    }
    if goldens > 0 {
      if options.subject.isBundledNetwork, report.finiteDifferences.allSatisfy({ $0.cases == 0 }) {
        gaps.append("no finite-difference check ran on \(goldens) goldens")
      }
      if report.invariants.allSatisfy({ $0.cases == 0 }) {
        gaps.append("no invariant was checked on \(goldens) goldens")
      }
      if report.exact.allSatisfy({ $0.cases == 0 }) {
        gaps.append("no golden's result was checked against its exact values")
      }
    }
    return gaps
  }

  /// Counts cases done and reports them.
  private struct Progress {
    let total: Int
    let report: (Int, Int, String) -> Void
    var done = 0

    init(total: Int, _ report: @escaping (Int, Int, String) -> Void) {
      self.total = total
      self.report = report
    }

    mutating func step(_ phase: String) {
      done += 1
      report(done, total, phase)
    }
  }

  /// Every golden that reads; the others become load errors.
  private func loadGoldens(into report: inout AuditReport) -> [Golden] {
    var goldens: [Golden] = []
    do {
      for loaded in try Golden.all(in: options.goldenDirectory, limits: options.limits) {
        switch loaded {
        case .success(let golden): goldens.append(golden)
        case .failure(let error):
          report.loadErrors.append(error.description(raising: options.raisingLimit))
        }
      }
    } catch {
      report.loadErrors.append(error.description(raising: options.raisingLimit))
    }
    return goldens
  }

  /// The user's case files that read, named by their path when they have no name; the
  /// others become load errors.
  private func loadUserCases(into report: inout AuditReport) -> [(NetworkCase, String)] {
    var userCases: [(NetworkCase, String)] = []
    for path in options.userCases {
      do {
        var c = try CaseFile.load(path, limits: options.limits)
        if c.name == nil { c.name = path }
        userCases.append((c, path))
      } catch {
        report.loadErrors.append(error.description(raising: options.raisingLimit))
      }
    }
    return userCases
  }

  /// Swift against each golden's expected result (one family per dtype), and against its
  /// exact values where the golden has them.
  private func compareGoldens(
    _ goldens: [Golden], into report: inout AuditReport, checks: inout Checks,
    counter: inout Progress
  ) {
    let subject = options.subject
    var families: [DType: FamilySummary] = [:]
    var exact: [String: ExactSummary] = [:]
    let results = subject.evaluate(goldens.map(\.networkCase))
    if let failure = SubjectError.wholeRun(results) {
      report.missingEvidence.append("the goldens: \(subject.name) \(failure)")
      for _ in goldens { counter.step("goldens") }
      return
    }
    for (golden, result) in zip(goldens, results) {
      let c = golden.networkCase
      let family = "goldens \(c.dtype.rawValue)"
      defer { counter.step("goldens") }
      guard case .success(let actual) = result else {
        if case .failure(let error) = result {
          var f = CaseFailure(
            caseName: golden.name, family: family, expectedSide: "NumPy (golden)",
            error: error.description, actualSide: subject.name)
          f.reproduce = reproduce(c, origin: .golden(path: golden.path))
          families[c.dtype, default: FamilySummary(name: family)].addError(f)
        }
        continue
      }
      let comparison = CaseComparison(
        caseName: golden.name, expected: golden.expected, actual: actual)
      var failure: CaseFailure?
      if !comparison.passed {
        var f = CaseFailure(
          comparison, family: family, expectedSide: "NumPy (golden)", source: golden.path,
          actualSide: subject.name)
        f.hint = Golden.rerecordHint
        f.float64View = float64View(
          swift: actual, numpy: golden.expected, float64Run: try? float64Run(c))
        f.reproduce = reproduce(c, origin: .golden(path: golden.path))
        failure = f
      }
      families[c.dtype, default: FamilySummary(name: family)].add(comparison, failure: failure)
      for (name, exactTensor) in golden.exact?.orderedTensors ?? [] {
        guard let value = actual.tensors[name], let numpy = golden.expected.tensors[name] else {
          continue
        }
        exact[
          "\(c.dtype.rawValue) \(name.rawValue)",
          default: ExactSummary(tensor: name, dtype: c.dtype, subject: subject.name)
        ]
        .add(
          exact: exactTensor, swift: value, numpy: numpy,
          errorScale: golden.expected.errorScales[name], caseName: golden.name)
      }
      checks.add(c, actual, finiteDifferences: subject.isBundledNetwork)
    }
    report.goldens = DType.allCases.compactMap { families[$0] }
    report.exact = exact.values.sorted {
      ($0.dtype.rawValue, $0.tensor) < ($1.dtype.rawValue, $1.tensor)
    }
  }

  /// The subject against the live reference: the random cases, then the user's.
  ///
  /// The reference gets every case at once and may compute ahead
  /// (``LiveReference/evaluate(_:each:)``); each case is then compared and reported in the
  /// cases' order on this thread, so the report is the same however the reference runs.
  /// `first` runs on this thread before the first live case is compared (or after the
  /// reference, when there are no live cases): work that can overlap the reference's.
  private func compareLive(
    random randomCases: [NetworkCase], user userCases: [(NetworkCase, String)],
    with reference: any LiveReference, into report: inout AuditReport, checks: inout Checks,
    counter: inout Progress,
    first: (inout AuditReport, inout Checks, inout Progress) -> Void
  ) {
    var randomFamily = FamilySummary(name: "live random (seed \(options.seed))")
    var userFamily = FamilySummary(name: "live user cases")
    let cases =
      randomCases.map { ($0, CaseOrigin.random) } + userCases.map { ($0.0, .user(path: $0.1)) }
    // The reference starts on every case at once (it may compute ahead) while the subject
    // evaluates them on another thread; a case the subject fails on is reported as that.
    let subject = options.subject
    let subjectResults = BackgroundWork { subject.evaluate(cases.map(\.0)) }
    var firstDone = false
    var wholeRunReported = false
    reference.evaluate(cases.map(\.0)) { index, expected in
      if !firstDone {
        firstDone = true
        first(&report, &checks, &counter)
      }
      let (c, origin) = cases[index]
      let isUser = origin != .random
      defer { counter.step(isUser ? "live user cases" : "live random") }
      let actual: CaseResult
      switch subjectResults.value[index] {
      case .success(let result): actual = result
      case .failure(let error) where error.wholeRun:
        // Reported once, for the whole run.
        if !wholeRunReported {
          wholeRunReported = true
          report.missingEvidence.append("the live cases: \(subject.name) \(error)")
        }
        return
      case .failure(let error):
        var f = CaseFailure(
          caseName: c.name ?? "unnamed", family: isUser ? userFamily.name : randomFamily.name,
          expectedSide: "NumPy (live)", error: error.description,
          actualSide: options.subject.name)
        f.reproduce = reproduce(c, origin: origin)
        if isUser { userFamily.addError(f) } else { randomFamily.addError(f) }
        return
      }
      if isUser {
        compareLive(c, actual, expected, origin: origin, with: reference, into: &userFamily)
      } else {
        compareLive(c, actual, expected, origin: origin, with: reference, into: &randomFamily)
      }
      // Random cases are for breadth against NumPy; finite differences, which cost a
      // forward pass per weight, run on the goldens and the user's cases.
      checks.add(c, actual, finiteDifferences: isUser && options.subject.isBundledNetwork)
    }
    if !firstDone { first(&report, &checks, &counter) }
    report.live = [randomFamily, userFamily].filter { $0.cases > 0 }
  }

  /// One case against the live reference's result for it; a disagreement is explained
  /// when it is float32 rounding (`Float32Arbiter`), and a reference that failed is the
  /// case's failure.
  private func compareLive(
    _ c: NetworkCase, _ actual: CaseResult, _ expectedResult: Result<CaseResult, any Error>,
    origin: CaseOrigin, with reference: any LiveReference, into family: inout FamilySummary
  ) {
    let name = c.name ?? "unnamed"
    do {
      let expected = try expectedResult.get()
      let comparison = CaseComparison(caseName: name, expected: expected, actual: actual)
      var explanation: String?
      var failure: CaseFailure?
      // The float64 twin runs once per failing float32 case: for the arbiter and the view.
      let float64Run = comparison.passed ? nil : try self.float64Run(c)
      if let float64Run {
        explanation = Float32Arbiter.explain(
          swift: actual, numpy: expected, float64Run: float64Run, subject: options.subject.name
        ).map {
          $0.summary + ($0.detail.isEmpty ? "" : "; " + $0.detail.replacing("\n", with: "; "))
        }
      }
      if !comparison.passed, explanation == nil {
        // Only a real failure is reported and, with --save-failures, written to a file.
        var f = CaseFailure(
          comparison, family: family.name, expectedSide: "NumPy (live)", source: nil,
          actualSide: options.subject.name)
        f.float64View = float64View(swift: actual, numpy: expected, float64Run: float64Run)
        f.reproduce = reproduce(c, origin: origin)
        failure = f
      }
      family.add(comparison, failure: failure, explanation: explanation)
    } catch {
      var f = CaseFailure(
        caseName: name, family: family.name, expectedSide: "NumPy (live)",
        error: "the reference failed: \(error)", actualSide: options.subject.name)
      f.reproduce = reproduce(c, origin: origin)
      family.addError(f)
    }
  }
}

/// Finite differences and invariants, accumulated over every case the audit runs.
private struct Checks {
  var families: [String: FiniteDifferenceSummary] = [:]
  var probabilityRows = InvariantSummary(name: "probability rows sum to 1")
  var w2RowSums = InvariantSummary(name: "SGD keeps the row sums of w2 (ε = 0)")
  var deadUnits = InvariantSummary(name: "dead hidden units get zero gradient")

  mutating func add(_ c: NetworkCase, _ result: CaseResult, finiteDifferences: Bool = true) {
    for pass in GradientCheck.Pass.allCases where finiteDifferences {
      guard let check = GradientCheck(c, pass: pass) else { continue }
      let key = "\(check.semantics.rawValue) \(pass.rawValue) \(check.expectedToMatch)"
      families[
        key,
        default: FiniteDifferenceSummary(
          semantics: check.semantics, pass: pass, expectedToMatch: check.expectedToMatch)
      ].add(check)
    }
    let name = c.name ?? "unnamed"
    probabilityRows.record(caseName: name, Invariants.probabilityRows(c, result))
    w2RowSums.record(caseName: name, Invariants.w2RowSums(c, result))
    deadUnits.record(caseName: name, Invariants.deadUnits(c, result))
  }

  var finiteDifferences: [FiniteDifferenceSummary] {
    families.values.sorted { $0.name < $1.name }
  }

  var invariants: [InvariantSummary] { [probabilityRows, w2RowSums, deadUnits] }
}
