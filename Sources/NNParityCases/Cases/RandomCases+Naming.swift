import NNParity

extension RandomCases {
  /// The case a name like `random-s1-17` stands for (seed 1, index 17, the audit's default
  /// sizes), or nil when the name is not of that form.
  package static func `case`(named name: String) -> NetworkCase? {
    guard name.hasPrefix("random-s") else { return nil }
    let parts = name.dropFirst("random-s".count).split(
      separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 2, let seed = UInt64(parts[0]), let index = Int(parts[1]), index >= 0
    else { return nil }
    return RandomCases(seed: seed).case(index)
  }
}
