import Foundation
import NNParity
import NNParityAudit
import NNParityCases
import NNParityPython

/// Medians of one evaluation through the bridge, for `nnparity bench`.
package struct EvaluationBenchmark: Sendable, Equatable {
  /// Seconds for the whole round trip: arrays in, NumPy's forward, loss and gradients,
  /// arrays out (`NumPyReference.evaluate(x:y:w1:w2:semantics:loss:)`).
  package var roundTripMedian: Double
  /// Seconds NumPy itself spends on the same `nnparity_reference.evaluate` call, timed inside
  /// Python with `time.perf_counter` in a loop over arrays made once.
  package var numpyMedian: Double
  /// The bridge's own cost per call: the median over calls of the round trip minus the
  /// reference call's own time within it (timed inside Python during that same call), so
  /// both sides of each difference see the same machine load.
  package var bridgeOverheadMedian: Double
}

extension NumPyReference {
  /// Times the evaluation of `networkCase` (its training, if any, is ignored): `rounds`
  /// rounds, each `repetitions` round trips then NumPy's own loop of `repetitions` calls,
  /// after a warm-up round.
  package func benchmarkEvaluation(
    _ networkCase: NetworkCase, repetitions: Int = 1_000, rounds: Int = 10
  ) throws -> EvaluationBenchmark {
    switch networkCase.dtype {
    case .float32: try benchmarkEvaluation(networkCase, Float.self, repetitions, rounds)
    case .float64: try benchmarkEvaluation(networkCase, Double.self, repetitions, rounds)
    }
  }

  private func benchmarkEvaluation<Scalar: NetworkScalar>(
    _ networkCase: NetworkCase, _: Scalar.Type, _ repetitions: Int, _ rounds: Int
  ) throws -> EvaluationBenchmark {
    let (x, y, w1, w2) = networkCase.inputs(as: Scalar.self)
    let (semantics, loss) = (networkCase.semantics, networkCase.loss)
    let count = max(repetitions, 1)
    var roundTrips: [Double] = []
    var overheads: [Double] = []
    var numpyTimes: [Double] = []
    for round in 0...max(rounds, 1) {  // round 0 warms up and is discarded
      for _ in 0..<count {
        let start = DispatchTime.now().uptimeNanoseconds
        let numpy = try timedEvaluation(
          x: x, y: y, w1: w1, w2: w2, semantics: semantics, loss: loss
        ).seconds
        let roundTrip = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
        if round > 0 {
          roundTrips.append(roundTrip)
          overheads.append(roundTrip - numpy)
        }
      }
      let numpy = try evaluationLoopSeconds(
        count: count, x: x, y: y, w1: w1, w2: w2, semantics: semantics, loss: loss)
      if round > 0 { numpyTimes.append(numpy) }
    }
    return EvaluationBenchmark(
      roundTripMedian: roundTrips.median, numpyMedian: numpyTimes.median,
      bridgeOverheadMedian: overheads.median)
  }
}
