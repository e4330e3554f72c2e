extension AuditReport {
  /// Shrinking as one run would have done it. Each shard shrank the first failing case of
  /// each target among its own; one run shrinks the first of each target among all
  /// (`ShrinkSelection`), in the order their failures were found (the run's order). So the
  /// merged failures are walked in that order: one that one run would shrink keeps what its
  /// shard found (it was the first of its target in its shard too; should its shard have
  /// reached its own limit of cases first, it says so), the others point at the case
  /// shrunk for their target, or name the limit.
  mutating func reselectShrinking(limits: ShrinkLimits?) {
    guard let limits else { return }
    var failures: [(live: Bool, family: Int, index: Int, position: Int)] = []
    for (live, families) in [(false, goldens), (true, live)] {
      for (f, family) in families.enumerated() {
        failures += family.failures.enumerated().map { (live, f, $0.offset, $0.element.position) }
      }
    }
    var selection = ShrinkSelection(limits: limits)
    for failure in Merging.inRunOrder([failures], position: \.position) {
      var merged =
        failure.live
        ? live[failure.family].failures[failure.index]
        : goldens[failure.family].failures[failure.index]
      if let skip = selection.skip(merged) { merged.shrinking = skip }
      if let outcome = merged.shrinking { selection.note(outcome, of: merged) }
      if failure.live {
        live[failure.family].failures[failure.index] = merged
      } else {
        goldens[failure.family].failures[failure.index] = merged
      }
    }
  }
}
