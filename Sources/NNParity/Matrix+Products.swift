/// Whether a product operand is used as stored or transposed.
public enum Transpose: Sendable {
  case none
  case transposed
}

extension Matrix {
  /// `op(a) · op(b)`, where `op` transposes an operand when asked, without ever
  /// materialising the transpose.
  public static func product(
    _ a: Matrix, _ b: Matrix, transposeA: Transpose = .none, transposeB: Transpose = .none
  ) -> Matrix {
    let (m, k) = transposeA == .none ? (a.rows, a.columns) : (a.columns, a.rows)
    let (kB, n) = transposeB == .none ? (b.rows, b.columns) : (b.columns, b.rows)
    precondition(k == kB, "inner dimensions differ: \(k) and \(kB)")
    var result = Matrix(rows: m, columns: n)
    result.elements.withUnsafeMutableBufferPointer { c in
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
public enum MatrixKernels {
  /// `c (m×n) = op(a) · op(b)` (or `+=` when `accumulate`), with `op(a)` m×k and `op(b)`
  /// k×n. Loops are ordered so the innermost one runs over contiguous memory.
  @inlinable
  public static func multiply<Scalar: NetworkScalar>(
    _ a: UnsafeBufferPointer<Scalar>, _ transposeA: Transpose,
    _ b: UnsafeBufferPointer<Scalar>, _ transposeB: Transpose,
    into c: UnsafeMutableBufferPointer<Scalar>, m: Int, n: Int, k: Int, accumulate: Bool
  ) {
    guard let c = c.baseAddress else { return }
    if !accumulate { c.update(repeating: 0, count: m &* n) }
    guard k > 0, let a = a.baseAddress, let b = b.baseAddress else { return }
    switch (transposeA, transposeB) {
    case (.none, .none), (.transposed, .none):
      // c[i, :] += a(i, p) · b[p, :]
      let (rowStride, depthStride) = transposeA == .none ? (k, 1) : (1, m)
      for i in 0..<m {
        let cRow = c + i &* n
        for p in 0..<k {
          let aip = a[i &* rowStride &+ p &* depthStride]
          let bRow = b + p &* n
          for j in 0..<n { cRow[j] += aip * bRow[j] }
        }
      }
    case (.none, .transposed):
      // c[i, j] += dot(a[i, :], b[j, :])
      for i in 0..<m {
        let aRow = a + i &* k
        for j in 0..<n {
          let bRow = b + j &* k
          var sum: Scalar = 0
          for p in 0..<k { sum += aRow[p] * bRow[p] }
          c[i &* n &+ j] += sum
        }
      }
    case (.transposed, .transposed):
      // c[i, j] += Σ_p a[p, i] · b[j, p]
      for i in 0..<m {
        for j in 0..<n {
          var sum: Scalar = 0
          for p in 0..<k { sum += a[p &* m &+ i] * b[j &* k &+ p] }
          c[i &* n &+ j] += sum
        }
      }
    }
  }
}
