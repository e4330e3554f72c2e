/// Which failing cases one run shrinks, in the order their failures were found: the first
/// of each target (a tensor, or the subject's error), up to `ShrinkLimits.failingCases` of
/// them; a later case with a target already shrunk points at that one. The audit follows it
/// as it shrinks; `nnparity merge` follows it again over the shards' failures in the run's
/// order, so that the merged report shrinks what one run would.
struct ShrinkSelection {
  let limits: ShrinkLimits
  private var shrunkFor: [ShrinkTarget: String] = [:]
  private var attempts = 0

  init(limits: ShrinkLimits) { self.limits = limits }

  /// Why `failure` is not shrunk, or nil when it is to be: then it counts as an attempt.
  mutating func skip(_ failure: CaseFailure) -> ShrinkOutcome? {
    if let target = FailureShrinking.target(of: failure), let first = shrunkFor[target] {
      return .notShrunk(reason: "it fails \(target) as \(first) does, shrunk above")
    }
    if attempts >= limits.failingCases {
      return .notShrunk(
        reason: "\(limits.failingCases) failing cases were shrunk; that is the limit")
    }
    attempts += 1
    return nil
  }

  /// Notes what became of `failure`: a case shrunk for its target is the one later cases
  /// with that target point at.
  mutating func note(_ outcome: ShrinkOutcome, of failure: CaseFailure) {
    if case .shrunk(let shrunk) = outcome { shrunkFor[shrunk.target] = failure.caseName }
  }
}
