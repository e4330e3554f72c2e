/// The matrix products of this build of the kernels, for one instruction set.
///
/// `c (m × n) = op(a) · op(b)` (or `+=`), where `op(a)` (m × k) and `op(b)` (k × n) are
/// read through strides, so a transposed operand costs nothing: element `(r, c)` of
/// `op(a)` is `a[r · aRowStride + c · aColumnStride]`. `c` is row-major with row stride
/// `cRowStride`. `scratch` must hold `scratchCount(rows:columns:depth:of:)` scalars; it is
/// overwritten. The callers choose the build at run time from the CPU's features.
public enum Products {
  /// The instruction set this build was compiled for: `baseline`, `avx2` or `avx512`.
  public static var instructionSet: String { Build.instructionSet }

  /// The scratch scalars a Float product of this shape needs.
  public static func scratchCount(rows m: Int, columns n: Int, depth k: Int, of _: Float.Type)
    -> Int
  {
    packedScratchCount(Float.self, m, n, k)
  }

  /// The scratch scalars a Double product of this shape needs.
  public static func scratchCount(rows m: Int, columns n: Int, depth k: Int, of _: Double.Type)
    -> Int
  {
    packedScratchCount(Double.self, m, n, k)
  }

  /// The Float product; see ``Products``.
  @inline(never)
  public static func multiply(
    rows m: Int, columns n: Int, depth k: Int,
    a: UnsafePointer<Float>, aRowStride: Int, aColumnStride: Int,
    b: UnsafePointer<Float>, bRowStride: Int, bColumnStride: Int,
    c: UnsafeMutablePointer<Float>, cRowStride: Int, accumulate: Bool,
    scratch: UnsafeMutablePointer<Float>
  ) {
    multiplyBlocked(
      m, n, k, Operand(base: a, rowStride: aRowStride, columnStride: aColumnStride),
      Operand(base: b, rowStride: bRowStride, columnStride: bColumnStride),
      into: c, cRowStride: cRowStride, accumulate: accumulate, scratch: scratch)
  }

  /// The Double product; see ``Products``.
  @inline(never)
  public static func multiply(
    rows m: Int, columns n: Int, depth k: Int,
    a: UnsafePointer<Double>, aRowStride: Int, aColumnStride: Int,
    b: UnsafePointer<Double>, bRowStride: Int, bColumnStride: Int,
    c: UnsafeMutablePointer<Double>, cRowStride: Int, accumulate: Bool,
    scratch: UnsafeMutablePointer<Double>
  ) {
    multiplyBlocked(
      m, n, k, Operand(base: a, rowStride: aRowStride, columnStride: aColumnStride),
      Operand(base: b, rowStride: bRowStride, columnStride: bColumnStride),
      into: c, cRowStride: cRowStride, accumulate: accumulate, scratch: scratch)
  }
}
