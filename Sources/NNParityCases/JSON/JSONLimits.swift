/// Limits that keep a hostile or mistaken file from exhausting the stack or memory.
package struct JSONLimits: Sendable, Equatable {
  /// The deepest nesting of arrays and objects accepted.
  package internal(set) var maximumDepth: Int
  /// The most values (numbers, strings, … in all) accepted in one document.
  package internal(set) var maximumValues: Int
  /// The most bytes accepted in one file: reading stops past them (`CaseFile.bytes`).
  package internal(set) var maximumBytes: Int

  /// Defaults: a case needs depth 5; 64 leaves room for extensions. 50 million values is
  /// far more than any case this tool is for (a 1024 × 1024 × 20-epoch mask set is 21 M).
  /// 2 GiB is 50 million values of 42 bytes: the longest double (24), ", " and 16 of layout.
  package static let `default` = JSONLimits(
    maximumDepth: 64, maximumValues: 50_000_000, maximumBytes: 2_147_483_648)

  package init(
    maximumDepth: Int, maximumValues: Int, maximumBytes: Int = Self.default.maximumBytes
  ) {
    self.maximumDepth = maximumDepth
    self.maximumValues = maximumValues
    self.maximumBytes = maximumBytes
  }
}
