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

/// A row-major matrix in memory, read as itself or transposed: `op(x)` of a product, with
/// its shape.
package struct MatrixOperand<Scalar: KernelScalar> {
  /// Rows and columns of `op(x)`.
  package let rows: Int
  package let columns: Int
  let operand: Operand<Scalar>

  /// `op(x)` of the `rows × columns` row-major matrix at `base`, transposed when asked.
  package init(_ base: UnsafePointer<Scalar>, rows: Int, columns: Int, transposed: Bool = false) {
    let stored = Operand(base: base, rowStride: columns, columnStride: 1)
    (self.rows, self.columns, operand) =
      transposed ? (columns, rows, stored.transposed) : (rows, columns, stored)
  }
}
