/// The fused element-wise passes over the hidden layer (B × H) and the SGD update, on raw
/// buffers: one sweep each where NumPy makes several temporaries. Each element sees the
/// operations of the spec, in its order, so the results are NumPy's to the bit. Large
/// passes run on up to `threads` threads (``ElementwiseParts``).
enum HiddenLayer {
  /// A dropout keep-mask and its factor, as one pass applies them.
  struct Dropout<Scalar: NetworkScalar> {
    /// The keep-mask, 0 or 1 per element.
    var keep: UnsafePointer<Scalar>
    /// `1 / (1 − q)`, applied in `reference` semantics only.
    var scale: Scalar
  }

  /// `a1 = max(0, z1)` into `activations` (when given), and the input of the second layer
  /// into `dropped`: `(a1 ⊙ keep) ⊙ scale` in `reference` semantics, `a1 ⊙ keep` in
  /// `notebook`, `a1` itself without dropout.
  static func activate<Scalar: NetworkScalar>(
    _ z1: UnsafePointer<Scalar>, count: Int, activations: UnsafeMutablePointer<Scalar>?,
    dropped: UnsafeMutablePointer<Scalar>, dropout: Dropout<Scalar>?, semantics: Semantics,
    threads: Int = 1
  ) {
    ElementwiseParts.run(count: count, threads: threads) { part in
      switch (dropout, semantics) {
      case (nil, _):
        for i in part { dropped[i] = Swift.max(0, z1[i]) }
      case (let dropout?, .reference):
        let (keep, scale) = (dropout.keep, dropout.scale)
        for i in part { dropped[i] = Swift.max(0, z1[i]) * keep[i] * scale }
      case (let dropout?, .notebook):
        for i in part { dropped[i] = Swift.max(0, z1[i]) * dropout.keep[i] }
      }
      if let activations {
        for i in part { activations[i] = Swift.max(0, z1[i]) }
      }
    }
  }

  /// `dz1 = da1 ⊙ [z1 > 0]`, in place; in `reference` semantics with dropout,
  /// `((da1 ⊙ keep) ⊙ scale) ⊙ [z1 > 0]`.
  static func maskGradient<Scalar: NetworkScalar>(
    _ gradient: UnsafeMutablePointer<Scalar>, z1: UnsafePointer<Scalar>, count: Int,
    dropout: Dropout<Scalar>?, semantics: Semantics, threads: Int = 1
  ) {
    ElementwiseParts.run(count: count, threads: threads) { part in
      if let dropout, semantics == .reference {
        let (keep, scale) = (dropout.keep, dropout.scale)
        for i in part {
          gradient[i] = gradient[i] * keep[i] * scale * (z1[i] > 0 ? 1 : 0)
        }
      } else {
        for i in part { gradient[i] = gradient[i] * (z1[i] > 0 ? 1 : 0) }
      }
    }
  }

  /// `w −= rate · g`: the product rounded, then the difference, as NumPy's
  /// `w - lr * g`.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  static func descend<Scalar: NetworkScalar>(
    _ weights: UnsafeMutablePointer<Scalar>, along gradient: UnsafePointer<Scalar>, count: Int,
    rate: Scalar, threads: Int = 1
  ) {
    ElementwiseParts.run(count: count, threads: threads) { part in
      for i in part { weights[i] = weights[i] - rate * gradient[i] }
    }
  }
}
