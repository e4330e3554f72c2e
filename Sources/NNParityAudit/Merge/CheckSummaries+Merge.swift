import NNParity

extension FiniteDifferenceSummary: KeepsWorstCase {
  var worstCandidate: (value: Double, position: Int)? { worstPosition.map { (worstError, $0) } }

  mutating func takeWorst(of other: Self) {
    (worstError, worstLocation, worstPosition) =
      (other.worstError, other.worstLocation, other.worstPosition)
  }

  /// Folds in the same family's checks from another shard.
  mutating func merge(_ other: FiniteDifferenceSummary) {
    mergeWorst(other)
    cases += other.cases
    skippedAtKinks += other.skippedAtKinks
    belowNoise += other.belowNoise
    worstErrorBeyondNoise = max(worstErrorBeyondNoise, other.worstErrorBeyondNoise)
    failures = Merging.inRunOrder([failures, other.failures], position: \.position)
  }

  /// Every shard's families merged, by name as one run lists them.
  static func merged(_ shards: [[FiniteDifferenceSummary]]) -> [FiniteDifferenceSummary] {
    Merging.byKey(shards, key: \.name) { $0.merge($1) }.sorted { $0.name < $1.name }
  }
}

extension InvariantSummary: KeepsWorstCase {
  var worstCandidate: (value: Double, position: Int)? {
    worstPosition.map { (worstDeviation, $0) }
  }

  mutating func takeWorst(of other: Self) {
    (worstDeviation, worstCase, worstPosition) =
      (other.worstDeviation, other.worstCase, other.worstPosition)
  }

  /// Folds in the same invariant's checks from another shard.
  mutating func merge(_ other: InvariantSummary) {
    mergeWorst(other)
    cases += other.cases
    failures = Merging.inRunOrder([failures, other.failures], position: \.position)
  }

  /// Every shard's invariants merged, in the order every shard lists them.
  static func merged(_ shards: [[InvariantSummary]]) -> [InvariantSummary] {
    Merging.byKey(shards, key: \.name) { $0.merge($1) }
  }
}

extension ExactSummary: KeepsWorstCase {
  /// A summary's worst case is the one with the larger of its two maxima.
  var worstCandidate: (value: Double, position: Int)? {
    worstPosition.map { (max(swiftMaxScaledError, numpyMaxScaledError), $0) }
  }

  mutating func takeWorst(of other: Self) {
    (worstCase, worstPosition) = (other.worstCase, other.worstPosition)
  }

  /// Folds in the same dtype and tensor from another shard.
  mutating func merge(_ other: ExactSummary) {
    mergeWorst(other)
    cases += other.cases
    elements += other.elements
    swiftCloser += other.swiftCloser
    numpyCloser += other.numpyCloser
    swiftMaxULPs = max(swiftMaxULPs, other.swiftMaxULPs)
    numpyMaxULPs = max(numpyMaxULPs, other.numpyMaxULPs)
    swiftMaxScaledError = max(swiftMaxScaledError, other.swiftMaxScaledError)
    numpyMaxScaledError = max(numpyMaxScaledError, other.numpyMaxScaledError)
    failures = Merging.inRunOrder([failures, other.failures], position: \.position)
  }

  /// Every shard's summaries merged, by dtype, then tensor, as one run lists them.
  static func merged(_ shards: [[ExactSummary]]) -> [ExactSummary] {
    Merging.byKey(shards, key: { "\($0.dtype.rawValue) \($0.tensor.rawValue)" }) { $0.merge($1) }
      .sorted { ($0.dtype.rawValue, $0.tensor) < ($1.dtype.rawValue, $1.tensor) }
  }
}

extension BiasSummary {
  /// Every shard's tensors merged: their goldens' parts in the run's order, so the figures
  /// are one run's to the last bit.
  static func merged(_ shards: [[BiasSummary]]) -> [BiasSummary] {
    Merging.byKey(shards, key: { "\($0.dtype.rawValue) \($0.tensor.rawValue)" }) {
      $0 = BiasSummary(tensor: $0.tensor, dtype: $0.dtype, parts: $0.parts + $1.parts)
    }
    .sorted { ($0.dtype.rawValue, $0.tensor) < ($1.dtype.rawValue, $1.tensor) }
  }
}
