/// The register tile: `c[0..<rows, 0..<columns]` = (or `+=`) the product of a packed panel
/// of `op(a)` (``KernelScalar/microRows`` values per depth step) and a packed panel of
/// `op(b)` (two vectors per depth step), over `depth` steps.
///
/// Twelve vector accumulators stay in registers (with two for `b` and one broadcast of `a`,
/// fifteen of the sixteen vector registers of x86-64).
@inline(__always)
func multiplyTile<Scalar: KernelScalar>(
  depth: Int, _ a: UnsafePointer<Scalar>, _ b: UnsafePointer<Scalar>,
  into c: UnsafeMutablePointer<Scalar>, rowStride: Int, accumulate: Bool, rows: Int, columns: Int
) {
  typealias V = Scalar.Vector
  let w = V.scalarCount
  var (c00, c01, c10, c11, c20, c21) = (V(), V(), V(), V(), V(), V())
  var (c30, c31, c40, c41, c50, c51) = (V(), V(), V(), V(), V(), V())
  var a = a
  var b = UnsafeRawPointer(b)
  let bStep = 2 &* w &* MemoryLayout<Scalar>.stride
  for _ in 0..<depth {
    let b0 = b.loadUnaligned(as: V.self)
    let b1 = b.loadUnaligned(fromByteOffset: w &* MemoryLayout<Scalar>.stride, as: V.self)
    var x = V(repeating: a[0])
    c00 = Scalar.multiplyAdd(x, b0, c00)
    c01 = Scalar.multiplyAdd(x, b1, c01)
    x = V(repeating: a[1])
    c10 = Scalar.multiplyAdd(x, b0, c10)
    c11 = Scalar.multiplyAdd(x, b1, c11)
    x = V(repeating: a[2])
    c20 = Scalar.multiplyAdd(x, b0, c20)
    c21 = Scalar.multiplyAdd(x, b1, c21)
    x = V(repeating: a[3])
    c30 = Scalar.multiplyAdd(x, b0, c30)
    c31 = Scalar.multiplyAdd(x, b1, c31)
    x = V(repeating: a[4])
    c40 = Scalar.multiplyAdd(x, b0, c40)
    c41 = Scalar.multiplyAdd(x, b1, c41)
    x = V(repeating: a[5])
    c50 = Scalar.multiplyAdd(x, b0, c50)
    c51 = Scalar.multiplyAdd(x, b1, c51)
    a += 6
    b += bStep
  }
  let tile = TileStore<Scalar>(
    base: c, rowStride: rowStride, accumulate: accumulate, rows: rows, columns: columns)
  tile.store(row: 0, c00, c01)
  tile.store(row: 1, c10, c11)
  tile.store(row: 2, c20, c21)
  tile.store(row: 3, c30, c31)
  tile.store(row: 4, c40, c41)
  tile.store(row: 5, c50, c51)
}

/// Where a register tile goes: the valid part of a tile of `c`, written or added to.
struct TileStore<Scalar: KernelScalar> {
  var base: UnsafeMutablePointer<Scalar>
  var rowStride: Int
  var accumulate: Bool
  var rows: Int
  var columns: Int

  /// Writes (or adds) one row of the tile, held in two vectors, clipped to the valid part.
  @inline(__always)
  func store(row: Int, _ left: Scalar.Vector, _ right: Scalar.Vector) {
    guard row < rows else { return }
    let w = Scalar.Vector.scalarCount
    let target = base + row &* rowStride
    if columns == 2 &* w {
      let raw = UnsafeMutableRawPointer(target)
      let offset = w &* MemoryLayout<Scalar>.stride
      var (l, r) = (left, right)
      if accumulate {
        l += raw.loadUnaligned(as: Scalar.Vector.self)
        r += raw.loadUnaligned(fromByteOffset: offset, as: Scalar.Vector.self)
      }
      raw.storeBytes(of: l, as: Scalar.Vector.self)
      raw.storeBytes(of: r, toByteOffset: offset, as: Scalar.Vector.self)
    } else {
      for j in 0..<columns {
        let value = j < w ? left[j] : right[j &- w]
        target[j] = accumulate ? target[j] + value : value
      }
    }
  }
}
