import NNParity

/// The step as a user would write it, for `nnparity bench`: `reference/peers.py`.
package enum BenchPeer: String, Sendable, CaseIterable {
  /// The notebook's NumPy cells, nothing else (`peers.plain_numpy_step`).
  case plainNumPy = "plain_numpy"
  /// PyTorch's CPU step with autograd, when `torch` imports.
  case torch
}

extension NumPyReference {
  /// Median seconds of one SGD step of `peer` on these inputs with the fixed keep-mask
  /// `mask` (B × H of 0/1), over `repetitions` steps after a warm-up, with `threads` BLAS
  /// threads (nil: the library's default), timed inside Python
  /// (`nnparity_bridge.time_peer_step`).
  package func peerStepSeconds<Scalar: NetworkScalar>(
    _ peer: BenchPeer, x: Matrix<Scalar>, y: Matrix<Scalar>, w1: Matrix<Scalar>,
    w2: Matrix<Scalar>, mask: Matrix<Scalar>, learningRate: Double, dropout: Double,
    threads: Int?, repetitions: Int
  ) throws -> Double {
    try runtime.withInputs(x, y, w1, w2) { inputs in
      let maskArray = try runtime.newArray(stacking: [mask])
      defer { runtime.api.decRef(maskArray) }
      let result = try runtime.call(
        runtime.timePeerStepFunction,
        [.string(peer.rawValue), .int(max(repetitions, 1)), .int(max(threads ?? 0, 0))]
          + inputs.map { .object($0) } + [
            .object(maskArray), .double(learningRate), .double(dropout),
          ])
      defer { runtime.api.decRef(result) }
      return try runtime.double(result)
    }
  }

  /// Why `peer` cannot be timed here (PyTorch does not import, say), or nil.
  package func unavailableReason(of peer: BenchPeer) throws -> String? {
    try runtime.withGIL {
      let result = try runtime.call(
        runtime.peerUnavailableReasonFunction, [.string(peer.rawValue)])
      defer { runtime.api.decRef(result) }
      return result == runtime.api.none ? nil : runtime.api.describe(result)
    }
  }
}
