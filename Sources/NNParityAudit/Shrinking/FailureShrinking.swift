import NNParity
import NNParityCases

/// How much shrinking may cost.
package struct ShrinkLimits: Sendable, Equatable {
  /// Candidate cases the subject evaluates, at most, per failing case.
  package var evaluationsPerFailure = 400
  /// Failing cases shrunk per audit, in the order they were found, one per target (a
  /// tensor, or the subject's error); the others say why not.
  package var failingCases = 5

  package init() {}
}

/// A case that failed, and where its failure is in the report.
struct FailedCase {
  let family: Family
  /// The failure's index among its family's failures.
  let index: Int
  let networkCase: NetworkCase
}

/// The audit's shrinking stage: for each failing case, the smallest case found that still
/// fails the same tensor, judged against live NumPy (`CaseShrinker`), or why there is none.
struct FailureShrinking {
  let options: AuditOptions
  let live: LiveNumPy
  let reproduction: Reproduction

  /// Sets each failure's `shrinking` in `report`: the first failing case of each target
  /// (a tensor, or the subject's error) is shrunk, up to `failingCases` of them; a later
  /// case with a target already shrunk points at that one.
  func shrink(_ failed: [FailedCase], in report: inout AuditReport) {
    guard let limits = options.shrinking else { return }
    var selection = ShrinkSelection(limits: limits)
    for failedCase in failed {
      guard let failure = report.failure(failedCase) else { continue }
      let outcome =
        selection.skip(failure) ?? shrink(failedCase.networkCase, failure, limits: limits)
      selection.note(outcome, of: failure)
      report.setShrinking(outcome, of: failedCase)
    }
  }

  /// The smallest case found that fails as `failure` did, or why there is none.
  private func shrink(_ c: NetworkCase, _ failure: CaseFailure, limits: ShrinkLimits)
    -> ShrinkOutcome
  {
    guard let reference = live.reference else {
      let reason = if case .unavailable(let reason) = live { reason } else { "" }
      return .notShrunk(reason: "no live NumPy to judge smaller cases against (\(reason))")
    }
    guard let target = Self.target(of: failure) else {
      return .notShrunk(reason: "nothing a smaller case could still fail")
    }
    let start = c.withExplicitMasks
    var probe = FailureProbe(
      subject: options.subject, reference: reference, family: failure.family, target: target,
      budget: limits.evaluationsPerFailure)
    guard let (_, startFailure) = probe.first([start]) else {
      return .notShrunk(reason: "against live NumPy it does not fail \(target)")
    }
    var shrinker = CaseShrinker(probe: probe, failing: start, failure: startFailure)
    shrinker.shrink()
    guard shrinker.current != start else {
      return .notShrunk(
        reason: "no smaller case fails \(target) (\(shrinker.probe.spent) evaluations)")
    }
    var shrunk = shrinker.current
    shrunk.name = (c.name ?? "case") + "-shrunk"
    let (commands, file) = reproduction.shrunkCommands(shrunk)
    return .shrunk(
      ShrunkCase(
        networkCase: shrunk, target: target, originalShape: c.shapeText,
        evaluations: shrinker.probe.spent, failure: shrinker.failure, reproduce: commands,
        savedFile: file))
  }

  /// What a smaller case must still fail: the first tensor beyond its bound, else the
  /// subject's error.
  static func target(of failure: CaseFailure) -> ShrinkTarget? {
    if let tensor = failure.tensors.first?.name ?? failure.missingTensors.first {
      return .tensor(tensor)
    }
    return failure.error != nil ? .subjectError : nil
  }
}

extension AuditReport {
  /// The failure of `failed`, in its family.
  fileprivate func failure(_ failed: FailedCase) -> CaseFailure? {
    let family = (goldens + live).first { $0.family == failed.family }
    return family.flatMap { failed.index < $0.failures.count ? $0.failures[failed.index] : nil }
  }

  fileprivate mutating func setShrinking(_ outcome: ShrinkOutcome, of failed: FailedCase) {
    if let i = goldens.firstIndex(where: { $0.family == failed.family }) {
      goldens[i].failures[failed.index].shrinking = outcome
    } else if let i = live.firstIndex(where: { $0.family == failed.family }) {
      live[i].failures[failed.index].shrinking = outcome
    }
  }
}
