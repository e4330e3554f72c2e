/// The intermediate values of a forward pass, kept for the backward pass.
public struct ForwardPass<Scalar: NetworkScalar>: Sendable {
  /// `x · w1`.
  public let z1: Matrix<Scalar>
  /// `max(0, z1)`.
  public let a1: Matrix<Scalar>
  /// `a1` after dropout (equal to `a1` without it).
  public let dropped: Matrix<Scalar>
  /// The row softmax of `dropped · w2`.
  public let softmax: RowSoftmax<Scalar>
}

extension Network {
  /// The forward pass, loss and gradients at the current weights, without dropout.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func evaluate(
    _ x: Matrix<Scalar>, targets y: Matrix<Scalar>, semantics: Semantics, loss: CrossEntropy
  ) -> Evaluation<Scalar> {
    pass(x, targets: y, dropout: nil, semantics: semantics, loss: loss)
  }

  /// The forward pass, with dropout when `dropout` is given.
  ///
  /// `reference` drops with inverted dropout (`a1 ⊙ mask / (1 − q)`); `notebook`
  /// multiplies by the mask without rescaling, as the notebook's NumPy cell does.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func forward(_ x: Matrix<Scalar>, dropout: DropoutMask<Scalar>?, semantics: Semantics)
    -> ForwardPass<Scalar>
  {
    precondition(x.columns == inputCount, "x has \(x.columns) columns, w1 has \(inputCount) rows")
    let z1 = Matrix.product(x, w1)
    var a1 = z1
    var dropped = z1
    a1.withUnsafeMutableElements { a1 in
      dropped.withUnsafeMutableElements { dropped in
        z1.elements.withUnsafeBufferPointer { z1 in
          Self.withDropout(dropout, batch: x.rows, hidden: hiddenCount) { dropout in
            guard let z1 = z1.baseAddress, let a1 = a1.baseAddress, let d = dropped.baseAddress
            else { return }
            HiddenLayer.activate(
              z1, count: x.rows * hiddenCount, activations: a1, dropped: d, dropout: dropout,
              semantics: semantics)
          }
        }
      }
    }
    return ForwardPass(
      z1: z1, a1: a1, dropped: dropped, softmax: RowSoftmax(logits: Matrix.product(dropped, w2)))
  }

  /// One forward and backward pass, with dropout when `dropout` is given.
  ///
  /// `reference` differentiates the dropped network; `notebook` uses `p − y` and ignores
  /// the mask going back, exactly as the notebook's NumPy cell does.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func pass(
    _ x: Matrix<Scalar>, targets y: Matrix<Scalar>, dropout: DropoutMask<Scalar>?,
    semantics: Semantics, loss: CrossEntropy
  ) -> Evaluation<Scalar> {
    let workspace = NetworkWorkspace<Scalar>(
      batch: x.rows, inputs: inputCount, hidden: hiddenCount, outputs: outputCount)
    let value = Self.withDropout(dropout, batch: x.rows, hidden: hiddenCount) { dropout in
      pass(x, targets: y, dropout: dropout, semantics: semantics, loss: loss, in: workspace)
    }
    func copy(_ source: UnsafeMutablePointer<Scalar>, _ rows: Int, _ columns: Int) -> Matrix<Scalar>
    {
      Matrix(
        rows: rows, columns: columns,
        elements: Array(UnsafeBufferPointer(start: source, count: rows * columns)))
    }
    return Evaluation(
      probabilities: copy(workspace.probabilities, x.rows, outputCount), loss: value,
      gradientW1: copy(workspace.gradientW1, inputCount, hiddenCount),
      gradientW2: copy(workspace.gradientW2, hiddenCount, outputCount))
  }

  /// One forward and backward pass in `workspace`, which then holds the probabilities and
  /// both gradients; returns the loss.
  func pass(
    _ x: Matrix<Scalar>, targets y: Matrix<Scalar>, dropout: HiddenLayer.Dropout<Scalar>?,
    semantics: Semantics, loss: CrossEntropy, in workspace: NetworkWorkspace<Scalar>
  ) -> Scalar {
    if let mismatch = workspace.mismatch(self, batch: x) { preconditionFailure(mismatch) }
    precondition(
      y.rows == x.rows && y.columns == outputCount && y.elements.count == x.rows * outputCount,
      "y is \(y.rows)×\(y.columns), expected B×O = \(x.rows)×\(outputCount)")
    return x.elements.withUnsafeBufferPointer { x in
      y.elements.withUnsafeBufferPointer { y in
        w1.elements.withUnsafeBufferPointer { w1 in
          w2.elements.withUnsafeBufferPointer { w2 in
            guard let x = x.baseAddress, let y = y.baseAddress, let w1 = w1.baseAddress,
              let w2 = w2.baseAddress
            else { preconditionFailure("every size of the network is at least 1") }
            return workspace.pass(
              x, targets: y, w1: w1, w2: w2, dropout: dropout, semantics: semantics, loss: loss)
          }
        }
      }
    }
  }

  /// Calls `body` with the raw form of `mask`, a keep-mask for a batch of `batch` samples
  /// of `hidden` units.
  ///
  /// The one place a mask becomes a raw pointer, so the one place its shape is checked: the
  /// fused passes read `batch × hidden` values through it. Static, so that a mutating `body`
  /// (a training step) does not run while a copy of the network is alive: the step would
  /// then copy w1 and w2 to update them.
  static func withDropout<Result>(
    _ mask: DropoutMask<Scalar>?, batch: Int, hidden: Int,
    _ body: (HiddenLayer.Dropout<Scalar>?) -> Result
  ) -> Result {
    guard let mask else { return body(nil) }
    let keep = mask.keep
    precondition(
      keep.rows == batch && keep.columns == hidden && keep.elements.count == batch * hidden,
      "the dropout mask is \(keep.rows)×\(keep.columns), expected B×H = \(batch)×\(hidden)")
    return keep.elements.withUnsafeBufferPointer { keep in
      guard let keep = keep.baseAddress else { preconditionFailure("an empty dropout mask") }
      return body(HiddenLayer.Dropout(keep: keep, scale: mask.scale))
    }
  }
}

