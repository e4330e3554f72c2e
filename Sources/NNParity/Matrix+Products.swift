/// Whether a product operand is used as stored or transposed.
public enum Transpose: Sendable {
  /// The operand as stored.
  case none
  /// The operand's transpose (read through its strides, never copied).
  case transposed
}

extension Matrix {
  /// `op(a) · op(b)`, where `op` transposes an operand when asked, without ever
  /// materialising the transpose.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public static func product(
    _ a: Matrix, _ b: Matrix, transposeA: Transpose = .none, transposeB: Transpose = .none
  ) -> Matrix {
    let (m, k) = transposeA == .none ? (a.rows, a.columns) : (a.columns, a.rows)
    let (kB, n) = transposeB == .none ? (b.rows, b.columns) : (b.columns, b.rows)
    precondition(k == kB, "inner dimensions differ: \(k) and \(kB)")
    var result = Matrix(rows: m, columns: n)
    result.withUnsafeMutableElements { c in
      a.elements.withUnsafeBufferPointer { a in
        b.elements.withUnsafeBufferPointer { b in
          MatrixKernels.multiply(
            a, transposeA, b, transposeB, into: c, m: m, n: n, k: k, accumulate: false)
        }
      }
    }
    return result
  }
}

/// The matrix-product kernels behind `Matrix.product`, on raw row-major buffers.
package enum MatrixKernels {
  /// `c (m×n) = op(a) · op(b)` (or `+=` when `accumulate`), with `op(a)` m×k and `op(b)`
  /// k×n, computed by the kernels of `KernelInstructionSet.active`: cache- and
  /// register-blocked SIMD code, transposed operands read through their strides.
  package static func multiply<Scalar: NetworkScalar>(
    _ a: UnsafeBufferPointer<Scalar>, _ transposeA: Transpose,
    _ b: UnsafeBufferPointer<Scalar>, _ transposeB: Transpose,
    into c: UnsafeMutableBufferPointer<Scalar>, m: Int, n: Int, k: Int, accumulate: Bool
  ) {
    multiply(
      a, transposeA, b, transposeB, into: c, m: m, n: n, k: k, accumulate: accumulate,
      using: KernelInstructionSet.active)
  }

  /// The same product computed by the kernels of `instructionSet`, which must be one of
  /// `KernelInstructionSet.supported`, on up to `threads` threads (bit-identical to one).
  package static func multiply<Scalar: NetworkScalar>(
    _ a: UnsafeBufferPointer<Scalar>, _ transposeA: Transpose,
    _ b: UnsafeBufferPointer<Scalar>, _ transposeB: Transpose,
    into c: UnsafeMutableBufferPointer<Scalar>, m: Int, n: Int, k: Int, accumulate: Bool,
    using instructionSet: KernelInstructionSet, threads: Int = 1
  ) {
    precondition(
      KernelInstructionSet.supported.contains(instructionSet),
      "this CPU cannot run the \(instructionSet) kernels")
    precondition(a.count == m * k && b.count == k * n && c.count == m * n, "shape mismatch")
    guard m > 0, n > 0, let cBase = c.baseAddress else { return }
    guard k > 0, let aBase = a.baseAddress, let bBase = b.baseAddress else {
      if !accumulate { c.update(repeating: 0) }
      return
    }
    let (aRows, aColumns) = transposeA == .none ? (m, k) : (k, m)
    let (bRows, bColumns) = transposeB == .none ? (k, n) : (n, k)
    let scratchCount = instructionSet.scratchCount(
      Scalar.self, m: m, n: n, k: k, threads: threads)
    withUnsafeTemporaryAllocation(of: Scalar.self, capacity: Swift.max(scratchCount, 1)) {
      scratch in
      guard let scratch = scratch.baseAddress else { return }
      instructionSet.multiply(
        .matrix(aBase, rows: aRows, columns: aColumns, transposeA),
        .matrix(bBase, rows: bRows, columns: bColumns, transposeB),
        into: cBase, accumulate: accumulate, scratch: scratch, threads: threads)
    }
  }
}

extension MatrixOperand {
  /// `op(x)` of the `rows × columns` row-major matrix at `base`.
  static func matrix(
    _ base: UnsafePointer<Scalar>, rows: Int, columns: Int, _ transpose: Transpose = .none
  ) -> MatrixOperand {
    MatrixOperand(base, rows: rows, columns: columns, transposed: transpose == .transposed)
  }
}
