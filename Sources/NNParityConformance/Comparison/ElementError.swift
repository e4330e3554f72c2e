/// One element of a compared tensor: where it is, both values and its scaled error.
public struct ElementError: Sendable, Equatable {
  /// The element's flat (row-major) index.
  public let flatIndex: Int
  /// Its index as `[r][c]` (or `[i]`, or empty for a scalar).
  public let index: String
  /// The value checked against, and the value checked.
  public let expected: Double
  public let actual: Double
  /// `|actual − expected|` over the element's unit (u·C, or the tensor's scale).
  public let scaledError: Double
}
