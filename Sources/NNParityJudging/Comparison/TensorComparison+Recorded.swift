import NNParity
import NNParityCases

extension TensorComparison {
  /// The figures of a failing tensor a report records (`nnparity merge` reads them back):
  /// what a failure's message, its JSON and JUnit show. What the report does not record
  /// stays at its default (the tensor's scale, resolved and nonzero counts, each
  /// element's scaled error).
  package struct Recorded: Sendable, Equatable {
    package var name: TensorName
    package var shape: [Int]
    package var count: Int
    package var shapesMatch: Bool
    package var tolerance: Tolerance
    package var maxAbsoluteError: Double
    package var maxRelativeError: Double
    package var maxULPs: UInt64
    package var maxScaledError: Double
    package var failingElements: Int
    package var worstElements: [ElementError]

    package init(
      name: TensorName, shape: [Int], count: Int, shapesMatch: Bool, tolerance: Tolerance,
      maxAbsoluteError: Double, maxRelativeError: Double, maxULPs: UInt64, maxScaledError: Double,
      failingElements: Int, worstElements: [ElementError]
    ) {
      self.name = name
      self.shape = shape
      self.count = count
      self.shapesMatch = shapesMatch
      self.tolerance = tolerance
      self.maxAbsoluteError = maxAbsoluteError
      self.maxRelativeError = maxRelativeError
      self.maxULPs = maxULPs
      self.maxScaledError = maxScaledError
      self.failingElements = failingElements
      self.worstElements = worstElements
    }
  }

  /// A comparison as a report recorded it.
  package init(recorded: Recorded) {
    name = recorded.name
    count = recorded.count
    scale = 0
    shapesMatch = recorded.shapesMatch
    tolerance = recorded.tolerance
    shape = recorded.shape
    maxAbsoluteError = recorded.maxAbsoluteError
    maxRelativeError = recorded.maxRelativeError
    maxULPs = recorded.maxULPs
    maxScaledError = recorded.maxScaledError
    failingElements = recorded.failingElements
    worstElements = recorded.worstElements
    if let worst = recorded.worstElements.first {
      (worstIndex, worstExpected, worstActual) = (worst.flatIndex, worst.expected, worst.actual)
    }
  }
}
