import NNParity
import NNParityCases

/// Asks whether candidate cases still fail as a failing case did: the subject against live
/// NumPy, judged as the audit judges (float32 rounding the float64 run explains is no
/// failure), failing the same target. Each candidate the subject evaluates spends one of
/// `remaining`.
struct FailureProbe {
  let subject: any AuditSubject
  let reference: any LiveReference
  let judge: Judge
  let family: Family
  let target: ShrinkTarget
  /// Evaluations left.
  private(set) var remaining: Int
  /// Evaluations spent.
  private(set) var spent = 0

  init(
    subject: any AuditSubject, reference: any LiveReference, family: Family, target: ShrinkTarget,
    budget: Int
  ) {
    self.subject = subject
    self.reference = reference
    judge = Judge(subject: subject, reference: reference, reproduction: nil)
    self.family = family
    self.target = target
    remaining = budget
  }

  /// The first candidate that still fails, with its failure.
  mutating func first(_ candidates: [NetworkCase]) -> (NetworkCase, CaseFailure)? {
    failing(candidates, firstOnly: true).first.map { (candidates[$0.index], $0.failure) }
  }

  /// The index of every candidate that still fails, with its failure.
  mutating func all(_ candidates: [NetworkCase]) -> [(index: Int, failure: CaseFailure)] {
    failing(candidates, firstOnly: false)
  }

  /// Candidates in order, as many as the budget allows: the subject evaluates them at once
  /// (a command subject runs once per batch), or one by one when it fails the whole batch.
  private mutating func failing(_ candidates: [NetworkCase], firstOnly: Bool)
    -> [(index: Int, failure: CaseFailure)]
  {
    let batch = Array(candidates.prefix(remaining))
    guard !batch.isEmpty else { return [] }
    remaining -= batch.count
    spent += batch.count
    var results = subject.evaluate(batch)
    if SubjectError.wholeRun(results) != nil, batch.count > 1 {
      results = batch.map { subject.evaluate([$0]).first ?? .failure(Self.noResult) }
    }
    results += Array(repeating: .failure(Self.noResult), count: max(0, batch.count - results.count))
    var found: [(index: Int, failure: CaseFailure)] = []
    for (i, c) in batch.enumerated() {
      guard let failure = failure(c, results[i]) else { continue }
      found.append((i, failure))
      if firstOnly { break }
    }
    return found
  }

  private static let noResult = SubjectError("the subject gave no result for it")

  /// The candidate's failure when it fails the target; a candidate the reference cannot
  /// evaluate does not count.
  private func failure(_ c: NetworkCase, _ actual: Result<CaseResult, SubjectError>)
    -> CaseFailure?
  {
    guard let expected = try? reference.evaluate(c) else { return nil }
    // A candidate has no place in the run's order: position 0.
    let judgement = judge.judge(
      c, position: 0, origin: .random, family: family, actual: actual,
      against: .live(.success(expected)))
    guard let failure = judgement.failure else { return nil }
    switch target {
    case .tensor(let name):
      let fails =
        failure.tensors.contains { $0.name == name } || failure.missingTensors.contains(name)
      return fails ? failure : nil
    case .subjectError:
      return failure.error != nil ? failure : nil
    }
  }
}
