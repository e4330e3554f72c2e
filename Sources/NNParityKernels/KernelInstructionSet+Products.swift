/// The matrix products with each instruction set's register tiles.
///
/// `c (m × n) = op(a) · op(b)` (or `+=`), where `op(a)` (m × k) and `op(b)` (k × n) are
/// read through strides, so a transposed operand costs nothing: element `(r, c)` of
/// `op(a)` is `a[r · aRowStride + c · aColumnStride]`. `c` is row-major with row stride
/// `cRowStride`. `scratch` must hold `scratchCount(rows:columns:depth:of:)` scalars; it is
/// overwritten. With `threads` above 1 a large product runs on up to that many threads,
/// each computing a band of rows or columns of `c` (never a part of the depth sum), so the
/// results are bit-identical to one thread's; `scratch` must then hold the
/// `scratchCount(…threads:)` for the same thread count. The blocking and packing are the same for every set; only the register
/// tile (a C function compiled for the set) and the block sizes that suit it differ. The
/// callers choose the set at run time from the CPU's features, and must not use one the
/// CPU lacks.
extension KernelInstructionSet {
  /// Bytes of one vector register: a register tile is two vectors wide.
  var vectorBytes: Int {
    switch self {
    case .baseline: 16
    case .avx2: 32
    case .avx512: 64
    }
  }

  /// The depth of a packed block: its micro-panel of `op(b)` (two vectors per depth step)
  /// stays in a 32 KiB L1 cache. Every element is summed in blocks of this depth, so it is
  /// part of each set's results.
  var blockDepth: Int {
    switch self {
    case .baseline, .avx2: 256
    case .avx512: 128
    }
  }

  /// The scratch scalars a product of this shape needs on up to `threads` threads.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  package func scratchCount<Scalar: KernelScalar>(
    _: Scalar.Type, m: Int, n: Int, k: Int, threads: Int = 1
  ) -> Int {
    parallelScratchCount(Scalar.self, self, m, n, k, threads: threads)
  }

  /// `c = op(a) · op(b)` (or `+=` when `accumulate`), `c` row-major and contiguous;
  /// `scratch` holds at least `scratchCount(Scalar.self, m:n:k:threads:)` scalars; up to
  /// `threads` threads, bit-identical to one. Specialized here for Float and Double, so a
  /// caller in another module runs the specialized code.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  @inline(never)
  package func multiply<Scalar: KernelScalar>(
    _ a: MatrixOperand<Scalar>, _ b: MatrixOperand<Scalar>,
    into c: UnsafeMutablePointer<Scalar>, accumulate: Bool = false,
    scratch: UnsafeMutablePointer<Scalar>, threads: Int = 1
  ) {
    precondition(a.columns == b.rows, "inner dimensions differ: \(a.columns) and \(b.rows)")
    multiplyInParallel(
      self, a.rows, b.columns, a.columns, a.operand, b.operand, into: c, cRowStride: b.columns,
      accumulate: accumulate, scratch: scratch, threads: threads)
  }
}
