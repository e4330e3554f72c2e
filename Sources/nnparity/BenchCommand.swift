import ArgumentParser
import Dispatch
import Foundation
import NNParity
import NNParityConformance
import NNParityPython

/// `nnparity bench`: one SGD training step timed in Swift and in NumPy, side by side.
///
/// Each BLAS thread setting runs in a fresh child process (`--numpy-threads`, with
/// `OPENBLAS_NUM_THREADS` set before NumPy is imported); inside it, Swift and NumPy
/// alternate round by round and every figure is a median.
struct BenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench",
    abstract: "Time one SGD training step in Swift and in NumPy, side by side.",
    discussion: """
      The step is forward, loss, both gradients and the update, in `reference` semantics \
      with dropout 0.4 and a fixed keep-mask, for 2x3-4-2, 128x784-256-10 and \
      1024x1024-1024-10 in float32 and float64. NumPy (the bundled reference, through the \
      embedded interpreter) is timed inside Python with time.perf_counter, with one BLAS \
      thread and with its default; Swift runs on one thread. Figures are medians per step; \
      ratio = swift / numpy. The machine's noise is large: compare ratios from one run.
      """
  )

  /// How the results are printed.
  enum Format: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
  }

  @Option(help: "Output format: text or json.")
  var format: Format = .text

  @Flag(help: "A fast smoke run: few repetitions, noisy figures.")
  var quick = false

  @Option(help: .hidden)
  var numpyThreads: String?

  func run() throws {
    let report: BenchReport
    if let numpyThreads {
      report = BenchRun(quick: quick).measure(numpyThreads: numpyThreads)
    } else {
      report = try BenchReport.merging(
        ["1", "default"].map { try BenchRun.child(numpyThreads: $0, quick: quick) })
    }
    print(format == .json ? report.json.serialized() : report.text)
  }
}

/// The sizes and repetitions of one benchmark run.
struct BenchRun {
  /// One network size, B×I-H-O.
  struct Shape {
    var batch: Int
    var inputs: Int
    var hidden: Int
    var outputs: Int
    /// Steps per round: Swift's (each timed alone) and NumPy's (one call, its median).
    var swiftSteps: Int
    var numpySteps: Int
    var name: String { "\(batch)x\(inputs)-\(hidden)-\(outputs)" }
  }

  static let learningRate = 0.01
  static let dropout = 0.4

  var shapes: [Shape]
  /// Timed rounds after one discarded warm-up round.
  var rounds: Int

  init(quick: Bool) {
    let scale = quick ? 10 : 1
    shapes = [
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
    rounds = quick ? 1 : 5
  }

  /// Runs `nnparity bench --numpy-threads SETTING` with the BLAS thread count set in its
  /// environment (`default` leaves it as it is) and reads its report.
  static func child(numpyThreads setting: String, quick: Bool) throws -> BenchReport {
    let process = Process()
    process.executableURL = URL(
      fileURLWithPath: Bundle.main.executablePath ?? CommandLine.arguments[0])
    process.arguments =
      ["bench", "--format", "json", "--numpy-threads", setting] + (quick ? ["--quick"] : [])
    var environment = ProcessInfo.processInfo.environment
    if setting != "default" {
      for name in ["OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"] {
        environment[name] = setting
      }
    }
    process.environment = environment
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw ValidationError("the benchmark for NumPy threads = \(setting) failed")
    }
    return try BenchReport(json: JSONReader.parse(Array(data)))
  }

  /// The BLAS threads NumPy runs with under `setting` (OpenBLAS's default is one per core).
  static func threadCount(_ setting: String) -> Int {
    if let count = Int(setting) { return count }
    let environment = ProcessInfo.processInfo.environment
    return environment["OPENBLAS_NUM_THREADS"].flatMap { Int($0) }
      ?? ProcessInfo.processInfo.activeProcessorCount
  }

  /// Every shape in both dtypes, in this process, with NumPy as it was loaded here.
  func measure(numpyThreads setting: String) -> BenchReport {
    let numpy: (any NumPyStepTiming)?
    var unavailable: String?
    do {
      numpy = try NumPyReference.require()
    } catch {
      (numpy, unavailable) = (nil, "\(error)")
    }
    let threads = Self.threadCount(setting)
    var results: [BenchResult] = []
    for shape in shapes {
      results.append(measure(shape, Float.self, numpy: numpy, threads: threads))
      results.append(measure(shape, Double.self, numpy: numpy, threads: threads))
    }
    return BenchReport(
      results: results, bridgeOverhead: numpy.flatMap { try? bridgeOverhead($0) },
      kernels: KernelInstructionSet.active.rawValue, numpyUnavailable: unavailable)
  }

