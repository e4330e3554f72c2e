import NNParity

/// The timings `nnparity bench` takes inside Python, through the bridge's `time_…`
/// functions (`reference/nnparity_bridge.py`).
extension NumPyReference {
  /// Seconds NumPy itself spends on `count` calls of `nnparity_reference.evaluate` on these
  /// inputs, timed inside Python with `time.perf_counter` in a loop over arrays made once.
  package func evaluationLoopSeconds<Scalar: NetworkScalar>(
    count: Int, x: Matrix<Scalar>, y: Matrix<Scalar>, w1: Matrix<Scalar>, w2: Matrix<Scalar>,
    semantics: Semantics, loss: CrossEntropy
  ) throws -> Double {
    try runtime.withInputs(x, y, w1, w2) { inputs in
      let result = try runtime.call(
        runtime.timeEvaluateFunction,
        [.int(count)] + inputs.map { .object($0) } + runtime.options(semantics, loss))
      defer { runtime.api.decRef(result) }
      return try runtime.double(result)
    }
  }

  /// Median seconds NumPy spends on one SGD step — forward, loss, both gradients, update —
  /// in `reference` semantics with dropout rate `dropout` and the fixed keep-mask `mask`
  /// (B × H of 0/1): one epoch of `nnparity_reference.train`, timed inside Python.
  package func trainingStepSeconds<Scalar: NetworkScalar>(
    x: Matrix<Scalar>, y: Matrix<Scalar>, w1: Matrix<Scalar>, w2: Matrix<Scalar>,
    mask: Matrix<Scalar>, learningRate: Double, dropout: Double, repetitions: Int = 1_000
  ) throws -> Double {
    try runtime.withInputs(x, y, w1, w2) { inputs in
      let maskArray = try runtime.newArray(stacking: [mask])
      defer { runtime.api.decRef(maskArray) }
      let result = try runtime.call(
        runtime.timeTrainStepFunction,
        [.int(max(repetitions, 1))] + inputs.map { .object($0) } + [
          .object(maskArray), .double(learningRate), .double(dropout),
        ])
      defer { runtime.api.decRef(result) }
      return try runtime.double(result)
    }
  }

  /// Median seconds of one SGD step of the peer `peer` (`reference/peers.py`: `plain_numpy`
  /// or `torch`) on these inputs with the fixed keep-mask
  /// `mask` (B × H of 0/1), over `repetitions` steps after a warm-up, with `threads` BLAS
  /// threads (nil: the library's default), timed inside Python
  /// (`nnparity_bridge.time_peer_step`).
  package func peerStepSeconds<Scalar: NetworkScalar>(
    peer: String, x: Matrix<Scalar>, y: Matrix<Scalar>, w1: Matrix<Scalar>,
    w2: Matrix<Scalar>, mask: Matrix<Scalar>, learningRate: Double, dropout: Double,
    threads: Int?, repetitions: Int
  ) throws -> Double {
    try runtime.withInputs(x, y, w1, w2) { inputs in
      let maskArray = try runtime.newArray(stacking: [mask])
      defer { runtime.api.decRef(maskArray) }
      let result = try runtime.call(
        runtime.timePeerStepFunction,
        [.string(peer), .int(max(repetitions, 1)), .int(max(threads ?? 0, 0))]
          + inputs.map { .object($0) } + [
            .object(maskArray), .double(learningRate), .double(dropout),
          ])
      defer { runtime.api.decRef(result) }
      return try runtime.double(result)
    }
  }

  /// Why the peer `peer` (`reference/peers.py`) cannot be timed here (PyTorch does not
  /// import, say), or nil.
  package func unavailableReason(ofPeer peer: String) throws -> String? {
    try runtime.withGIL {
      let result = try runtime.call(
        runtime.peerUnavailableReasonFunction, [.string(peer)])
      defer { runtime.api.decRef(result) }
      return result == runtime.api.none ? nil : runtime.api.describe(result)
    }
  }
}
