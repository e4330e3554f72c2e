import NNParity
import NNParityCases
import NNParityJudging

/// What a case's result is judged against.
package enum Expectation {
  /// The golden's committed NumPy result (and its exact values, folded in elsewhere).
  case golden(Golden)
  /// Live NumPy's result for the case, or the reference's error.
  case live(Result<CaseResult, any Error>)
  /// Nothing: a user's case with no live reference, checked only by finite differences and
  /// the invariants.
  case checksOnly

  var side: ExpectedSide {
    switch self {
    case .golden: .goldenNumPy
    case .live: .liveNumPy
    case .checksOnly: .checksOnly
    }
  }
}

/// One case judged: the comparison (nil when nothing was compared), the failure to report
/// (nil when it passed or the disagreement was explained), and the explanation of an
/// explained one.
package struct CaseJudgement {
  package var comparison: CaseComparison?
  package var failure: CaseFailure?
  package var explanation: String?
  /// The case's position in the order one whole run judges the cases (`AuditPlan`).
  package var position = 0
}

/// Judges cases, the goldens, the live cases and the user's alike: the subject's result
/// against what is expected of it, by one engine and its bounds.
struct Judge {
  let subject: any AuditSubject
  let reference: (any LiveReference)?
  /// Where failures get their reproduce commands (nil: none, for cases that are only
  /// probed, as shrinking's candidates are).
  let reproduction: Reproduction?

  /// The subject's result (or its failure) for `c`, at `position` in the order one whole
  /// run judges the cases, against `expectation`.
  func judge(
    _ c: NetworkCase, position: Int, origin: CaseOrigin, family: Family,
    actual: Result<CaseResult, SubjectError>, against expectation: Expectation
  ) -> CaseJudgement {
    var judgement = judge(c, origin: origin, family: family, actual: actual, against: expectation)
    judgement.position = position
    judgement.failure?.position = position
    return judgement
  }

  private func judge(
    _ c: NetworkCase, origin: CaseOrigin, family: Family,
    actual: Result<CaseResult, SubjectError>, against expectation: Expectation
  ) -> CaseJudgement {
    let name = Self.name(c, expectation)
    let actualResult: CaseResult
    switch actual {
    case .success(let result): actualResult = result
    case .failure(let error):
      return CaseJudgement(
        failure: failure(
          c, origin,
          CaseFailure(
            caseName: name, family: family, expectedSide: expectation.side,
            error: error.description, actualSide: subject.name)))
    }
    switch expectation {
    case .golden(let golden):
      return judge(c, actualResult, golden: golden, family: family, origin: origin)
    case .live(let expected):
      return judge(c, actualResult, live: expected, family: family, origin: origin)
    case .checksOnly:
      return CaseJudgement()
    }
  }

  private func judge(
    _ c: NetworkCase, _ actual: CaseResult, golden: Golden, family: Family, origin: CaseOrigin
  ) -> CaseJudgement {
    let comparison = CaseComparison(
      caseName: golden.name, expected: golden.expected, actual: actual)
    guard !comparison.passed else { return CaseJudgement(comparison: comparison) }
    var f = CaseFailure(
      comparison, family: family, expectedSide: .goldenNumPy, source: golden.path,
      actualSide: subject.name)
    f.hint = Golden.rerecordHint
    f.float64View = float64View(
      swift: actual, numpy: golden.expected, float64Run: try? float64Run(c))
    return CaseJudgement(comparison: comparison, failure: failure(c, origin, f))
  }

  /// Against live NumPy a disagreement is explained when it is float32 rounding
  /// (`Float32Arbiter`), and a reference that failed is the case's failure.
  private func judge(
    _ c: NetworkCase, _ actual: CaseResult, live expected: Result<CaseResult, any Error>,
    family: Family, origin: CaseOrigin
  ) -> CaseJudgement {
    let name = c.name ?? "unnamed"
    do {
      let expected = try expected.get()
      let comparison = CaseComparison(caseName: name, expected: expected, actual: actual)
      guard !comparison.passed else { return CaseJudgement(comparison: comparison) }
      // The float64 twin runs once per failing float32 case: for the arbiter and the view.
      let float64Run = try self.float64Run(c)
      if let float64Run,
        let explained = Float32Arbiter.explain(
          swift: actual, numpy: expected, float64Run: float64Run, subject: subject.name)
      {
        let detail = explained.detail.isEmpty ? "" : "; " + explained.detail
        return CaseJudgement(
          comparison: comparison,
          explanation: explained.summary + detail.replacing("\n", with: "; "))
      }
      var f = CaseFailure(
        comparison, family: family, expectedSide: .liveNumPy, source: nil,
        actualSide: subject.name)
      f.float64View = float64View(swift: actual, numpy: expected, float64Run: float64Run)
      return CaseJudgement(comparison: comparison, failure: failure(c, origin, f))
    } catch {
      let f = CaseFailure(
        caseName: name, family: family, expectedSide: .liveNumPy,
        error: "the reference failed: \(error)", actualSide: subject.name)
      return CaseJudgement(failure: failure(c, origin, f))
    }
  }

  /// `f` with the commands that reproduce it.
  private func failure(_ c: NetworkCase, _ origin: CaseOrigin, _ f: CaseFailure) -> CaseFailure {
    guard let reproduction else { return f }
    var f = f
    (f.reproduce, f.savedFile) = reproduction.commands(c, origin: origin)
    return f
  }

  /// The result of the float64 twin of a float32 case (`NetworkCase.float64Twin`) rounded
  /// to float32, from the live reference; nil for a float64 case or without a reference.
  private func float64Run(_ c: NetworkCase) throws -> CaseResult? {
    guard let reference, c.dtype == .float32 else { return nil }
    return try reference.evaluate(c.float64Twin).roundedToFloat32
  }

  /// The subject and NumPy against the float64 run, when there is one (a hint, not a
  /// verdict: empty without it).
  private func float64View(swift: CaseResult, numpy: CaseResult, float64Run: CaseResult?)
    -> [Float64Drift]
  {
    float64Run.flatMap {
      Float32Arbiter.float64View(swift: swift, numpy: numpy, float64Run: $0, subject: subject.name)
    } ?? []
  }

  /// How failures name the case: a golden by its name, another case by its own.
  private static func name(_ c: NetworkCase, _ expectation: Expectation) -> String {
    if case .golden(let golden) = expectation { return golden.name }
    return c.name ?? "unnamed"
  }
}
