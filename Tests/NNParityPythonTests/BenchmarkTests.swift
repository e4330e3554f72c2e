import Foundation
import NNParity
import NNParityConformance
import NNParityPython
import NNParityTestSupport
import Testing

/// The bridge benchmark, measured by hand (not a timed test: it asserts nothing about time).
///
///     NNPARITY_BENCH=1 swift test -c release -Xswiftc -enable-testing \
///       --filter NNParityPythonTests.BenchmarkTests
@Suite("Bridge benchmark (by hand)", .requiresNumPy)
struct BenchmarkTests {
  @Test(
    "notebook case: round trip, NumPy's own time, spawning the script; one SGD step",
    .enabled(
      if: Live.environment["NNPARITY_BENCH"] != nil,
      "a measurement, not a check: set NNPARITY_BENCH=1 (and build with -c release)"))
  func notebookCase() throws {
    let reference = try Live.reference
    try TestFiles.withTemporaryDirectory { directory in
      for dtype in DType.allCases {
        let networkCase = NNParityPythonTests.notebookCase.with(dtype: dtype)
        let bench = try reference.benchmarkEvaluation(networkCase)
        let spawn = try reference.spawnSeconds(caseFile: try networkCase.write(to: directory))
        let step =
          dtype == .float32
          ? try Self.stepSeconds(reference, networkCase, Float.self)
          : try Self.stepSeconds(reference, networkCase, Double.self)
        print(
          """
          bench \(dtype.rawValue) \(networkCase.shapeDescription): round trip \(Self.micro(bench.roundTripMedian)), \
          NumPy alone \(Self.micro(bench.numpyMedian)), bridge \(Self.micro(bench.bridgeOverheadMedian)), \
          spawning python3 \(Self.micro(spawn)); one NumPy SGD step \(Self.micro(step))
          """)
      }
    }
  }

  static func stepSeconds<Scalar: NetworkScalar>(
    _ reference: NumPyReference, _ c: NetworkCase, _: Scalar.Type
  ) throws -> Double {
    try reference.trainingStepSeconds(
      x: c.x.converted(to: Scalar.self), y: c.y.converted(), w1: c.w1.converted(),
      w2: c.w2.converted(), mask: Matrix([[1, 0, 1, 1], [0, 1, 1, 0]]), learningRate: 0.1,
      dropout: 0.4)
  }

  static func micro(_ seconds: Double) -> String {
    String(format: "%.2f µs", seconds * 1e6)
  }
}
