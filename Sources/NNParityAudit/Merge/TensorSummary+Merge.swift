import NNParity

extension TensorSummary: KeepsWorstCase {
  var worstCandidate: (value: Double, position: Int)? {
    cases > 0 ? (maxScaledError, worstPosition) : nil
  }

  mutating func takeWorst(of other: Self) {
    (maxScaledError, bound, worstPosition) = (
      other.maxScaledError, other.bound, other.worstPosition
    )
    (worstCase, worstDetail) = (other.worstCase, other.worstDetail)
  }

  /// Folds in the same tensor's summary from another shard: counts added, maxima kept, the
  /// points in the run's order, and the worst case one run would keep.
  mutating func merge(_ other: TensorSummary) {
    mergeWorst(other)
    cases += other.cases
    maxAbsoluteError = max(maxAbsoluteError, other.maxAbsoluteError)
    maxRelativeError = max(maxRelativeError, other.maxRelativeError)
    maxULPs = max(maxULPs, other.maxULPs)
    failures += other.failures
    explainedCases += other.explainedCases
    illConditionedCases += other.illConditionedCases
    zeroCases += other.zeroCases
    unjudgedElements += other.unjudgedElements
    points = Merging.inRunOrder([points, other.points], position: \.position)
  }
}

extension FamilySummary {
  /// Folds in the same family's summary from another shard: cases added, tensors merged,
  /// failures and explained cases in the run's order.
  mutating func merge(_ other: FamilySummary) {
    cases += other.cases
    tensors = Merging.byKey([tensors, other.tensors], key: \.name) { $0.merge($1) }
    tensors.sort { $0.name < $1.name }
    failures = Merging.inRunOrder([failures, other.failures], position: \.position)
    explained = Merging.inRunOrder([explained, other.explained], position: \.position)
  }

  /// The families of every shard merged, in the order one run reports them.
  static func merged(_ shards: [[FamilySummary]]) -> [FamilySummary] {
    Merging.byKey(shards, key: \.family) { $0.merge($1) }.sorted { $0.family.rank < $1.family.rank }
  }
}

extension Family {
  /// Where one run reports the family: the goldens by dtype, then the random cases, then
  /// the user's.
  var rank: Int {
    switch self {
    case .goldens(let dtype): DType.allCases.firstIndex(of: dtype) ?? 0
    case .liveRandom: DType.allCases.count
    case .liveUserCases: DType.allCases.count + 1
    case .userCases: DType.allCases.count + 2
    }
  }
}
