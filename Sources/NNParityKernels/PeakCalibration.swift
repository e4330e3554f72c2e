import CNNParityKernels
import Dispatch

extension KernelInstructionSet {
  /// This core's multiply-add peak with this set's vectors, in GFLOP/s (a multiply and an
  /// add counted as two operations, fused or not): the best of `rounds` timings of a
  /// register-only loop of `NNPARITY_PEAK_CHAINS` independent chains (C, compiled with the
  /// set's target attributes), each round about `roundSeconds` long. Call it only for a set
  /// the CPU supports.
  public func peakGflops(of scalar: Float.Type, rounds: Int = 30, roundSeconds: Double = 0.002)
    -> Double
  {
    let lanes = vectorBytes / MemoryLayout<Float>.stride
    return calibrate(lanes: lanes, rounds: rounds, roundSeconds: roundSeconds) { iterations in
      Double(peakLoopFloat(iterations))
    }
  }

  /// The same peak for Double.
  public func peakGflops(of scalar: Double.Type, rounds: Int = 30, roundSeconds: Double = 0.002)
    -> Double
  {
    let lanes = vectorBytes / MemoryLayout<Double>.stride
    return calibrate(lanes: lanes, rounds: rounds, roundSeconds: roundSeconds) { iterations in
      peakLoopDouble(iterations)
    }
  }

  private func peakLoopFloat(_ iterations: Int) -> Float {
    #if arch(x86_64)
      switch self {
      case .baseline: nnparity_peak_f32_baseline(iterations, 0.5)
      case .avx2: nnparity_peak_f32_avx2(iterations, 0.5)
      case .avx512: nnparity_peak_f32_avx512(iterations, 0.5)
      }
    #else
      nnparity_peak_f32_baseline(iterations, 0.5)
    #endif
  }

  private func peakLoopDouble(_ iterations: Int) -> Double {
    #if arch(x86_64)
      switch self {
      case .baseline: nnparity_peak_f64_baseline(iterations, 0.5)
      case .avx2: nnparity_peak_f64_avx2(iterations, 0.5)
      case .avx512: nnparity_peak_f64_avx512(iterations, 0.5)
      }
    #else
      nnparity_peak_f64_baseline(iterations, 0.5)
    #endif
  }

  /// Grows the loop's iterations until one call takes `roundSeconds`, then keeps the fastest
  /// of `rounds` calls.
  private func calibrate(
    lanes: Int, rounds: Int, roundSeconds: Double, _ loop: (Int) -> Double
  ) -> Double {
    func seconds(_ iterations: Int) -> Double {
      let start = DispatchTime.now().uptimeNanoseconds
      let result = loop(iterations)
      let elapsed = DispatchTime.now().uptimeNanoseconds &- start
      // A result that is never NaN for a finite seed; reading it keeps the loop alive.
      return result.isNaN ? .infinity : Double(elapsed) / 1e9
    }
    var iterations = 1 << 12
    while iterations < 1 << 34, seconds(iterations) < roundSeconds / 4 { iterations <<= 1 }
    iterations <<= 2
    var best = Double.infinity
    for _ in 0..<Swift.max(rounds, 1) { best = Swift.min(best, seconds(iterations)) }
    let operations = Double(iterations) * Double(NNPARITY_PEAK_CHAINS) * Double(lanes) * 2
    return operations / best / 1e9
  }
}
