/// The intermediate values of a forward pass, kept for the backward pass.
public struct ForwardPass<Scalar: NetworkScalar>: Sendable {
  /// `x · w1`.
  public var z1: Matrix<Scalar>
  /// `max(0, z1)`.
  public var a1: Matrix<Scalar>
  /// `a1` after dropout (equal to `a1` without it).
  public var dropped: Matrix<Scalar>
  /// The row softmax of `dropped · w2`.
  public var softmax: RowSoftmax<Scalar>
}

extension Network {
  /// The forward pass, loss and gradients at the current weights, without dropout.
  public func evaluate(
    _ x: Matrix<Scalar>, targets y: Matrix<Scalar>, semantics: Semantics, loss: CrossEntropy
  ) -> Evaluation<Scalar> {
    pass(x, targets: y, dropout: nil, semantics: semantics, loss: loss)
  }

  /// The forward pass, with dropout when `dropout` is given.
  ///
  /// `reference` drops with inverted dropout (`a1 ⊙ mask / (1 − q)`); `notebook`
  /// multiplies by the mask without rescaling, as the notebook's NumPy cell does.
  public func forward(_ x: Matrix<Scalar>, dropout: DropoutMask<Scalar>?, semantics: Semantics)
    -> ForwardPass<Scalar>
  {
    precondition(x.columns == inputCount, "x has \(x.columns) columns, w1 has \(inputCount) rows")
    let z1 = Matrix.product(x, w1)
    let a1 = z1.map { Swift.max(0, $0) }
    var dropped = a1
    if let dropout {
      precondition(dropout.keep.hasSameShape(as: a1), "the dropout mask has the wrong shape")
      let scale = dropout.scale
      for i in dropped.elements.indices {
        let kept = a1.elements[i] * dropout.keep.elements[i]
        dropped.elements[i] = semantics == .reference ? kept * scale : kept
      }
    }
    return ForwardPass(
      z1: z1, a1: a1, dropped: dropped, softmax: RowSoftmax(logits: Matrix.product(dropped, w2)))
  }

  /// One forward and backward pass, with dropout when `dropout` is given.
  ///
  /// `reference` differentiates the dropped network; `notebook` uses `p − y` and ignores
  /// the mask going back, exactly as the notebook's NumPy cell does.
  public func pass(
    _ x: Matrix<Scalar>, targets y: Matrix<Scalar>, dropout: DropoutMask<Scalar>?,
    semantics: Semantics, loss: CrossEntropy
  ) -> Evaluation<Scalar> {
    precondition(y.rows == x.rows && y.columns == outputCount, "y has the wrong shape")
    let forward = forward(x, dropout: dropout, semantics: semantics)
    let dz2 = loss.logitGradient(forward.softmax, targets: y, semantics: semantics)
    // The notebook's backward pass uses the undropped activations.
    let gradientW2 = Matrix.product(
      semantics == .reference ? forward.dropped : forward.a1, dz2, transposeA: .transposed)
    var dz1 = Matrix.product(dz2, w2, transposeB: .transposed)
    for i in dz1.elements.indices {
      var value = dz1.elements[i]
      if let dropout, semantics == .reference {
        value = value * dropout.keep.elements[i] * dropout.scale
      }
      dz1.elements[i] = value * (forward.z1.elements[i] > 0 ? 1 : 0)
    }
    let gradientW1 = Matrix.product(x, dz1, transposeA: .transposed)
    return Evaluation(
      probabilities: forward.softmax.probabilities,
      loss: loss.value(forward.softmax, targets: y),
      gradientW1: gradientW1, gradientW2: gradientW2)
  }
}
