import NNParityKernels

/// One kernel set's time on the measuring product (`KernelInstructionSet.measure`).
public struct KernelTiming: Sendable, Equatable {
  /// The set timed.
  public let instructionSet: KernelInstructionSet
  /// The fastest of its timings of a 384 × 384 × 384 Float and Double product, in seconds.
  public let seconds: Double
}

extension KernelInstructionSet {
  /// One core's multiply-add peak with this set's vectors for `dtype`, in GFLOP/s (a
  /// multiply and an add count as two operations): a register-only calibration loop compiled
  /// with the set's target attributes, best of 30 rounds of about 2 ms (short, so that on a
  /// loaded machine some run uninterrupted). The set must be one of `supported`.
  public func peakGflops(_ dtype: DType) -> Double {
    precondition(Self.supported.contains(self), "this CPU cannot run the \(self) kernels")
    return switch dtype {
    case .float32: peakGflops(of: Float.self)
    case .float64: peakGflops(of: Double.self)
    }
  }

  /// Every supported set timed on the same products (a 384 × 384 × 384 Float then Double
  /// product, single-threaded), the sets alternating for `rounds` rounds; each set's
  /// fastest round. Takes some tens of milliseconds.
  public static func measure(rounds: Int = 5) -> [KernelTiming] {
    let size = 384
    var generator = NumPyGenerator(seed: 1)
    let values = generator.random(count: size * size)
    let floats = values.map { Float($0) }
    let doubles = values
    var best = [Double](repeating: .infinity, count: supported.count)
    var floatResult = [Float](repeating: 0, count: size * size)
    var doubleResult = [Double](repeating: 0, count: size * size)
    for _ in 0..<Swift.max(rounds, 1) {
      for (index, set) in supported.enumerated() {
        let start = ContinuousClock.now
        floats.withUnsafeBufferPointer { a in
          floatResult.withUnsafeMutableBufferPointer { c in
            MatrixKernels.multiply(
              a, .none, a, .transposed, into: c, m: size, n: size, k: size, accumulate: false,
              using: set)
          }
        }
        doubles.withUnsafeBufferPointer { a in
          doubleResult.withUnsafeMutableBufferPointer { c in
            MatrixKernels.multiply(
              a, .none, a, .transposed, into: c, m: size, n: size, k: size, accumulate: false,
              using: set)
          }
        }
        let elapsed = ContinuousClock.now - start
        let seconds =
          Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        best[index] = Swift.min(best[index], seconds)
      }
    }
    return zip(supported, best).map { KernelTiming(instructionSet: $0, seconds: $1) }
  }

  /// The fastest set of `timings` (ties go to the later, wider set), or `active` when
  /// `timings` is empty.
  public static func fastest(_ timings: [KernelTiming]) -> KernelInstructionSet {
    var chosen: KernelTiming?
    for timing in timings where timing.seconds <= (chosen?.seconds ?? .infinity) {
      chosen = timing
    }
    return chosen?.instructionSet ?? active
  }
}
