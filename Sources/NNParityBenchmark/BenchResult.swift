import NNParity
import NNParityCases
import NNParityPython

/// One row of the report: one shape in one dtype with one BLAS thread setting.
package struct BenchResult: Sendable, Equatable {
  /// The shape's name, `BxI-H-O`.
  package var shape: String
  package var dtype: DType
  /// The BLAS threads of NumPy and the peers.
  package var threads: Int
  /// The threads Swift's products ran on.
  package var swiftThreads: Int
  /// The median seconds of one Swift step.
  package var swiftSeconds: Double
  /// The median seconds of one step of the bundled reference; nil without NumPy.
  package var numpySeconds: Double?
  /// The median seconds of one plain NumPy step (`peers.plain_numpy_step`); nil without NumPy.
  package var plainNumpySeconds: Double?
  /// The median seconds of one PyTorch CPU step; nil when PyTorch does not import.
  package var torchSeconds: Double?
  /// Floating-point operations of one step's products (`BenchRun.Shape.flops`).
  package var flops: Double
  /// One core's measured multiply-add peak for this dtype, GFLOP/s; nil when not measured.
  package var peakGflopsPerCore: Double?

  /// Swift's time over the reference's.
  package var ratio: Double? { numpySeconds.map { swiftSeconds / $0 } }
  /// Swift's time over plain NumPy's.
  package var plainRatio: Double? { plainNumpySeconds.map { swiftSeconds / $0 } }
  /// Swift's products, in GFLOP/s.
  package var gflops: Double { flops / swiftSeconds / 1e9 }
  /// ``gflops`` over the peak of the cores Swift ran on (one core's peak × ``swiftThreads``).
  package var peakFraction: Double? {
    peakGflopsPerCore.map { gflops / ($0 * Double(Swift.max(swiftThreads, 1))) }
  }

  package init(
    shape: String, dtype: DType, threads: Int, swiftThreads: Int = 1, swiftSeconds: Double,
    numpySeconds: Double?, plainNumpySeconds: Double? = nil, torchSeconds: Double? = nil,
    flops: Double = 0, peakGflopsPerCore: Double? = nil
  ) {
    (self.shape, self.dtype, self.threads, self.swiftThreads) = (
      shape, dtype, threads, swiftThreads
    )
    (self.swiftSeconds, self.numpySeconds) = (swiftSeconds, numpySeconds)
    (self.plainNumpySeconds, self.torchSeconds) = (plainNumpySeconds, torchSeconds)
    (self.flops, self.peakGflopsPerCore) = (flops, peakGflopsPerCore)
  }
}
