/// The step as a user would write it, for `nnparity bench`: `reference/peers.py`.
package enum BenchPeer: String, Sendable, CaseIterable {
  /// The notebook's NumPy cells, nothing else (`peers.plain_numpy_step`).
  case plainNumPy = "plain_numpy"
  /// PyTorch's CPU step with autograd, when `torch` imports.
  case torch
}
