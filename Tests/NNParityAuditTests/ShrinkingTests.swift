import Foundation
import NNParity
import NNParityAudit
import NNParityJudging
import NNParityTestSupport
import Testing

@testable import NNParityCases

/// A failing case is shrunk to a smaller one that still fails the same tensor against the
/// live reference; the bundled network stands in for live NumPy, so no Python is needed.
@Suite("Shrinking failing cases")
struct ShrinkingTests {
  /// The bundled network with 1e-3 added to every trained w2 element of a case with more
  /// than `hiddenAbove` hidden units: a fault only a wide enough case shows.
  struct WideCaseFault: AuditSubject {
    var hiddenAbove = 20
    var name: String { "wide-case fault" }

    func evaluate(_ cases: [NetworkCase]) -> [Result<CaseResult, SubjectError>] {
      cases.map { .success(Self.faulty($0, hiddenAbove: hiddenAbove)) }
    }

    static func faulty(_ c: NetworkCase, hiddenAbove: Int) -> CaseResult {
      var result = c.evaluate()
      if c.shape.hidden > hiddenAbove, let trained = result.tensors[.trainedW2] {
        result.tensors[.trainedW2] = Tensor(
          shape: trained.shape, values: trained.values.map { $0 + 1e-3 })
      }
      return result
    }
  }

  /// A 6×5 → 30 → 4 float64 case training 3 epochs with seeded dropout masks.
  static func wideCase(name: String = "wide") -> NetworkCase {
    var rng = SplitMix(seed: 7)
    func matrix(_ rows: Int, _ columns: Int, _ range: ClosedRange<Double>) -> Matrix<Double> {
      Matrix(
        rows: rows, columns: columns,
        elements: (0..<rows * columns).map { _ in rng.next(in: range) })
    }
    return NetworkCase(
      name: name, x: matrix(6, 5, -2...2), y: matrix(6, 4, 0...1), w1: matrix(5, 30, -1...1),
      w2: matrix(30, 4, -1...1),
      training: NetworkCase.Training(
        configuration: TrainingConfiguration(epochs: 3, learningRate: 0.05, dropout: 0.25),
        masks: .seed(11)))
  }

