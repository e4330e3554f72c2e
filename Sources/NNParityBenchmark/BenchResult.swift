import NNParity

/// One row of the report: one shape in one dtype.
package struct BenchResult: Sendable, Equatable {
  /// The shape's name, `BxI-H-O`.
  package var shape: String
  package var dtype: DType
  /// NumPy's BLAS threads (Swift runs on one).
  package var threads: Int
  /// The median seconds of one Swift step.
  package var swiftSeconds: Double
  /// The median seconds of one NumPy step; nil without NumPy.
  package var numpySeconds: Double?
  /// Swift's time over NumPy's.
  package var ratio: Double? { numpySeconds.map { swiftSeconds / $0 } }

  package init(
    shape: String, dtype: DType, threads: Int, swiftSeconds: Double, numpySeconds: Double?
  ) {
    (self.shape, self.dtype, self.threads) = (shape, dtype, threads)
    (self.swiftSeconds, self.numpySeconds) = (swiftSeconds, numpySeconds)
  }
}
