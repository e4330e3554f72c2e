import NNParity
import NNParityPython

/// Times NumPy's training step inside Python: the seam between the benchmark and the
/// embedded bridge (`NumPyReference`); tests give a fake one.
package protocol NumPyStepTiming {
  /// The median seconds of one NumPy step on `problem` over `repetitions` steps, measured
  /// inside Python.
  func stepSeconds<Scalar: NetworkScalar>(_ problem: BenchProblem<Scalar>, repetitions: Int)
    throws -> Double
  /// The median seconds of one step of `peer` on `problem` over `repetitions` steps with
  /// `threads` BLAS threads (nil: the library's default), measured inside Python.
  func peerStepSeconds<Scalar: NetworkScalar>(
    _ peer: BenchPeer, _ problem: BenchProblem<Scalar>, repetitions: Int, threads: Int?
  ) throws -> Double
  /// Why `peer` cannot be timed, or nil.
  func peerUnavailableReason(_ peer: BenchPeer) -> String?
  /// The bridge's own cost of one evaluation of `problem`, NumPy's time excluded.
  func bridgeOverheadSeconds(_ problem: BenchProblem<Double>) throws -> Double
}
