import NNParity
import NNParityBenchmark
import NNParityPython

/// A clock that moves `tick` nanoseconds each time it is read: a step, timed by two reads,
/// always takes exactly `tick` nanoseconds.
final class SteppingClock: BenchClock {
  let tick: UInt64
  private(set) var reads = 0
  private(set) var pauses: [Double] = []

  init(tick: UInt64) { self.tick = tick }

  func pause(seconds: Double) { pauses.append(seconds) }

  func nanoseconds() -> UInt64 {
    defer { reads += 1 }
    return UInt64(reads) * tick
  }
}

/// NumPy timings from a script: the n-th call of `stepSeconds` for one shape and dtype gets
/// `script[n % script.count]`, where `.nan` stands for a call that fails.
final class ScriptedNumPy: NumPyStepTiming {
  struct Failure: Error, CustomStringConvertible {
    var description: String { "scripted failure" }
  }

  let script: [Double]
  let overhead: Double
  private(set) var calls = 0
  private(set) var repetitions: [Int] = []

  init(script: [Double], overhead: Double) {
    self.script = script
    self.overhead = overhead
  }

  func stepSeconds<Scalar: NetworkScalar>(_ problem: BenchProblem<Scalar>, repetitions: Int)
    throws -> Double
  {
    defer { calls += 1 }
    self.repetitions.append(repetitions)
    let value = script[calls % script.count]
    if value.isNaN { throw Failure() }
    return value
  }

  /// Each peer's step takes `peerSeconds[peer]` (absent: it fails); the threads asked for
  /// are recorded.
  var peerSeconds: [BenchPeer: Double] = [.plainNumPy: 0.5]
  var torchReason: String? = "torch does not import (scripted)"
  private(set) var peerThreads: [Int?] = []

  func peerStepSeconds<Scalar: NetworkScalar>(
    _ peer: BenchPeer, _ problem: BenchProblem<Scalar>, repetitions: Int, threads: Int?
  ) throws -> Double {
    peerThreads.append(threads)
    guard let seconds = peerSeconds[peer] else { throw Failure() }
    return seconds
  }

  func peerUnavailableReason(_ peer: BenchPeer) -> String? { peer == .torch ? torchReason : nil }

  func bridgeOverheadSeconds(_ problem: BenchProblem<Double>) throws -> Double { overhead }
}
