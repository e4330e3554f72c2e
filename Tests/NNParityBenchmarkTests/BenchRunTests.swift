import NNParity
import NNParityBenchmark
import Testing

/// `BenchRun` with a fake clock and a fake NumPy: which values become the medians, what is
/// discarded, and what is passed on. Every expected figure follows from the fakes' scripts.
@Suite("Benchmark run (fake timing)")
struct BenchRunTests {
  static let tiny = BenchRun.Shape(
    batch: 2, inputs: 3, hidden: 4, outputs: 2, swiftSteps: 3, numpySteps: 7)

  @Test("Swift's figure is the clock's step; NumPy's is the median of the timed rounds")
  func medians() {
    // Three timed rounds after the warm-up: NumPy answers 100 (warm-up, discarded), then
    // 1, 3, 2, whose median is 2. Each Swift step spans one 500 ns tick.
    let numpy = ScriptedNumPy(script: [100, 1, 3, 2], overhead: 3e-6)
    let run = BenchRun(shapes: [Self.tiny], rounds: 3, clock: SteppingClock(tick: 500))
    let report = run.measure(numpy: numpy, unavailable: nil, threads: 4)
    #expect(report.results.map(\.dtype) == [.float32, .float64])
    for result in report.results {
      #expect(result.shape == "2x3-4-2")
      #expect(result.threads == 4)
      #expect(result.swiftSeconds == 5e-7)
      #expect(result.numpySeconds == 2)
      #expect(result.ratio == 2.5e-7)
    }
    #expect(report.bridgeOverhead == 3e-6)
    #expect(report.numpyUnavailable == nil)
    // (1 warm-up + 3 rounds) per dtype, each asking for the shape's NumPy steps.
    #expect(numpy.repetitions == Array(repeating: 7, count: 8))
  }

  @Test("after peers on several BLAS threads, Swift's steps wait for their workers to settle")
  func settlesAfterThreadedPeers() {
    for threads in [1, 2] {
      let clock = SteppingClock(tick: 1)
      _ = BenchRun(shapes: [Self.tiny], rounds: 2, clock: clock)
        .measure(numpy: ScriptedNumPy(script: [1], overhead: 0), unavailable: nil, threads: threads)
      // Two dtypes × two timed rounds (the round after each peer call), none on one thread.
      let expected = threads > 1 ? Array(repeating: BenchRun.settleSeconds, count: 4) : []
      #expect(clock.pauses == expected, "threads \(threads)")
    }
  }

  @Test("the peers: plain NumPy's median, PyTorch skipped with its reason, threads passed on")
  func peers() {
    let numpy = ScriptedNumPy(script: [4], overhead: 0)
    numpy.peerSeconds = [.plainNumPy: 2, .torch: 1]
    let report = BenchRun(shapes: [Self.tiny], rounds: 2, clock: SteppingClock(tick: 1_000))
      .measure(numpy: numpy, unavailable: nil, threads: 1, peerThreads: 1)
    #expect(report.results.map(\.plainNumpySeconds) == [2, 2])
    #expect(report.results.map(\.plainRatio) == [5e-7, 5e-7])
    #expect(report.results.allSatisfy { $0.torchSeconds == nil })
    #expect(report.torchUnavailable == "torch does not import (scripted)")
    #expect(numpy.peerThreads == Array(repeating: 1, count: 6))  // 3 rounds × 2 dtypes

    numpy.torchReason = nil
    let withTorch = BenchRun(shapes: [Self.tiny], rounds: 1, clock: SteppingClock(tick: 1))
      .measure(numpy: numpy, unavailable: nil, threads: 2)
    #expect(withTorch.results.map(\.torchSeconds) == [1, 1])
    #expect(withTorch.torchUnavailable == nil)
    #expect(numpy.peerThreads.suffix(8) == Array(repeating: nil, count: 8))
  }

  @Test("flops: 2·B·(2·I·H + 3·H·O); GFLOP/s and the peak fraction follow from them")
  func flops() {
    #expect(Self.tiny.flops == 192)  // 2·2·(2·3·4 + 3·4·2)
    var run = BenchRun(shapes: [Self.tiny], rounds: 1, clock: SteppingClock(tick: 10))
    run.peakGflopsPerCore = [.float32: 20]
    run.swiftThreads = 2
    let report = run.measure(numpy: nil, unavailable: "none", threads: 1)
    #expect(report.results[0].gflops == 192 / 1e-8 / 1e9)
    #expect(report.results[0].peakFraction == 192 / 1e-8 / 1e9 / 40)
    #expect(report.results[0].swiftThreads == 2)
    #expect(report.results[1].peakFraction == nil)
  }

