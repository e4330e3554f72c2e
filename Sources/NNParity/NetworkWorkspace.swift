import NNParityKernels

/// Every buffer a forward and backward pass of one batch shape needs, allocated (and
/// touched) once, so that a training loop allocates nothing per epoch.
///
/// Make one for a shape and pass it to `Network.step(…, workspace:)` as often as needed;
/// `Network.train` makes its own. Not for concurrent use.
public final class NetworkWorkspace<Scalar: NetworkScalar> {
  /// The batch size B.
  public let batch: Int
  /// The number of inputs I.
  public let inputs: Int
  /// The number of hidden units H.
  public let hidden: Int
  /// The number of outputs O.
  public let outputs: Int
  /// The kernels the products use.
  public let instructionSet: KernelInstructionSet
  /// The most threads a product may run on: each large product's output is split into bands
  /// of rows or columns, one per thread, never its depth sum, so the results are
  /// bit-identical to one thread's. 1 (the default) runs everything on the caller's thread.
  public let threads: Int

  /// B × H: `z1`, `max(0, z1)` (written only when the pass needs it apart from the
  /// dropped activations), the input of the second layer, then `∂L/∂z1`.
  let z1: UnsafeMutablePointer<Scalar>
  let activations: UnsafeMutablePointer<Scalar>
  let dropped: UnsafeMutablePointer<Scalar>
  let hiddenGradient: UnsafeMutablePointer<Scalar>
  /// B × O: `z2`, shifted in place to `z2 − rowmax`; `p`; `∂L/∂z2`.
  let shifted: UnsafeMutablePointer<Scalar>
  let probabilities: UnsafeMutablePointer<Scalar>
  let logitGradient: UnsafeMutablePointer<Scalar>
  /// B: `log rowsum(exp(z2 − rowmax))`.
  let logRowSums: UnsafeMutablePointer<Scalar>
  /// O: one row of the loss gradient's intermediate.
  let rowScratch: UnsafeMutablePointer<Scalar>
  /// I × H and H × O: the gradients.
  let gradientW1: UnsafeMutablePointer<Scalar>
  let gradientW2: UnsafeMutablePointer<Scalar>
  /// The packing space of the largest product.
  let scratch: UnsafeMutablePointer<Scalar>

  private var allocations: [UnsafeMutablePointer<Scalar>] = []

  /// A workspace for batches of `batch` samples through a network of `inputs`, `hidden`
  /// and `outputs` units, computing its products with the kernels of `instructionSet`
  /// (one of `KernelInstructionSet.supported`) on up to `threads` threads (at least 1).
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public init(
    batch: Int, inputs: Int, hidden: Int, outputs: Int,
    instructionSet: KernelInstructionSet = .active, threads: Int = 1
  ) {
    precondition(batch >= 1 && inputs >= 1 && hidden >= 1 && outputs >= 1, "empty shape")
    precondition(
      KernelInstructionSet.supported.contains(instructionSet),
      "this CPU cannot run the \(instructionSet) kernels")
    (self.batch, self.inputs, self.hidden, self.outputs) = (batch, inputs, hidden, outputs)
    self.instructionSet = instructionSet
    self.threads = Swift.max(threads, 1)
    let (b, i, h, o) = (batch, inputs, hidden, outputs)
    let scratchCount =
      [(b, h, i), (b, o, h), (h, o, b), (b, h, o), (i, h, b)]
      .map {
        instructionSet.scratchCount(Scalar.self, m: $0.0, n: $0.1, k: $0.2, threads: threads)
      }
      .max() ?? 0
    var allocations: [UnsafeMutablePointer<Scalar>] = []
    func make(_ count: Int) -> UnsafeMutablePointer<Scalar> {
      let pointer = UnsafeMutablePointer<Scalar>.allocate(capacity: Swift.max(count, 1))
      pointer.initialize(repeating: 0, count: Swift.max(count, 1))
      allocations.append(pointer)
      return pointer
    }
    (z1, activations, dropped) = (make(b * h), make(b * h), make(b * h))
    hiddenGradient = make(b * h)
    (shifted, probabilities, logitGradient) = (make(b * o), make(b * o), make(b * o))
    (logRowSums, rowScratch) = (make(b), make(o))
    (gradientW1, gradientW2, scratch) = (make(i * h), make(h * o), make(scratchCount))
    self.allocations = allocations
  }

  deinit {
    for pointer in allocations { pointer.deallocate() }
  }

  /// What does not fit, or nil when the workspace fits `network` and a batch `x`: every
  /// operand's shape and element count, since the pass reads them as raw buffers of
  /// exactly B × I, I × H and H × O values.
  func mismatch(_ network: Network<Scalar>, batch x: Matrix<Scalar>) -> String? {
    let operands = [
      ("x", x, batch, inputs, "B×I"), ("w1", network.w1, inputs, hidden, "I×H"),
      ("w2", network.w2, hidden, outputs, "H×O"),
    ]
    for (name, matrix, rows, columns, symbols) in operands
    where matrix.rows != rows || matrix.columns != columns
      || matrix.elements.count != rows * columns
    {
      return "\(name) is \(matrix.rows)×\(matrix.columns) with \(matrix.elements.count) "
        + "elements, but the workspace is for \(symbols) = \(rows)×\(columns)"
    }
    return nil
  }
}
