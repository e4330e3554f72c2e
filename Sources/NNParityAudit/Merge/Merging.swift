/// The rules that merge shards' summaries into the summaries one run would have made: lists
/// back in the run's order, summaries of one key folded together, and the worst of two
/// candidates kept as one run keeps it.
enum Merging {
  /// Every list's items, in the order one whole run judges their cases (by `position`;
  /// items of one case keep their order, as they come from one shard).
  static func inRunOrder<Item>(_ lists: [[Item]], position: (Item) -> Int) -> [Item] {
    lists.joined().enumerated()
      .sorted { (position($0.element), $0.offset) < (position($1.element), $1.offset) }
      .map(\.element)
  }

  /// The items of every list, those with the same key folded into the first by `merge`,
  /// in the order their keys first appear.
  static func byKey<Item, Key: Hashable>(
    _ lists: [[Item]], key: (Item) -> Key, merge: (inout Item, Item) -> Void
  ) -> [Item] {
    var merged: [Item] = []
    var index: [Key: Int] = [:]
    for item in lists.joined() {
      if let i = index[key(item)] {
        merge(&merged[i], item)
      } else {
        index[key(item)] = merged.count
        merged.append(item)
      }
    }
    return merged
  }

  /// Whether `other`'s worst case replaces `mine` (nil: no worst yet). Each summary's `add`
  /// replaces its worst with a later case whose value is at least as large, so of two
  /// candidates one run keeps the later when its value is at least the earlier's.
  static func takesOther(
    mine: (value: Double, position: Int)?, other: (value: Double, position: Int)?
  ) -> Bool {
    guard let other else { return false }
    guard let mine else { return true }
    return other.position > mine.position ? other.value >= mine.value : !(mine.value >= other.value)
  }
}