  /// Alternates rounds of Swift steps and NumPy steps; the medians of the rounds' medians.
  func measure<Scalar: NetworkScalar>(
    _ shape: Shape, _: Scalar.Type, numpy: (any NumPyStepTiming)?, threads: Int
  ) -> BenchResult {
    let problem = BenchProblem<Scalar>(shape)
    var network = Network(w1: problem.w1, w2: problem.w2)
    let workspace = NetworkWorkspace<Scalar>(
      batch: shape.batch, inputs: shape.inputs, hidden: shape.hidden, outputs: shape.outputs)
    var swiftTimes: [Double] = []
    var numpyTimes: [Double] = []
    for round in 0...rounds {
      var times: [Double] = []
      times.reserveCapacity(shape.swiftSteps)
      for _ in 0..<shape.swiftSteps {
        let start = DispatchTime.now().uptimeNanoseconds
        _ = network.step(
          problem.x, targets: problem.y, keep: problem.keep, dropout: Self.dropout,
          learningRate: Self.learningRate, semantics: .reference, loss: .notebook,
          workspace: workspace)
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
      }
      var numpySeconds: Double?
      do {
        numpySeconds = try numpy?.stepSeconds(problem, repetitions: shape.numpySteps)
      } catch {
        StandardError.write("NumPy \(shape.name) \(Scalar.dtype): \(error)")
      }
      guard round > 0 else { continue }  // round 0 warms up
      swiftTimes.append(times.median)
      if let numpySeconds { numpyTimes.append(numpySeconds) }
    }
    return BenchResult(
      shape: shape.name, dtype: Scalar.dtype, threads: threads, swiftSeconds: swiftTimes.median,
      numpySeconds: numpyTimes.isEmpty ? nil : numpyTimes.median)
  }

  /// The bridge's own cost per call, as the bridge measures it: one evaluation of the
  /// smallest shape through the bridge, minus the time NumPy took inside Python, median of
  /// many calls.
  func bridgeOverhead(_ numpy: any NumPyStepTiming) throws -> Double {
    guard let shape = shapes.first else { return 0 }
    return try numpy.bridgeOverheadSeconds(BenchProblem<Double>(shape))
  }

}

/// The inputs of one benchmark step: uniform x in [−1, 1), weights in [−0.05, 0.05),
/// one-hot targets, and a keep-mask of rate 0.4, all drawn from NumPy's generator (seed 0).
struct BenchProblem<Scalar: NetworkScalar> {
  var x: Matrix<Scalar>
  var y: Matrix<Scalar>
  var w1: Matrix<Scalar>
  var w2: Matrix<Scalar>
  var keep: Matrix<Scalar>

  init(_ shape: BenchRun.Shape) {
    var generator = NumPyGenerator(seed: 0)
    func uniform(_ rows: Int, _ columns: Int, _ scale: Double) -> Matrix<Scalar> {
      Matrix(
        rows: rows, columns: columns,
        elements: generator.random(count: rows * columns).map { Scalar(($0 * 2 - 1) * scale) })
    }
    x = uniform(shape.batch, shape.inputs, 1)
    w1 = uniform(shape.inputs, shape.hidden, 0.05)
    w2 = uniform(shape.hidden, shape.outputs, 0.05)
    y = Matrix(rows: shape.batch, columns: shape.outputs)
    for row in 0..<shape.batch { y[row, row % shape.outputs] = 1 }
    keep = Matrix(
      rows: shape.batch, columns: shape.hidden,
      elements: generator.random(count: shape.batch * shape.hidden).map {
        $0 >= BenchRun.dropout ? 1 : 0
      })
  }
}

/// Times NumPy's training step inside Python: the seam between the benchmark and the
/// embedded bridge (`NumPyReference`), and a place for a fake in a test.
protocol NumPyStepTiming {
  /// The median seconds of one NumPy step on `problem` over `repetitions` steps, measured
  /// inside Python.
  func stepSeconds<Scalar: NetworkScalar>(_ problem: BenchProblem<Scalar>, repetitions: Int)
    throws -> Double
  /// The bridge's own cost of one evaluation of `problem`, NumPy's time excluded.
  func bridgeOverheadSeconds(_ problem: BenchProblem<Double>) throws -> Double
}

extension NumPyReference: NumPyStepTiming {
  func stepSeconds<Scalar: NetworkScalar>(_ problem: BenchProblem<Scalar>, repetitions: Int)
    throws -> Double
  {
    try trainingStepSeconds(
      x: problem.x, y: problem.y, w1: problem.w1, w2: problem.w2, mask: problem.keep,
      learningRate: BenchRun.learningRate, dropout: BenchRun.dropout, repetitions: repetitions)
  }

  func bridgeOverheadSeconds(_ problem: BenchProblem<Double>) throws -> Double {
    let networkCase = NetworkCase(
      name: "bench-overhead", x: problem.x, y: problem.y, w1: problem.w1, w2: problem.w2)
    return try benchmarkEvaluation(networkCase).bridgeOverheadMedian
  }
}

