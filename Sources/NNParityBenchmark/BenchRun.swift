import NNParity
import NNParityCases
import NNParityPython

/// The sizes and repetitions of one benchmark run, and the run itself: one SGD training step
/// timed in Swift and, through a `NumPyStepTiming`, in NumPy.
package struct BenchRun {
  /// One network size, B×I-H-O.
  package struct Shape: Sendable, Equatable {
    package var batch: Int
    package var inputs: Int
    package var hidden: Int
    package var outputs: Int
    /// Steps per round: Swift's (each timed alone) and NumPy's (one call, its median).
    package var swiftSteps: Int
    package var numpySteps: Int
    /// `"BxI-H-O"`.
    package var name: String { "\(batch)x\(inputs)-\(hidden)-\(outputs)" }
    /// Floating-point operations of one step's five products, a multiply-add counted as two:
    /// `x·W1` (B·I·H), `d·W2` (B·H·O), `dᵀ·∂z2` (H·B·O), `∂z2·W2ᵀ` (B·O·H), `xᵀ·∂z1`
    /// (I·B·H), so 2·B·(2·I·H + 3·H·O). The element-wise passes (ReLU, dropout, softmax,
    /// loss, update: O(B·H + I·H)) are not counted.
    package var flops: Double {
      2 * Double(batch)
        * (2 * Double(inputs) * Double(hidden) + 3 * Double(hidden) * Double(outputs))
    }

    package init(
      batch: Int, inputs: Int, hidden: Int, outputs: Int, swiftSteps: Int, numpySteps: Int
    ) {
      (self.batch, self.inputs, self.hidden, self.outputs) = (batch, inputs, hidden, outputs)
      (self.swiftSteps, self.numpySteps) = (swiftSteps, numpySteps)
    }
  }

  /// The step's learning rate.
  package static let learningRate = 0.01
  /// The step's dropout rate.
  package static let dropout = 0.4
  /// How long Swift waits, before its steps, after peers ran on several BLAS threads: their
  /// idle workers spin for a while after each call (OpenBLAS about 2^28 cycles, OpenMP's
  /// block time 0.2 s) and would take the cores Swift's threads need.
  package static let settleSeconds = 0.3

  /// The shapes measured, in order, each in float32 then float64.
  package var shapes: [Shape]
  /// Timed rounds after one discarded warm-up round.
  package var rounds: Int
  /// Reads a monotonic clock, in nanoseconds, around each Swift step.
  package var clock: any BenchClock
  /// The threads Swift's products run on (`NetworkWorkspace`'s `threads`).
  package var swiftThreads = 1
  /// The kernels Swift runs (one of `KernelInstructionSet.supported`).
  package var instructionSet = KernelInstructionSet.active
  /// One core's measured multiply-add peak per dtype, GFLOP/s (`PeakCalibration`).
  package var peakGflopsPerCore: [DType: Double] = [:]

  /// The command's run: 2x3-4-2, 128x784-256-10 and 1024x1024-1024-10, five rounds; `quick`
  /// takes a tenth of the steps and one round.
  package init(quick: Bool, clock: any BenchClock = SystemClock()) {
    let scale = quick ? 10 : 1
    let shapes = [
      Shape(batch: 2, inputs: 3, hidden: 4, outputs: 2, swiftSteps: 2_000, numpySteps: 1_000),
      Shape(batch: 128, inputs: 784, hidden: 256, outputs: 10, swiftSteps: 40, numpySteps: 20),
      Shape(batch: 1024, inputs: 1024, hidden: 1024, outputs: 10, swiftSteps: 2, numpySteps: 2),
    ].map { shape in
      var shape = shape
      (shape.swiftSteps, shape.numpySteps) = (
        Swift.max(shape.swiftSteps / scale, 1), Swift.max(shape.numpySteps / scale, 1)
      )
      return shape
    }
    self.init(shapes: shapes, rounds: quick ? 1 : 5, clock: clock)
  }

  /// A run of the given shapes and rounds.
  package init(shapes: [Shape], rounds: Int, clock: any BenchClock = SystemClock()) {
    self.shapes = shapes
    self.rounds = rounds
    self.clock = clock
  }

  /// Every shape in both dtypes, in this process, against `numpy` (nil when NumPy is
  /// unavailable, for `unavailable`'s reason) running with `threads` BLAS threads, and
  /// against the peers (plain NumPy; PyTorch when it imports) with `peerThreads` BLAS
  /// threads (nil: their default). A call that fails is passed to `log` and left out of the
  /// medians.
  package func measure(
    numpy: (any NumPyStepTiming)?, unavailable: String?, threads: Int, peerThreads: Int? = nil,
    log: (String) -> Void = { _ in }
  ) -> BenchReport {
    let torchUnavailable =
      numpy == nil ? unavailable : numpy?.peerUnavailableReason(.torch)
    var peers: [BenchPeer] = []
    if numpy != nil { peers = torchUnavailable == nil ? [.plainNumPy, .torch] : [.plainNumPy] }
    var results: [BenchResult] = []
    for shape in shapes {
      for float in [true, false] {
        let timing = PeerTiming(
          numpy: numpy, peers: peers, threads: threads, peerThreads: peerThreads)
        results.append(
          float
            ? measure(shape, Float.self, timing, log: log)
            : measure(shape, Double.self, timing, log: log))
      }
    }
    var report = BenchReport(
      results: results, bridgeOverhead: numpy.flatMap { try? bridgeOverhead($0) },
      kernels: instructionSet.rawValue, numpyUnavailable: unavailable)
    report.torchUnavailable = torchUnavailable
    return report
  }

  /// What one shape's rounds time besides Swift.
  struct PeerTiming {
    var numpy: (any NumPyStepTiming)?
    var peers: [BenchPeer]
    var threads: Int
    var peerThreads: Int?
  }

  /// Alternates rounds of Swift steps and NumPy steps; the medians of the rounds' medians.
  func measure<Scalar: NetworkScalar>(
    _ shape: Shape, _: Scalar.Type, _ timing: PeerTiming, log: (String) -> Void
  ) -> BenchResult {
    let numpy = timing.numpy
    let problem = BenchProblem<Scalar>(shape)
    var network = Network(w1: problem.w1, w2: problem.w2)
    let workspace = NetworkWorkspace<Scalar>(
      batch: shape.batch, inputs: shape.inputs, hidden: shape.hidden, outputs: shape.outputs,
      instructionSet: instructionSet, threads: swiftThreads)
    var swiftTimes: [Double] = []
    var numpyTimes: [Double] = []
    var peerTimes: [BenchPeer: [Double]] = [:]
    func swiftStep() {
      _ = network.step(
        problem.x, targets: problem.y, keep: problem.keep, dropout: Self.dropout,
        learningRate: Self.learningRate, semantics: .reference, loss: .notebook,
        workspace: workspace)
    }
    for round in 0...rounds {
      if round > 0, numpy != nil, timing.threads > 1 {
        clock.pause(seconds: Self.settleSeconds)
        // After the pause the cores and Swift's threads are cold: the first steps of a
        // 2 ms step ran 1.3-1.5x slower. As many untimed steps as timed ones, so that
        // Swift is timed warm, as NumPy is (it runs right after Swift's steps).
        for _ in 0..<shape.swiftSteps { swiftStep() }
      }
      var times: [Double] = []
      times.reserveCapacity(shape.swiftSteps)
      for _ in 0..<shape.swiftSteps {
        let start = clock.nanoseconds()
        swiftStep()
        times.append(Double(clock.nanoseconds() &- start) / 1e9)
      }
      let (numpySeconds, peerSeconds) = pythonRound(problem, shape, timing, log: log)
      guard round > 0 else { continue }  // round 0 warms up
      swiftTimes.append(times.median)
      if let numpySeconds { numpyTimes.append(numpySeconds) }
      for (peer, seconds) in peerSeconds { peerTimes[peer, default: []].append(seconds) }
    }
    func median(_ peer: BenchPeer) -> Double? { peerTimes[peer].map(\.median) }
    return BenchResult(
      shape: shape.name, dtype: Scalar.dtype, threads: timing.threads,
      swiftThreads: swiftThreads, swiftSeconds: swiftTimes.median,
      numpySeconds: numpyTimes.isEmpty ? nil : numpyTimes.median,
      plainNumpySeconds: median(.plainNumPy), torchSeconds: median(.torch), flops: shape.flops,
      peakGflopsPerCore: peakGflopsPerCore[Scalar.dtype])
  }

  /// One round of NumPy's and the peers' steps, each timed inside Python; a side that fails
  /// is logged and left out.
  private func pythonRound<Scalar: NetworkScalar>(
    _ problem: BenchProblem<Scalar>, _ shape: Shape, _ timing: PeerTiming,
    log: (String) -> Void
  ) -> (numpy: Double?, peers: [BenchPeer: Double]) {
    var numpySeconds: Double?
    do {
      numpySeconds = try timing.numpy?.stepSeconds(problem, repetitions: shape.numpySteps)
    } catch {
      log("NumPy \(shape.name) \(Scalar.dtype): \(error)")
    }
    var peerSeconds: [BenchPeer: Double] = [:]
    for peer in timing.peers {
      do {
        peerSeconds[peer] = try timing.numpy?.peerStepSeconds(
          peer, problem, repetitions: shape.numpySteps, threads: timing.peerThreads)
      } catch {
        log("\(peer.rawValue) \(shape.name) \(Scalar.dtype): \(error)")
      }
    }
    return (numpySeconds, peerSeconds)
  }

  /// The bridge's own cost per call, as the bridge measures it: one evaluation of the
  /// smallest shape through the bridge, minus the time NumPy took inside Python, median of
  /// many calls.
  func bridgeOverhead(_ numpy: any NumPyStepTiming) throws -> Double {
    guard let shape = shapes.first else { return 0 }
    return try numpy.bridgeOverheadSeconds(BenchProblem<Double>(shape))
  }
}
