/// Which part of an audit one run covers (`--shard K/N`): the goldens (in the folder's
/// sorted order, after `--filter`), the random cases and the `--case` files, each at
/// position i, go to shard i % N + 1. N runs with K = 1 … N are disjoint and together cover
/// exactly what one run covers; `nnparity merge` combines their reports.
package struct ShardSpec: Sendable, Equatable, CustomStringConvertible {
  /// K: which shard, from 1.
  package let index: Int
  /// N: how many shards.
  package let count: Int

  /// The whole audit: shard 1 of 1.
  package static let whole = ShardSpec(checkedIndex: 1, count: 1)

  private init(checkedIndex index: Int, count: Int) {
    self.index = index
    self.count = count
  }

  /// Shard `index` of `count`, when 1 ≤ `index` ≤ `count`.
  package init(index: Int, count: Int) throws(ShardSpecError) {
    guard count >= 1 else { throw ShardSpecError("N must be at least 1, not \(count)") }
    guard (1...count).contains(index) else {
      throw ShardSpecError("K must be from 1 to N (\(count)), not \(index)")
    }
    self.init(checkedIndex: index, count: count)
  }

  /// `K/N`, as `--shard` takes it.
  package init(parsing text: String) throws(ShardSpecError) {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2 else {
      throw ShardSpecError("takes K/N (shard K of N, e.g. 3/16), not '\(text)'")
    }
    guard let index = Int(parts[0]), let count = Int(parts[1]) else {
      throw ShardSpecError("takes K/N with whole numbers K and N (e.g. 3/16), not '\(text)'")
    }
    try self.init(index: index, count: count)
  }

  package var description: String { "\(index)/\(count)" }

  /// Whether the item at `position` (from 0) of a list the shards divide is this shard's.
  package func owns(_ position: Int) -> Bool { position % count == index - 1 }

  /// Whether this shard is the whole audit (N = 1).
  package var isWhole: Bool { count == 1 }
}

/// Why a `--shard` value is not one: a phrase that follows "--shard".
package struct ShardSpecError: Error, Sendable, Equatable, CustomStringConvertible {
  package let description: String

  package init(_ description: String) { self.description = description }
}
