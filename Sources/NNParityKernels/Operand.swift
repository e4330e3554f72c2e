/// A read-only matrix operand of a product, `op(x)`, as a base address and two strides:
/// element `(r, c)` is at `base + r · rowStride + c · columnStride`. A transposed operand
/// is the stored matrix with its strides swapped; nothing is ever copied to transpose.
struct Operand<Scalar: KernelScalar> {
  var base: UnsafePointer<Scalar>
  var rowStride: Int
  var columnStride: Int

  /// The address of element `(row, column)`.
  @inline(__always)
  func address(_ row: Int, _ column: Int) -> UnsafePointer<Scalar> {
    base + (row &* rowStride &+ column &* columnStride)
  }

  /// The operand transposed (its strides swapped).
  @inline(__always)
  var transposed: Operand {
    Operand(base: base, rowStride: columnStride, columnStride: rowStride)
  }
}
