// A bit-exact port of what `numpy.random.default_rng(seed).random(...)` does for an integer
// seed: SeedSequence hashing (numpy/random/bit_generator.pyx), PCG64 XSL-RR 128/64
// (numpy/random/src/pcg64/pcg64.h) and the 53-bit double conversion
// (numpy/random/_common.pxd, `uint64_to_double`).

/// NumPy's SeedSequence, reduced to what default_rng(seed) needs.
///
/// Equivalent to `numpy.random.SeedSequence(seed)` with no spawn key and the default pool of
/// four 32-bit words. The seed is split into 32-bit words, least significant first (a zero seed
/// is the single word 0), and hashed into the pool.
package struct NumPySeedSequence: Sendable {
  /// The mixed entropy pool, equal to NumPy's `SeedSequence(seed).pool`.
  let pool: [UInt32]

  private static let initA: UInt32 = 0x43b0_d7e5
  private static let multA: UInt32 = 0x931e_8875
  private static let initB: UInt32 = 0x8b51_f9dd
  private static let multB: UInt32 = 0x58f3_8ded
  private static let mixMultL: UInt32 = 0xca01_f9dd
  private static let mixMultR: UInt32 = 0x4973_f715
  private static let poolSize = 4

  /// The sequence NumPy builds for `SeedSequence(seed)`.
  package init(seed: UInt64) {
    let low = UInt32(truncatingIfNeeded: seed)
    let high = UInt32(truncatingIfNeeded: seed >> 32)
    let entropy = high == 0 ? [low] : [low, high]

    var hashConst = Self.initA
    func hashmix(_ value: UInt32) -> UInt32 {
      var value = value ^ hashConst
      hashConst &*= Self.multA
      value &*= hashConst
      return value ^ (value >> 16)
    }
    func mix(_ x: UInt32, _ y: UInt32) -> UInt32 {
      let result = Self.mixMultL &* x &- Self.mixMultR &* y
      return result ^ (result >> 16)
    }

    // The entropy never exceeds the pool, so NumPy's third loop (extra words) never runs.
    var pool = (0..<Self.poolSize).map { hashmix($0 < entropy.count ? entropy[$0] : 0) }
    for source in 0..<Self.poolSize {
      for destination in 0..<Self.poolSize where destination != source {
        pool[destination] = mix(pool[destination], hashmix(pool[source]))
      }
    }
    self.pool = pool
  }

  /// `generate_state(count, numpy.uint64)`: `2 * count` 32-bit words drawn cyclically from the
  /// pool, paired little-endian into 64-bit words.
  package func generateState64(count: Int) -> [UInt64] {
    precondition(count >= 0, "negative word count")
    var hashConst = Self.initB
    var words = [UInt32]()
    words.reserveCapacity(2 * count)
    for index in 0..<(2 * count) {
      var value = pool[index % pool.count] ^ hashConst
      hashConst &*= Self.multB
      value &*= hashConst
      words.append(value ^ (value >> 16))
    }
    return (0..<count).map { UInt64(words[2 * $0]) | UInt64(words[2 * $0 + 1]) << 32 }
  }
}

/// NumPy's PCG64 bit generator (XSL-RR 128/64).
///
/// `PCG64(seed: s)` produces the stream of `numpy.random.PCG64(s).random_raw()`. The 128-bit
/// state and increment are kept as 64-bit halves so the type needs no stdlib `UInt128`
/// (which carries an availability restriction on Apple platforms).
package struct PCG64: RandomNumberGenerator, Sendable {
  private var stateHigh: UInt64
  private var stateLow: UInt64
  private let incrementHigh: UInt64
  private let incrementLow: UInt64

  private static let multiplierHigh: UInt64 = 2_549_297_995_355_413_924
  private static let multiplierLow: UInt64 = 4_865_540_595_714_422_341

  /// Seeds the generator as `numpy.random.PCG64(seed)` does.
  package init(seed: UInt64) {
    self.init(seedSequence: NumPySeedSequence(seed: seed))
  }

  /// Seeds from a seed sequence: `pcg64_set_seed(state: words[0..1], inc: words[2..3])`, each
  /// pair high word first, followed by `pcg_setseq_128_srandom_r`.
  init(seedSequence: NumPySeedSequence) {
    let words = seedSequence.generateState64(count: 4)
    // inc = (initseq << 1) | 1
    incrementHigh = words[2] << 1 | words[3] >> 63
    incrementLow = words[3] << 1 | 1
    stateHigh = 0
    stateLow = 0
    step()
    let (low, carry) = stateLow.addingReportingOverflow(words[1])
    stateLow = low
    stateHigh = stateHigh &+ words[0] &+ (carry ? 1 : 0)
    step()
  }

  /// The 128-bit state and increment as `(high, low)` halves, as in NumPy's `PCG64.state`.
  var stateWords: (state: (UInt64, UInt64), increment: (UInt64, UInt64)) {
    ((stateHigh, stateLow), (incrementHigh, incrementLow))
  }

  /// state = state * multiplier + increment (mod 2^128)
  @inline(__always)
  private mutating func step() {
    let (productHigh, productLow) = stateLow.multipliedFullWidth(by: Self.multiplierLow)
    let high =
      productHigh &+ stateHigh &* Self.multiplierLow &+ stateLow &* Self.multiplierHigh
    let (low, carry) = productLow.addingReportingOverflow(incrementLow)
    stateLow = low
    stateHigh = high &+ incrementHigh &+ (carry ? 1 : 0)
  }

  /// The next 64 random bits: advance the LCG, then output XSL-RR of the new state.
  @inline(__always)
  package mutating func next() -> UInt64 {
    step()
    let rotation = stateHigh >> 58
    let folded = stateHigh ^ stateLow
    return folded &>> rotation | folded &<< (64 &- rotation)
  }
}

/// `numpy.random.default_rng(seed)`: doubles in [0, 1) exactly as Generator.random draws them.
///
/// Each double takes the top 53 bits of one PCG64 output: `(next >> 11) * 2^-53`. Drawing
/// `random(count: b * h)` gives the row-major elements of `rng.random((b, h))`, and successive
/// calls continue the stream as successive NumPy calls do.
public struct NumPyGenerator: Sendable {
  private var bitGenerator: PCG64

  /// The generator of `numpy.random.default_rng(seed)`.
  public init(seed: UInt64) {
    bitGenerator = PCG64(seed: seed)
  }

  /// The next double in [0, 1), as `rng.random()`.
  @inline(__always)
  public mutating func random() -> Double {
    Double(bitGenerator.next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
  }

  /// The next `count` doubles in [0, 1), as `rng.random(count)`.
  public mutating func random(count: Int) -> [Double] {
    precondition(count >= 0, "negative count")
    return [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
      for index in 0..<count {
        buffer[index] = random()
      }
      initialized = count
    }
  }
}