  /// A small deterministic generator for the case's values.
  struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next(in range: ClosedRange<Double>) -> Double {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      z ^= z >> 31
      return range.lowerBound + Double(z >> 11) / Double(1 << 53)
        * (range.upperBound - range.lowerBound)
    }
  }

  /// An audit of `cases` (as case files) by `subject` against the stand-in reference.
  static func audit(
    _ cases: [NetworkCase], subject: any AuditSubject = WideCaseFault(),
    limits: ShrinkLimits? = ShrinkLimits(), live: Bool = true, saveTo: String? = nil
  ) throws -> AuditReport {
    try TestFiles.withTemporaryDirectory { folder in
      var options = AuditOptions(goldenDirectory: folder.path)
      for c in cases {
        let path = folder.appendingPathComponent((c.name ?? "case") + ".json").path
        try c.jsonText.write(toFile: path, atomically: true, encoding: .utf8)
        options.userCases.append(path)
      }
      options.onlyUserCases = true
      options.subject = subject
      options.shrinking = limits
      options.saveFailuresDirectory = saveTo
      let liveNumPy: LiveNumPy =
        live
        ? StandInReference.live()
        : .unavailable(reason: "no Python here")
      return Auditor(options: options, live: liveNumPy).run()
    }
  }

  static func failures(_ report: AuditReport) -> [CaseFailure] {
    (report.goldens + report.live).flatMap(\.failures)
  }

  static func shrunk(_ failure: CaseFailure?) throws -> ShrunkCase {
    guard case .shrunk(let shrunk)? = failure?.shrinking else {
      Issue.record("not shrunk: \(String(describing: failure?.shrinking))")
      throw CancellationError()
    }
    return shrunk
  }

  @Test(
    "a fault that needs more than 20 hidden units shrinks to exactly 21, one or two of the rest")
  func shrinksToTheFaultsThreshold() throws {
    let report = try Self.audit([Self.wideCase()])
    let failures = Self.failures(report)
    try #require(failures.count == 1)
    let shrunk = try Self.shrunk(failures.first)
    let (batch, inputs, hidden, outputs) = shrunk.networkCase.shape
    #expect(hidden == 21)
    for (what, n) in [
      ("rows", batch), ("inputs", inputs), ("outputs", outputs),
      ("epochs", shrunk.networkCase.training?.configuration.epochs ?? 0),
    ] {
      #expect((1...2).contains(n), "\(what): \(n)")
    }
    #expect(shrunk.target == .tensor(.trainedW2))
    #expect(shrunk.evaluations <= ShrinkLimits().evaluationsPerFailure)
    #expect(shrunk.networkCase.name == "wide-shrunk")
  }

  @Test("a shrunk case is a case file: it reads back, its O at least 2")
  func shrunkCaseReadsBack() throws {
    let report = try Self.audit([Self.wideCase()])
    let shrunk = try Self.shrunk(Self.failures(report).first)
    #expect(shrunk.networkCase.shape.outputs == 2)
    let json = try JSONReader.parse(Array(shrunk.networkCase.jsonText.utf8))
    #expect(try NetworkCase(json: json).shape == shrunk.networkCase.shape)
  }

  @Test("the shrunk case fails on its own, and one hidden unit fewer passes")
  func shrunkCaseFailsIndependently() throws {
    let shrunk = try Self.shrunk(Self.failures(try Self.audit([Self.wideCase()])).first)
    func trainedW2Passes(_ c: NetworkCase) -> Bool {
      CaseComparison(
        caseName: "check", expected: c.evaluate(),
        actual: WideCaseFault.faulty(c, hiddenAbove: 20)
      ).failures.allSatisfy { $0.name != .trainedW2 }
    }
    let c = shrunk.networkCase
    #expect(!trainedW2Passes(c))
    var narrower = c
    narrower.w1 = Matrix(c.w1.rowArrays.map { Array($0.dropLast()) })
    narrower.w2 = Matrix(Array(c.w2.rowArrays.dropLast()))
    if case .explicit(let masks)? = c.training?.masks, let training = c.training {
      narrower.training = NetworkCase.Training(
        configuration: training.configuration,
        masks: .explicit(masks.map { Matrix($0.rowArrays.map { Array($0.dropLast()) }) }))
    }
    #expect(trainedW2Passes(narrower))
  }

  @Test("shrinking is deterministic and stays within its budget")
  func deterministicAndBounded() throws {
    let first = try Self.shrunk(Self.failures(try Self.audit([Self.wideCase()])).first)
    let again = try Self.shrunk(Self.failures(try Self.audit([Self.wideCase()])).first)
    #expect(first == again)
    var tight = ShrinkLimits()
    tight.evaluationsPerFailure = 12
    let failure = Self.failures(try Self.audit([Self.wideCase()], limits: tight)).first
    switch failure?.shrinking {
    case .shrunk(let shrunk)?: #expect(shrunk.evaluations <= 12)
    case .notShrunk(let reason)?: #expect(reason.contains("12 evaluations"), "\(reason)")
    case nil: Issue.record("no shrinking outcome")
    }
  }

  @Test("without live NumPy nothing is shrunk, and the failure says why")
  func withoutNumPy() throws {
    var options = AuditOptions(goldenDirectory: GoldenFolders.package.path)
    options.goldenFilter = NamePattern("random-01-float64-reference")
    options.subject = TestImplementation.lossTimes(1 + 1e-6)
    options.shrinking = ShrinkLimits()
    let report = Auditor(options: options, live: .unavailable(reason: "no Python here")).run()
    let failure = try #require(Self.failures(report).first)
    guard case .notShrunk(let reason)? = failure.shrinking else {
      Issue.record("\(String(describing: failure.shrinking))")
      return
    }
    #expect(reason.contains("no live NumPy") && reason.contains("no Python here"), "\(reason)")
  }

  @Test("a second case failing the same tensor points at the first's shrunk case")
  func oneShrinkPerTarget() throws {
    let report = try Self.audit([Self.wideCase(name: "a"), Self.wideCase(name: "b")])
    let failures = Self.failures(report)
    try #require(failures.count == 2)
    _ = try Self.shrunk(failures[0])
    guard case .notShrunk(let reason)? = failures[1].shrinking else {
      Issue.record("\(String(describing: failures[1].shrinking))")
      return
    }
    #expect(reason.contains("as a does"), "\(reason)")
  }

  @Test("--save-failures holds the shrunk case too, named with -shrunk")
  func savedWithTheFailures() throws {
    let report = try Self.audit([Self.wideCase()], saveTo: "/tmp/out")
    let shrunk = try Self.shrunk(Self.failures(report).first)
    #expect(shrunk.savedFile == "/tmp/out/wide-shrunk.json")
    let file = report.failureFiles.first { $0.path == "/tmp/out/wide-shrunk.json" }
    #expect(file?.networkCase == shrunk.networkCase)
    #expect(shrunk.reproduce.allSatisfy { $0.hasSuffix(" /tmp/out/wide-shrunk.json") })
  }

  @Test("no shrinking when it is off")
  func off() throws {
    let report = try Self.audit([Self.wideCase()], limits: nil)
    #expect(Self.failures(report).count == 1)
    #expect(Self.failures(report).allSatisfy { $0.shrinking == nil })
  }
}
