import Foundation
import NNParity
import NNParityConformance

/// Medians of one evaluation through the bridge, for `nnparity bench`.
public struct EvaluationBenchmark: Sendable, Equatable {
  /// Seconds for the whole round trip: arrays in, NumPy's forward, loss and gradients,
  /// arrays out (`NumPyReference.evaluate(x:y:w1:w2:semantics:loss:)`).
  public var roundTripMedian: Double
  /// Seconds NumPy itself spends on the same `nnparity_reference.evaluate` call, timed
  /// inside Python with `time.perf_counter`.
  public var numpyMedian: Double
  /// The bridge's own cost per call: the median over rounds of round trip − NumPy time.
  public var bridgeOverheadMedian: Double
}

extension NumPyReference {
  /// Times the evaluation of `networkCase` (its training, if any, is ignored) in `rounds`
  /// interleaved rounds of `repetitions` calls each, after a warm-up.
  public func benchmarkEvaluation(
    _ networkCase: NetworkCase, repetitions: Int = 2_000, rounds: Int = 7
  ) throws -> EvaluationBenchmark {
    switch networkCase.dtype {
    case .float32: try benchmarkEvaluation(networkCase, Float.self, repetitions, rounds)
    case .float64: try benchmarkEvaluation(networkCase, Double.self, repetitions, rounds)
    }
  }

  private func benchmarkEvaluation<Scalar: NetworkScalar>(
    _ networkCase: NetworkCase, _: Scalar.Type, _ repetitions: Int, _ rounds: Int
  ) throws -> EvaluationBenchmark {
    let (x, y, w1, w2) = (
      networkCase.x.converted(to: Scalar.self), networkCase.y.converted(to: Scalar.self),
      networkCase.w1.converted(to: Scalar.self), networkCase.w2.converted(to: Scalar.self)
    )
    let (semantics, loss) = (networkCase.semantics, networkCase.loss)
    let count = max(repetitions, 1)
    var roundTrips: [Double] = []
    var numpyTimes: [Double] = []
    for round in 0...max(rounds, 1) {  // round 0 warms up and is discarded
      var times: [Double] = []
      times.reserveCapacity(count)
      for _ in 0..<count {
        let start = DispatchTime.now().uptimeNanoseconds
        _ = try evaluate(x: x, y: y, w1: w1, w2: w2, semantics: semantics, loss: loss)
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
      }
      let numpy = try runtime.withMatrices([x, y, w1, w2]) { (views) throws(PythonError) in
        let result = try runtime.call(
          runtime.timeEvaluateFunction,
          [.int(count)] + runtime.options(Scalar.dtype, semantics, loss) + views)
        defer { runtime.api.decRef(result) }
        return try runtime.double(result)
      }
      if round > 0 {
        roundTrips.append(median(times))
        numpyTimes.append(numpy)
      }
    }
    return EvaluationBenchmark(
      roundTripMedian: median(roundTrips), numpyMedian: median(numpyTimes),
      bridgeOverheadMedian: median(zip(roundTrips, numpyTimes).map { $0 - $1 }))
  }

  /// Median seconds NumPy spends on one SGD step — forward, loss, both gradients, update —
  /// in `reference` semantics with dropout rate `dropout` and the fixed keep-mask `mask`
  /// (B × H of 0/1): one epoch of `nnparity_reference.train`, timed inside Python.
  public func trainingStepSeconds<Scalar: NetworkScalar>(
    x: Matrix<Scalar>, y: Matrix<Scalar>, w1: Matrix<Scalar>, w2: Matrix<Scalar>,
    mask: Matrix<Scalar>, learningRate: Double, dropout: Double, repetitions: Int = 1_000
  ) throws -> Double {
    try runtime.withMatrices([x, y, w1, w2, mask]) { (views) throws(PythonError) in
      let result = try runtime.call(
        runtime.timeTrainStepFunction,
        [
          .int(max(repetitions, 1)), .object(runtime.name(Scalar.dtype)),
          .double(learningRate), .double(dropout), views[12],
        ] + views.prefix(12))
      defer { runtime.api.decRef(result) }
      return try runtime.double(result)
    }
  }

  /// Median wall-clock seconds of running the reference as a separate process,
  /// `INTERPRETER reference/nnparity_reference.py CASE`, output discarded: the cost of
  /// checking a case without the embedded bridge.
  public func spawnSeconds(caseFile: String, repetitions: Int = 10) throws -> Double {
    let script = runtime.environment.referenceDirectory + "/nnparity_reference.py"
    var times: [Double] = []
    for _ in 0..<max(repetitions, 1) {
      let start = DispatchTime.now().uptimeNanoseconds
      _ = try PythonInterpreter.run(runtime.interpreter.path, arguments: [script, caseFile])
      times.append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
    }
    return median(times)
  }
}

/// The median (mean of the middle two for an even count); 0 for none.
func median(_ values: [Double]) -> Double {
  guard !values.isEmpty else { return 0 }
  let sorted = values.sorted()
  let middle = sorted.count / 2
  return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}
