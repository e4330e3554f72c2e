import NNParityCases

/// One element of a compared tensor: where it is, both values and its scaled error.
package struct ElementError: Sendable, Equatable {
  /// The element's flat (row-major) index.
  package let flatIndex: Int
  /// Its index as `[r][c]` (or `[i]`, or empty for a scalar).
  package let index: String
  /// The value checked against, and the value checked.
  package let expected: Double
  package let actual: Double
  /// `|actual − expected|` over the element's unit (u·C, or the tensor's scale).
  package let scaledError: Double

  package init(flatIndex: Int, index: String, expected: Double, actual: Double, scaledError: Double)
  {
    self.flatIndex = flatIndex
    self.index = index
    self.expected = expected
    self.actual = actual
    self.scaledError = scaledError
  }
}
