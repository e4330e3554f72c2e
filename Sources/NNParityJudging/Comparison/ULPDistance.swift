import NNParity
import NNParityCases

/// Distances between floating-point numbers counted in units in the last place.
package enum ULPDistance {
  /// How many representable values of `dtype` lie between `a` and `b` (0 when equal, also
  /// for +0 and −0, and for two NaNs). A NaN against a number is `UInt64.max`.
  package static func between(_ a: Double, _ b: Double, dtype: DType) -> UInt64 {
    if a.isNaN || b.isNaN { return a.isNaN && b.isNaN ? 0 : .max }
    switch dtype {
    case .float64:
      return distance(
        ordered(a.bitPattern, signBit: 1 << 63), ordered(b.bitPattern, signBit: 1 << 63))
    case .float32:
      let (fa, fb) = (Float(a), Float(b))
      return distance(
        ordered(UInt64(fa.bitPattern), signBit: 1 << 31),
        ordered(UInt64(fb.bitPattern), signBit: 1 << 31))
    }
  }

  /// Maps a sign-magnitude bit pattern onto a line where adjacent floats differ by one.
  private static func ordered(_ bits: UInt64, signBit: UInt64) -> Int64 {
    let magnitude = Int64(bitPattern: bits & (signBit - 1))
    return bits & signBit != 0 ? -magnitude : magnitude
  }

  private static func distance(_ a: Int64, _ b: Int64) -> UInt64 {
    a >= b ? UInt64(bitPattern: a &- b) : UInt64(bitPattern: b &- a)
  }
}
