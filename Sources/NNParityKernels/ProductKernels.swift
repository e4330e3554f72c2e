/// The matrix products with one instruction set's register tiles.
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
public enum ProductKernels: String, Sendable {
  /// The default target of the platform (SSE2 without FMA on x86-64; NEON on arm64).
  case baseline
  #if arch(x86_64)
    /// AVX2 with FMA.
    case avx2
    /// AVX-512 F, BW, DQ and VL.
    case avx512
  #endif

  /// Bytes of one vector register: a register tile is two vectors wide.
  var vectorBytes: Int {
    switch self {
    case .baseline: 16
    #if arch(x86_64)
      case .avx2: 32
      case .avx512: 64
    #endif
    }
  }

  /// The depth of a packed block: its micro-panel of `op(b)` (two vectors per depth step)
  /// stays in a 32 KiB L1 cache. Every element is summed in blocks of this depth, so it is
  /// part of each set's results.
  var blockDepth: Int {
    switch self {
    case .baseline: 256
    #if arch(x86_64)
      case .avx2: 256
      case .avx512: 128
    #endif
    }
  }

  /// The scratch scalars a Float product of this shape needs on up to `threads` threads.
  public func scratchCount(
    rows m: Int, columns n: Int, depth k: Int, of _: Float.Type, threads: Int = 1
  ) -> Int {
    parallelScratchCount(Float.self, self, m, n, k, threads: threads)
  }

  /// The scratch scalars a Double product of this shape needs on up to `threads` threads.
  public func scratchCount(
    rows m: Int, columns n: Int, depth k: Int, of _: Double.Type, threads: Int = 1
  ) -> Int {
    parallelScratchCount(Double.self, self, m, n, k, threads: threads)
  }

  /// The Float product; see ``ProductKernels``.
  @inline(never)
  public func multiply(
    rows m: Int, columns n: Int, depth k: Int,
    a: UnsafePointer<Float>, aRowStride: Int, aColumnStride: Int,
    b: UnsafePointer<Float>, bRowStride: Int, bColumnStride: Int,
    c: UnsafeMutablePointer<Float>, cRowStride: Int, accumulate: Bool,
    scratch: UnsafeMutablePointer<Float>, threads: Int = 1
  ) {
    multiplyInParallel(
      self, m, n, k, Operand(base: a, rowStride: aRowStride, columnStride: aColumnStride),
      Operand(base: b, rowStride: bRowStride, columnStride: bColumnStride),
      into: c, cRowStride: cRowStride, accumulate: accumulate, scratch: scratch,
      threads: threads)
  }

  /// The Double product; see ``ProductKernels``.
  @inline(never)
  public func multiply(
    rows m: Int, columns n: Int, depth k: Int,
    a: UnsafePointer<Double>, aRowStride: Int, aColumnStride: Int,
    b: UnsafePointer<Double>, bRowStride: Int, bColumnStride: Int,
    c: UnsafeMutablePointer<Double>, cRowStride: Int, accumulate: Bool,
    scratch: UnsafeMutablePointer<Double>, threads: Int = 1
  ) {
    multiplyInParallel(
      self, m, n, k, Operand(base: a, rowStride: aRowStride, columnStride: aColumnStride),
      Operand(base: b, rowStride: bRowStride, columnStride: bColumnStride),
      into: c, cRowStride: cRowStride, accumulate: accumulate, scratch: scratch,
      threads: threads)
  }
}