extension NetworkWorkspace {
  /// The pass on raw row-major buffers, in the spec's order: forward, softmax, loss,
  /// `∂L/∂z2`, `gW2`, `∂L/∂z1`, `gW1`. Five products, three fused element-wise sweeps.
  /// Pre-specialized, so that generic callers in other modules run Float or Double code.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  func pass(
    _ x: UnsafePointer<Scalar>, targets y: UnsafePointer<Scalar>, w1: UnsafePointer<Scalar>,
    w2: UnsafePointer<Scalar>, dropout: HiddenLayer.Dropout<Scalar>?, semantics: Semantics,
    loss: CrossEntropy
  ) -> Scalar {
    let (b, i, h, o) = (batch, inputs, hidden, outputs)
    instructionSet.multiply(
      .matrix(x, rows: b, columns: i), .matrix(w1, rows: i, columns: h), into: z1,
      scratch: scratch, threads: threads)
    // The notebook's backward pass needs the undropped activations; otherwise the second
    // layer's input is all it needs.
    let keepsActivations = dropout != nil && semantics == .notebook
    HiddenLayer.activate(
      z1, count: b * h, activations: keepsActivations ? activations : nil, dropped: dropped,
      dropout: dropout, semantics: semantics, threads: threads)
    instructionSet.multiply(
      .matrix(dropped, rows: b, columns: h), .matrix(w2, rows: h, columns: o), into: shifted,
      scratch: scratch, threads: threads)
    RowSoftmax.compute(
      shifting: shifted, rows: b, columns: o, probabilities: probabilities,
      logRowSums: logRowSums)
    let softmax = LogitRows<Scalar>(
      shifted: shifted, probabilities: probabilities, logRowSums: logRowSums, rows: b,
      columns: o)
    let value = loss.value(softmax, targets: y)
    loss.logitGradient(
      softmax, targets: y, semantics: semantics, into: logitGradient, rowScratch: rowScratch)
    instructionSet.multiply(
      .matrix(keepsActivations ? activations : dropped, rows: b, columns: h, .transposed),
      .matrix(logitGradient, rows: b, columns: o), into: gradientW2, scratch: scratch,
      threads: threads)
    instructionSet.multiply(
      .matrix(logitGradient, rows: b, columns: o), .matrix(w2, rows: h, columns: o, .transposed),
      into: hiddenGradient, scratch: scratch, threads: threads)
    HiddenLayer.maskGradient(
      hiddenGradient, z1: z1, count: b * h, dropout: dropout, semantics: semantics,
      threads: threads)
    instructionSet.multiply(
      .matrix(x, rows: b, columns: i, .transposed), .matrix(hiddenGradient, rows: b, columns: h),
      into: gradientW1, scratch: scratch, threads: threads)
    return value
  }
}
