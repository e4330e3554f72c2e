@_exported import NNParityKernels

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

// The C library's double-precision exp and log, reachable by a name the Double
// conformance's own `exp`/`log` do not shadow.
@inlinable func libmExp(_ x: Double) -> Double { exp(x) }
@inlinable func libmLog(_ x: Double) -> Double { log(x) }

/// The floating-point types the network computes in: `Float` (NumPy's float32) and
/// `Double` (float64).
///
/// Every operation of the network is written once, generic over this protocol, so the
/// float32 and float64 paths cannot drift apart.
public protocol NetworkScalar: KernelScalar, Sendable, LosslessStringConvertible
where Self.RawSignificand: FixedWidthInteger, Self.RawExponent: FixedWidthInteger {
  /// The spec's name of this type: `float32` or `float64`.
  static var dtype: DType { get }
  /// The natural exponential, as the C library computes it for this type.
  static func exp(_ x: Self) -> Self
  /// The natural logarithm, as the C library computes it for this type.
  static func log(_ x: Self) -> Self
}

/// The element type of a case, as the spec names it.
public enum DType: String, Sendable, CaseIterable {
  /// NumPy's `float32`: Swift's `Float`.
  case float32
  /// NumPy's `float64`: Swift's `Double`.
  case float64

  /// The number of significand bits (including the implicit one): 24 or 53.
  public var significandBits: Int { self == .float32 ? 24 : 53 }
}

extension Float: NetworkScalar {
  /// `float32`.
  public static var dtype: DType { .float32 }
  /// The C library's `expf`.
  @inlinable public static func exp(_ x: Float) -> Float { expf(x) }
  /// The C library's `logf`.
  @inlinable public static func log(_ x: Float) -> Float { logf(x) }
}

extension Double: NetworkScalar {
  /// `float64`.
  public static var dtype: DType { .float64 }
  /// The C library's `exp`.
  @inlinable public static func exp(_ x: Double) -> Double { libmExp(x) }
  /// The C library's `log`.
  @inlinable public static func log(_ x: Double) -> Double { libmLog(x) }
}
