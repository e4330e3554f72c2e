import NNParity

/// What an audit covers.
public struct AuditOptions: Sendable {
  /// The folder of goldens (`reference/golden`).
  public var goldenDirectory: String
  /// A user's own case files: Swift vs live reference vs finite differences.
  public var userCases: [String] = []
  /// Random cases checked live against the reference.
  public var randomCount = 0
  /// The seed of those random cases.
  public var seed: UInt64 = 1
  /// Input limits for every file read.
  public var limits = CaseLimits.default
  /// How to raise a limit, for the errors of files over one (a command's flag); nil says
  /// nothing.
  public var raisingLimit: @Sendable (InputLimit) -> String? = { _ in nil }

  public init(goldenDirectory: String) { self.goldenDirectory = goldenDirectory }
}

/// The whole verdict: goldens, live cross-validation, finite differences, invariants, and
/// the exact oracle.
public struct AuditReport: Sendable {
  public let numpy: NumPyStatus
  /// Swift against each golden's expected result, per dtype.
  public internal(set) var goldens: [FamilySummary] = []
  /// Swift against the live reference: random cases and the user's cases.
  public internal(set) var live: [FamilySummary] = []
  /// Why live cross-validation did not run, when it did not.
  public internal(set) var liveSkippedReason: String?
  public internal(set) var finiteDifferences: [FiniteDifferenceSummary] = []
  public internal(set) var invariants: [InvariantSummary] = []
  /// Swift and NumPy against the goldens' exact values.
  public internal(set) var exact: [ExactSummary] = []
  /// Files that could not be read (goldens or user cases).
  public internal(set) var loadErrors: [String] = []

  /// Whether everything is within bounds (known notebook properties are not failures).
  public var passed: Bool {
    loadErrors.isEmpty && goldens.allSatisfy(\.passed) && live.allSatisfy(\.passed)
      && finiteDifferences.allSatisfy(\.passed) && invariants.allSatisfy(\.passed)
  }
}

/// Runs an audit: every case through the Swift network, compared with its golden, the
/// live reference, finite differences and the invariants.
public struct Auditor: Sendable {
  public let options: AuditOptions
  public let reference: (any LiveReference)?
  public let numpy: NumPyStatus

  public init(options: AuditOptions, reference: (any LiveReference)?, numpy: NumPyStatus) {
    self.options = options
    self.reference = reference
    self.numpy = numpy
  }

  /// Runs everything; `progress(done, total)` is called after each case.
  public func run(progress: (Int, Int) -> Void = { _, _ in }) -> AuditReport {
    var report = AuditReport(numpy: numpy)
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
    var userCases: [NetworkCase] = []
    for path in options.userCases {
      do {
        var c = try CaseFile.load(path, limits: options.limits)
        if c.name == nil { c.name = path }
        userCases.append(c)
      } catch {
        report.loadErrors.append(error.description(raising: options.raisingLimit))
      }
    }
    let randomCases =
      reference == nil ? [] : RandomCases(seed: options.seed).cases(options.randomCount)
    let total = goldens.count + userCases.count + randomCases.count
    var done = 0

    var goldenFamilies: [DType: FamilySummary] = [:]
    var exact: [String: ExactSummary] = [:]
    var checks = Checks()
    for golden in goldens {
      let c = golden.networkCase
      let actual = c.evaluate()
      let comparison = CaseComparison(
        c, expected: golden.expected, actual: actual, caseName: golden.name)
      goldenFamilies[c.dtype, default: FamilySummary(name: "goldens \(c.dtype.rawValue)")].add(
        comparison,
        failureMessage: comparison.failureMessage(
          expectedFrom: "its golden \(golden.path)", rerecord: Golden.rerecordHint))
      if let exactResult = golden.exact {
        for (name, exactTensor) in exactResult.orderedTensors {
          guard let swift = actual.tensors[name], let numpy = golden.expected.tensors[name] else {
            continue
          }
          exact[
            "\(c.dtype.rawValue) \(name.rawValue)",
            default: ExactSummary(tensor: name, dtype: c.dtype)
          ]
          .add(exact: exactTensor, swift: swift, numpy: numpy)
        }
      }
      checks.add(c, actual)
      done += 1
      progress(done, total)
    }
    report.goldens = DType.allCases.compactMap { goldenFamilies[$0] }
    report.exact = exact.values.sorted {
      ($0.dtype.rawValue, $0.tensor) < ($1.dtype.rawValue, $1.tensor)
    }

    if let reference {
      var randomFamily = FamilySummary(name: "live random (seed \(options.seed))")
      var userFamily = FamilySummary(name: "live user cases")
      for (c, isUser) in randomCases.map({ ($0, false) }) + userCases.map({ ($0, true) }) {
        let actual = c.evaluate()
        let name = c.name ?? "unnamed"
        do {
          let expected = try reference.evaluate(c)
          let comparison = CaseComparison(c, expected: expected, actual: actual)
          var explanation: String?
          if !comparison.passed {
            explanation = try Float32Arbiter.explain(
              c, swift: actual, numpy: expected, reference: reference
            ).map { $0.summary + ($0.detail.isEmpty ? "" : "; " + $0.detail) }
          }
          if isUser {
            userFamily.add(comparison, explanation: explanation)
          } else {
            randomFamily.add(comparison, explanation: explanation)
          }
        } catch {
          let message = "\(name): the reference failed: \(error)"
          if isUser {
            userFamily.addError(caseName: name, message: message)
          } else {
            randomFamily.addError(caseName: name, message: message)
          }
        }
        // Random cases are for breadth against NumPy; finite differences, which cost a
        // forward pass per weight, run on the goldens and the user's cases.
        checks.add(c, actual, finiteDifferences: isUser)
        done += 1
        progress(done, total)
      }
      report.live = [randomFamily, userFamily].filter { $0.cases > 0 }
    } else {
      if case .unavailable(let reason) = numpy { report.liveSkippedReason = reason }
      for c in userCases {
        checks.add(c, c.evaluate())
        done += 1
        progress(done, total)
      }
    }
    report.finiteDifferences = checks.finiteDifferences
    report.invariants = checks.invariants
    return report
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
    Invariants.probabilityRows(c, result, into: &probabilityRows)
    Invariants.w2RowSums(c, result, into: &w2RowSums)
    Invariants.deadUnits(c, result, into: &deadUnits)
  }

  var finiteDifferences: [FiniteDifferenceSummary] {
    families.values.sorted { $0.name < $1.name }
  }

  var invariants: [InvariantSummary] { [probabilityRows, w2RowSums, deadUnits] }
}
