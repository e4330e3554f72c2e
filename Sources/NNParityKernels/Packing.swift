import CNNParityKernels

/// Packs the block `lines × depth` of `source` into consecutive panels of `width` lines:
/// within a panel, the `width` values of depth 0, then those of depth 1, and so on, so the
/// micro-kernel reads both packed operands strictly in order. Lines past `lines.upperBound`
/// in the last panel are zero, so the micro-kernel always works on a full tile.
///
/// `source`'s rows are the lines: pack `op(a)` as it is and `op(b)` transposed. The copying
/// is C's (`nnparity_pack_f32`, `nnparity_pack_f64`).
@inline(__always)
func packPanels<Scalar: KernelScalar>(
  _ source: Operand<Scalar>, lines: Range<Int>, depth: Range<Int>, width: Int,
  into destination: UnsafeMutablePointer<Scalar>
) {
  Scalar.pack(
    source.address(lines.lowerBound, depth.lowerBound), lineStride: source.rowStride,
    depthStride: source.columnStride, lines: lines.count, depth: depth.count, width: width,
    into: destination)
}

extension Float {
  /// Packs panels in C (`nnparity_pack`; see `KernelScalar`).
  @inline(__always)
  public static func pack(
    _ source: UnsafePointer<Float>, lineStride: Int, depthStride: Int, lines: Int, depth: Int,
    width: Int, into destination: UnsafeMutablePointer<Float>
  ) {
    nnparity_pack_f32(source, lineStride, depthStride, lines, depth, width, destination)
  }
}

extension Double {
  /// Packs panels in C (`nnparity_pack`; see `KernelScalar`).
  @inline(__always)
  public static func pack(
    _ source: UnsafePointer<Double>, lineStride: Int, depthStride: Int, lines: Int, depth: Int,
    width: Int, into destination: UnsafeMutablePointer<Double>
  ) {
    nnparity_pack_f64(source, lineStride, depthStride, lines, depth, width, destination)
  }
}
