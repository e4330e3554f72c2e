/// Packs the block `lines × depth` of `source` into consecutive panels of `width` lines:
/// within a panel, the `width` values of depth 0, then those of depth 1, and so on, so the
/// micro-kernel reads both packed operands strictly in order. Lines past `lines.upperBound`
/// in the last panel are zero, so the micro-kernel always works on a full tile.
///
/// `source`'s rows are the lines: pack `op(a)` as it is and `op(b)` transposed.
@inline(__always)
func packPanels<Scalar: KernelScalar>(
  _ source: Operand<Scalar>, lines: Range<Int>, depth: Range<Int>, width: Int,
  into destination: UnsafeMutablePointer<Scalar>
) {
  var out = destination
  var first = lines.lowerBound
  while first < lines.upperBound {
    let count = Swift.min(width, lines.upperBound &- first)
    if source.rowStride == 1 {
      // The lines of one depth are contiguous: copy them in one go.
      for p in depth {
        out.update(from: source.address(first, p), count: count)
        (out + count).update(repeating: 0, count: width &- count)
        out += width
      }
    } else {
      // Walk each line along its depth; the writes stride by `width`.
      for line in 0..<count {
        var from = source.address(first &+ line, depth.lowerBound)
        var to = out + line
        for _ in depth {
          to.pointee = from.pointee
          from += source.columnStride
          to += width
        }
      }
      if count < width {
        var to = out
        for _ in depth {
          (to + count).update(repeating: 0, count: width &- count)
          to += width
        }
      }
      out += width &* depth.count
    }
    first &+= width
  }
}