/// One row of the report.
struct BenchResult {
  var shape: String
  var dtype: DType
  /// NumPy's BLAS threads (Swift runs on one).
  var threads: Int
  var swiftSeconds: Double
  var numpySeconds: Double?
  var ratio: Double? { numpySeconds.map { swiftSeconds / $0 } }
}

/// The benchmark's results, as JSON or as a table.
struct BenchReport {
  var results: [BenchResult]
  var bridgeOverhead: Double?
  var kernels: String
  var numpyUnavailable: String?

  /// One report from those of the thread settings, in order.
  static func merging(_ reports: [BenchReport]) -> BenchReport {
    let overheads = reports.compactMap(\.bridgeOverhead)
    return BenchReport(
      results: reports.flatMap(\.results), bridgeOverhead: overheads.min(),
      kernels: reports.first?.kernels ?? KernelInstructionSet.active.rawValue,
      numpyUnavailable: reports.compactMap(\.numpyUnavailable).first)
  }

  /// `{"results": [{"shape", "dtype", "threads", "swift_threads", "swift_seconds",
  /// "numpy_seconds", "ratio"}, …], "bridge_overhead_seconds", "kernels"}`; NumPy's
  /// figures are null (and `numpy_unavailable` says why) without NumPy.
  var json: JSONValue {
    func number(_ value: Double?) -> JSONValue { value.map(JSONValue.double) ?? .null }
    func integer(_ value: Int) -> JSONValue {
      .number(Double(value), exactInteger: UInt64(exactly: value))
    }
    let rows: [JSONValue] = results.map { result in
      .object([
        ("shape", .string(result.shape)), ("dtype", .string(result.dtype.rawValue)),
        ("threads", integer(result.threads)), ("swift_threads", integer(1)),
        ("swift_seconds", .double(result.swiftSeconds)),
        ("numpy_seconds", number(result.numpySeconds)), ("ratio", number(result.ratio)),
      ])
    }
    var members: [(key: String, value: JSONValue)] = [
      ("results", .array(rows)), ("bridge_overhead_seconds", number(bridgeOverhead)),
      ("kernels", .string(kernels)),
    ]
    if let numpyUnavailable { members.append(("numpy_unavailable", .string(numpyUnavailable))) }
    return .object(members)
  }

  /// Reads the JSON form back (a child process's report).
  init(json: JSONValue) throws {
    func number(_ value: JSONValue?) -> Double? {
      if case .number(let number, _)? = value { number } else { nil }
    }
    guard case .array(let rows)? = json["results"], case .string(let kernels)? = json["kernels"]
    else { throw ValidationError("a benchmark child printed an unexpected report") }
    results = try rows.map { row in
      guard case .string(let shape)? = row["shape"], case .string(let dtype)? = row["dtype"],
        let type = DType(rawValue: dtype), let threads = number(row["threads"]),
        let swift = number(row["swift_seconds"])
      else { throw ValidationError("a benchmark child printed an unexpected row") }
      return BenchResult(
        shape: shape, dtype: type, threads: Int(threads), swiftSeconds: swift,
        numpySeconds: number(row["numpy_seconds"]))
    }
    bridgeOverhead = number(json["bridge_overhead_seconds"])
    self.kernels = kernels
    if case .string(let reason)? = json["numpy_unavailable"] { numpyUnavailable = reason }
  }

  init(results: [BenchResult], bridgeOverhead: Double?, kernels: String, numpyUnavailable: String?)
  {
    (self.results, self.bridgeOverhead, self.kernels, self.numpyUnavailable) = (
      results, bridgeOverhead, kernels, numpyUnavailable
    )
  }

  /// A table, one row per result, times in convenient units.
  var text: String {
    func duration(_ seconds: Double?) -> String {
      guard let seconds else { return "—" }
      return seconds < 1e-3
        ? String(format: "%.2f µs", seconds * 1e6) : String(format: "%.3f ms", seconds * 1e3)
    }
    func pad(_ text: String, _ width: Int) -> String {
      text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
    var lines = [
      "Swift kernels: \(kernels) (one thread); NumPy threads as shown. Medians per SGD step.",
      pad("shape", 20) + pad("dtype", 9) + pad("threads", 9) + pad("swift", 13)
        + pad("numpy", 13) + "ratio",
    ]
    for result in results {
      lines.append(
        pad(result.shape, 20) + pad(result.dtype.rawValue, 9) + pad("\(result.threads)", 9)
          + pad(duration(result.swiftSeconds), 13) + pad(duration(result.numpySeconds), 13)
          + (result.ratio.map { String(format: "%.3f", $0) } ?? "—"))
    }
    lines.append("bridge overhead per call: \(duration(bridgeOverhead))")
    if let numpyUnavailable { lines.append("NumPy unavailable: \(numpyUnavailable)") }
    return lines.joined(separator: "\n")
  }
}
