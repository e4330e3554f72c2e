import NNParityKernels

extension KernelInstructionSet {
  /// The product kernels of this set.
  var products: ProductKernels {
    #if arch(x86_64)
      switch self {
      case .baseline: .baseline
      case .avx2: .avx2
      case .avx512: .avx512
      }
    #else
      // Only the baseline is ever supported here (see `supported`).
      .baseline
    #endif
  }
}

/// A row-major matrix in memory, read as itself or transposed: `op(x)` of a product.
struct StridedOperand<Scalar: NetworkScalar> {
  /// The first element.
  var base: UnsafePointer<Scalar>
  /// Rows and columns of `op(x)`.
  var rows: Int
  var columns: Int
  /// Distance between rows and between columns of `op(x)`.
  var rowStride: Int
  var columnStride: Int

  /// `op(x)` of the `rows × columns` row-major matrix at `base`.
  static func matrix(
    _ base: UnsafePointer<Scalar>, rows: Int, columns: Int, _ transpose: Transpose = .none
  ) -> StridedOperand {
    switch transpose {
    case .none:
      StridedOperand(base: base, rows: rows, columns: columns, rowStride: columns, columnStride: 1)
    case .transposed:
      StridedOperand(base: base, rows: columns, columns: rows, rowStride: 1, columnStride: columns)
    }
  }

  /// The operand with its element type reinterpreted (Scalar is `Other` at run time).
  func rebound<Other: NetworkScalar>(to _: Other.Type) -> StridedOperand<Other> {
    StridedOperand<Other>(
      base: UnsafeRawPointer(base).assumingMemoryBound(to: Other.self), rows: rows,
      columns: columns, rowStride: rowStride, columnStride: columnStride)
  }
}

extension ProductKernels {
  /// Scratch scalars for `op(a) · op(b)` with `op(a)` m × k and `op(b)` k × n.
  func scratchCount<Scalar: NetworkScalar>(
    _: Scalar.Type, m: Int, n: Int, k: Int, threads: Int = 1
  ) -> Int {
    Scalar.self == Float.self
      ? scratchCount(rows: m, columns: n, depth: k, of: Float.self, threads: threads)
      : scratchCount(rows: m, columns: n, depth: k, of: Double.self, threads: threads)
  }

  /// `c = op(a) · op(b)` (or `+=` when `accumulate`), `c` row-major and contiguous;
  /// `scratch` holds at least `scratchCount(Scalar.self, m:n:k:threads:)` scalars; up to
  /// `threads` threads, bit-identical to one.
  func multiply<Scalar: NetworkScalar>(
    _ a: StridedOperand<Scalar>, _ b: StridedOperand<Scalar>,
    into c: UnsafeMutablePointer<Scalar>, accumulate: Bool = false,
    scratch: UnsafeMutablePointer<Scalar>, threads: Int = 1
  ) {
    precondition(a.columns == b.rows, "inner dimensions differ: \(a.columns) and \(b.rows)")
    if Scalar.self == Float.self {
      let (a, b) = (a.rebound(to: Float.self), b.rebound(to: Float.self))
      multiply(
        rows: a.rows, columns: b.columns, depth: a.columns,
        a: a.base, aRowStride: a.rowStride, aColumnStride: a.columnStride,
        b: b.base, bRowStride: b.rowStride, bColumnStride: b.columnStride,
        c: rebound(c, to: Float.self), cRowStride: b.columns, accumulate: accumulate,
        scratch: rebound(scratch, to: Float.self), threads: threads)
    } else {
      precondition(Scalar.self == Double.self, "a NetworkScalar is Float or Double")
      let (a, b) = (a.rebound(to: Double.self), b.rebound(to: Double.self))
      multiply(
        rows: a.rows, columns: b.columns, depth: a.columns,
        a: a.base, aRowStride: a.rowStride, aColumnStride: a.columnStride,
        b: b.base, bRowStride: b.rowStride, bColumnStride: b.columnStride,
        c: rebound(c, to: Double.self), cRowStride: b.columns, accumulate: accumulate,
        scratch: rebound(scratch, to: Double.self), threads: threads)
    }
  }
}

/// `pointer` read as pointing to `Other` (the same type at run time).
private func rebound<Scalar, Other>(_ pointer: UnsafeMutablePointer<Scalar>, to _: Other.Type)
  -> UnsafeMutablePointer<Other>
{
  UnsafeMutableRawPointer(pointer).assumingMemoryBound(to: Other.self)
}
