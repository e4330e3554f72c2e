extension Network {
  /// The forward pass, loss and gradients at the current weights, without dropout.
  public func evaluate(
    _ x: Matrix<Scalar>, targets y: Matrix<Scalar>, semantics: Semantics, loss: CrossEntropy
  ) -> Evaluation<Scalar> {
    pass(x, targets: y, dropout: nil, semantics: semantics, loss: loss)
  }

  /// One forward and backward pass, with dropout when `dropout` is given.
  ///
  /// `reference` drops with inverted dropout and differentiates the dropped network;
  /// `notebook` multiplies by the mask without rescaling and ignores it going back,
  /// exactly as the notebook's NumPy cell does.
  public func pass(
    _ x: Matrix<Scalar>, targets y: Matrix<Scalar>, dropout: DropoutMask<Scalar>?,
    semantics: Semantics, loss: CrossEntropy
  ) -> Evaluation<Scalar> {
    precondition(x.columns == inputCount, "x has \(x.columns) columns, w1 has \(inputCount) rows")
    precondition(y.rows == x.rows && y.columns == outputCount, "y has the wrong shape")
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
    let softmax = RowSoftmax(logits: Matrix.product(dropped, w2))
    let lossValue = loss.value(softmax, targets: y)
    let dz2 = loss.logitGradient(softmax, targets: y, semantics: semantics)
    // The notebook's backward pass uses the undropped activations.
    let gradientW2 = Matrix.product(
      semantics == .reference ? dropped : a1, dz2, transposeA: .transposed)
    var dz1 = Matrix.product(dz2, w2, transposeB: .transposed)
    for i in dz1.elements.indices {
      var value = dz1.elements[i]
      if let dropout, semantics == .reference {
        value = value * dropout.keep.elements[i] * dropout.scale
      }
      dz1.elements[i] = value * (z1.elements[i] > 0 ? 1 : 0)
    }
    let gradientW1 = Matrix.product(x, dz1, transposeA: .transposed)
    return Evaluation(
      probabilities: softmax.probabilities, loss: lossValue,
      gradientW1: gradientW1, gradientW2: gradientW2)
  }
}
