import Foundation

/// What ``expectParity(_:options:sourceLocation:)`` audits.
public struct ParityOptions: Sendable {
  /// Random cases checked against live NumPy when it is available (default 100).
  public var randomCases: Int
  /// Their seed (0 to 2⁶⁴ − 1).
  public var seed: UInt64
  /// Only the goldens whose name matches: a substring, or a glob with `*` and `?` (nil:
  /// every golden).
  public var goldenFilter: String?
  /// Whether live NumPy being unavailable fails instead of being skipped with a warning;
  /// on by default when `NNPARITY_REQUIRE_NUMPY=1`.
  public var requireNumPy: Bool
  /// Whether a failing case is shrunk, against live NumPy, to a smaller case that still
  /// fails the same tensor (attached beside the original); the first five, one per tensor.
  public var shrink: Bool

  /// The defaults: every golden, 100 random live cases of seed 1, failures shrunk.
  public init(
    randomCases: Int = 100, seed: UInt64 = 1, goldenFilter: String? = nil,
    requireNumPy: Bool = ProcessInfo.processInfo.environment["NNPARITY_REQUIRE_NUMPY"] == "1",
    shrink: Bool = true
  ) {
    self.randomCases = randomCases
    self.seed = seed
    self.goldenFilter = goldenFilter
    self.requireNumPy = requireNumPy
    self.shrink = shrink
  }
}