  @Test("the clock is read twice per Swift step, warm-up round included")
  func clockReads() {
    let clock = SteppingClock(tick: 1)
    _ = BenchRun(shapes: [Self.tiny], rounds: 2, clock: clock)
      .measure(numpy: nil, unavailable: "none", threads: 1)
    #expect(clock.reads == 2 * 3 * (2 + 1) * 2)  // reads × steps × rounds × dtypes
  }

  @Test("failed NumPy calls are logged and left out; all failing leaves no NumPy figure")
  func failures() {
    let nan = Double.nan
    // Per dtype: warm-up fails, then 4, fails, 6 → median of [4, 6] is 5.
    let someFail = ScriptedNumPy(script: [nan, 4, nan, 6], overhead: 0)
    var logged: [String] = []
    let report = BenchRun(shapes: [Self.tiny], rounds: 3, clock: SteppingClock(tick: 1))
      .measure(numpy: someFail, unavailable: nil, threads: 1) { logged.append($0) }
    #expect(report.results.map(\.numpySeconds) == [5, 5])
    #expect(logged.count == 4)
    #expect(logged.first == "NumPy 2x3-4-2 float32: scripted failure")

    let allFail = ScriptedNumPy(script: [nan], overhead: 0)
    let none = BenchRun(shapes: [Self.tiny], rounds: 1, clock: SteppingClock(tick: 1))
      .measure(numpy: allFail, unavailable: nil, threads: 1)
    #expect(none.results.allSatisfy { $0.numpySeconds == nil && $0.ratio == nil })
  }

  @Test("without NumPy: no NumPy figures, no overhead, and the reason kept")
  func withoutNumPy() {
    let report = BenchRun(shapes: [Self.tiny], rounds: 1, clock: SteppingClock(tick: 10))
      .measure(numpy: nil, unavailable: "NNPARITY_PYTHON=none", threads: 1)
    #expect(report.results.allSatisfy { $0.numpySeconds == nil && $0.swiftSeconds == 1e-8 })
    #expect(report.bridgeOverhead == nil)
    #expect(report.numpyUnavailable == "NNPARITY_PYTHON=none")
  }

  @Test("--quick takes a tenth of the steps (at least one) and one round")
  func quick() {
    let full = BenchRun(quick: false)
    let quick = BenchRun(quick: true)
    #expect(full.rounds == 5 && quick.rounds == 1)
    #expect(full.shapes.map(\.name) == ["2x3-4-2", "128x784-256-10", "1024x1024-1024-10"])
    #expect(full.shapes.map(\.swiftSteps) == [2_000, 40, 2])
    #expect(quick.shapes.map(\.swiftSteps) == [200, 4, 1])
    #expect(quick.shapes.map(\.numpySteps) == [100, 2, 1])
  }

  @Test("the BLAS thread count: the setting, else OPENBLAS_NUM_THREADS, else the cores")
  func threadCount() {
    #expect(BenchRun.threadCount("1", environment: ["OPENBLAS_NUM_THREADS": "8"]) == 1)
    #expect(BenchRun.threadCount("default", environment: ["OPENBLAS_NUM_THREADS": "8"]) == 8)
    #expect(BenchRun.threadCount("default", environment: [:], processors: 3) == 3)
  }

  @Test("the problem: the shape's matrices, one-hot targets, a 0/1 mask, bounded values")
  func problem() {
    let problem = BenchProblem<Double>(Self.tiny)
    #expect((problem.x.rows, problem.x.columns) == (2, 3))
    #expect((problem.w1.rows, problem.w1.columns) == (3, 4))
    #expect((problem.w2.rows, problem.w2.columns) == (4, 2))
    #expect(problem.y == Matrix([[1, 0], [0, 1]]))  // row r is hot at column r mod O
    #expect((problem.keep.rows, problem.keep.columns) == (2, 4))
    #expect(problem.keep.elements.allSatisfy { $0 == 0 || $0 == 1 })
    #expect(problem.x.elements.allSatisfy { $0 >= -1 && $0 < 1 })
    #expect((problem.w1.elements + problem.w2.elements).allSatisfy { abs($0) <= 0.05 })
  }
}
