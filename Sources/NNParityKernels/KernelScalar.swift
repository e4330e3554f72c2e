/// The scalar types the product kernels are built for, with the SIMD vector this build's
/// instruction set holds in one register and the cache-blocking sizes that go with it.
///
/// The vectors and the block depth come from ``Build``, the one place where the builds for
/// different instruction sets differ.
///
/// `Codable` is not used for serialisation: `Vector: SIMD where Vector.Scalar == Self` implies
/// it (every `SIMD` type is `Codable`, so its scalar must be), and the compiler asks for it
/// to be stated.
protocol KernelScalar: BinaryFloatingPoint, SIMDScalar, Codable {
  /// One register's worth of scalars.
  associatedtype Vector: SIMD where Vector.Scalar == Self

  /// `c + a · b` per lane: one fused multiply-add where the build has FMA, else a
  /// multiply and an add (the default x86-64 target would call `fma` once per lane).
  static func multiplyAdd(_ a: Vector, _ b: Vector, _ c: Vector) -> Vector

  /// Rows of a packed block of `op(a)`: a multiple of ``microRows`` that keeps the block
  /// in the L2 cache.
  static var blockRows: Int { get }
  /// The depth of a packed block: one packed micro-panel of `op(b)` stays in L1.
  static var blockDepth: Int { get }
  /// Columns of a packed block of `op(b)`: a multiple of ``microColumns`` (L3).
  static var blockColumns: Int { get }
}

extension KernelScalar {
  /// Rows of the register tile.
  @inline(__always) static var microRows: Int { 6 }
  /// Columns of the register tile: two vectors.
  @inline(__always) static var microColumns: Int { 2 &* Vector.scalarCount }
}

extension Float: KernelScalar {
  typealias Vector = Build.FloatVector

  @inline(__always)
  static func multiplyAdd(_ a: Vector, _ b: Vector, _ c: Vector) -> Vector {
    Build.fusesMultiplyAdd ? c.addingProduct(a, b) : c + a * b
  }

  static var blockRows: Int { 144 }
  static var blockDepth: Int { Build.blockDepth }
  static var blockColumns: Int { 4_080 }
}

extension Double: KernelScalar {
  typealias Vector = Build.DoubleVector

  @inline(__always)
  static func multiplyAdd(_ a: Vector, _ b: Vector, _ c: Vector) -> Vector {
    Build.fusesMultiplyAdd ? c.addingProduct(a, b) : c + a * b
  }

  static var blockRows: Int { 72 }
  static var blockDepth: Int { Build.blockDepth }
  static var blockColumns: Int { 4_080 }
}
