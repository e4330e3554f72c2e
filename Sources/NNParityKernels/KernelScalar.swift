/// The scalar types the product kernels are built for (`Float` and `Double`), with their
/// cache-blocking sizes and their register tiles
/// (``multiplyTile(_:depth:_:_:into:rowStride:accumulate:rows:columns:)``, in
/// MicroKernel.swift). Their metatypes are sendable, so a product can run on several threads.
/// Public because the network's scalar type refines it; only this package conforms to it.
public protocol KernelScalar: BinaryFloatingPoint, KernelScalarMetatype {
  /// Rows of a packed block of `op(a)`: a multiple of `microRows` that keeps the block
  /// in the L2 cache.
  static var blockRows: Int { get }
  /// Columns of a packed block of `op(b)` (L3).
  static var blockColumns: Int { get }

  /// The register tile of `kernels`: `c[0..<rows, 0..<columns]` = (or `+=`) the product of
  /// a packed panel of `op(a)` (`microRows` scalars per depth step) and a packed panel of
  /// `op(b)` (`microColumns(_:)` per depth step), over `depth` steps.
  static func multiplyTile(
    _ kernels: KernelInstructionSet, depth: Int, _ a: UnsafePointer<Self>, _ b: UnsafePointer<Self>,
    into c: UnsafeMutablePointer<Self>, rowStride: Int, accumulate: Bool, rows: Int,
    columns: Int)

  /// Packs `lines × depth` elements (line `l`, depth `p` at
  /// `source + l · lineStride + p · depthStride`) into panels of `width` lines, zero past
  /// the last line (`packPanels(_:lines:depth:width:into:)`).
  static func pack(
    _ source: UnsafePointer<Self>, lineStride: Int, depthStride: Int, lines: Int, depth: Int,
    width: Int, into destination: UnsafeMutablePointer<Self>)
}

extension KernelScalar {
  /// Rows of the register tile.
  @inline(__always) static var microRows: Int { tileRows }

  /// Columns of the register tile of `kernels`: two vectors.
  @inline(__always)
  static func microColumns(_ kernels: KernelInstructionSet) -> Int {
    2 &* kernels.vectorBytes / MemoryLayout<Self>.stride
  }
}

extension Float: KernelScalar {
  /// 144 rows of 4 bytes: a block of `op(a)` that stays in a 256 KiB L2 with room to spare.
  public static var blockRows: Int { 144 }
  /// A multiple of every register tile's width.
  public static var blockColumns: Int { 4_080 }
}

extension Double: KernelScalar {
  /// Half of Float's rows: the same bytes.
  public static var blockRows: Int { 72 }
  /// A multiple of every register tile's width.
  public static var blockColumns: Int { 4_080 }
}

#if compiler(>=6.2)
  /// Sendable metatypes (Swift 6.2's `SendableMetatype`), so that a threaded product may use
  /// `Scalar` on every thread; compilers before 6.2 do not check metatypes and need nothing.
  public typealias KernelScalarMetatype = SendableMetatype
#else
  /// Nothing to require before Swift 6.2 (see the 6.2 branch).
  public protocol KernelScalarMetatype {}
#endif
