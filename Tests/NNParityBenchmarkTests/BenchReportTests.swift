import NNParity
import NNParityBenchmark
import NNParityCases
import NNParityPython
import Testing

/// The report's JSON (what a child process prints and its parent reads), its table, and
/// merging the thread settings' reports.
@Suite("Benchmark report")
struct BenchReportTests {
  static let report = BenchReport(
    results: [
      BenchResult(
        shape: "2x3-4-2", dtype: .float32, threads: 1, swiftSeconds: 5e-7, numpySeconds: 2e-6,
        plainNumpySeconds: 1e-6, torchSeconds: 4e-6, flops: 192, peakGflopsPerCore: 0.768),
      BenchResult(
        shape: "128x784-256-10", dtype: .float64, threads: 2, swiftThreads: 2,
        swiftSeconds: 0.0015, numpySeconds: nil, flops: 3e6),
    ], bridgeOverhead: 3e-6, kernels: "avx2", numpyUnavailable: nil)

  @Test("a second calibration raises a row's peak, never lowers it, and adds none")
  func raisedPeaks() {
    var report = Self.report
    report.raisePeaks(to: [.float32: 1.536, .float64: 99])
    #expect(report.results[0].peakGflopsPerCore == 1.536)
    #expect(abs((report.results[0].peakFraction ?? 0) - 0.25) < 1e-12)
    #expect(report.results[1].peakGflopsPerCore == nil)
    report.raisePeaks(to: [.float32: 0.1])
    #expect(report.results[0].peakGflopsPerCore == 1.536)
  }

  @Test("JSON has the documented keys, null without NumPy, and reads back to the same report")
  func json() throws {
    let json = Self.report.json
    guard case .array(let rows)? = json["results"] else {
      Issue.record("no results array")
      return
    }
    #expect(rows.count == 2)
    #expect(rows[0]["threads"] == .number(1, exactInteger: 1))
    #expect(rows[0]["swift_threads"] == .number(1, exactInteger: 1))
    #expect(rows[0]["ratio"] == .number(0.25, exactInteger: nil))
    #expect(rows[1]["numpy_seconds"] == .null && rows[1]["ratio"] == .null)
    #expect(rows[0]["plain_numpy_seconds"] == .number(1e-6, exactInteger: nil))
    #expect(rows[0]["plain_ratio"] == .number(0.5, exactInteger: nil))
    #expect(rows[0]["torch_seconds"] == .number(4e-6, exactInteger: nil))
    let first = Self.report.results[0]
    #expect(abs(first.gflops - 0.384) < 1e-12 && abs((first.peakFraction ?? 0) - 0.5) < 1e-12)
    #expect(rows[0]["gflops"] == .double(first.gflops))
    #expect(rows[0]["peak_fraction"] == first.peakFraction.map(JSONValue.double))
    #expect(rows[1]["swift_threads"] == .number(2, exactInteger: 2))
    #expect(rows[1]["plain_numpy_seconds"] == .null && rows[1]["plain_ratio"] == .null)
    #expect(rows[1]["torch_seconds"] == .null && rows[1]["peak_fraction"] == .null)
    #expect(json["kernels"] == .string("avx2"))
    #expect(json["numpy_unavailable"] == nil)
    let text = json.serialized()
    let again = try BenchReport(json: try JSONReader.parse(Array(text.utf8)))
    #expect(again == Self.report)
  }

  @Test("a report that is not one is an error, not a trap")
  func badJSON() {
    #expect(throws: BenchError.unexpectedReport("a benchmark child printed an unexpected report")) {
      try BenchReport(json: .object([]))
    }
    let badRow = JSONValue.object([
      ("results", .array([.object([("shape", .string("2x3-4-2"))])])), ("kernels", .string("x")),
    ])
    #expect(throws: BenchError.unexpectedReport("a benchmark child printed an unexpected row")) {
      try BenchReport(json: badRow)
    }
  }

  @Test("the table: fixed columns, µs below a millisecond, ms above, — for no figure")
  func text() {
    let lines = Self.report.text.split(separator: "\n").map(String.init)
    #expect(
      lines == [
        "Swift kernels: avx2, threads: 1, 2; NumPy, plain NumPy and PyTorch with the BLAS "
          + "threads shown. Medians per SGD step.",
        "shape               dtype    threads  swift/T swift        n"
          + "umpy        ratio   plain        ratio   torch        GFLOP/s  peak",
        "2x3-4-2             float32  1        1       0.50 µs      2"
          + ".00 µs      0.250   1.00 µs      0.500   4.00 µs      0.4      50 %",
        "128x784-256-10      float64  2        2       1.500 ms     —"
          + "            —       —            —       —            2.0      —",
        "bridge overhead per call: 3.00 µs",
      ])
  }

  @Test("merging: every row in order, the smallest overhead, the first reason")
  func merging() {
    let one = BenchReport(
      results: [Self.report.results[0]], bridgeOverhead: 4e-6, kernels: "avx2",
      numpyUnavailable: nil)
    let two = BenchReport(
      results: [Self.report.results[1]], bridgeOverhead: 3e-6, kernels: "baseline",
      numpyUnavailable: "no numpy")
    let merged = BenchReport.merging([one, two])
    #expect(merged.results == Self.report.results)
    #expect(merged.bridgeOverhead == 3e-6)
    #expect(merged.kernels == "avx2")
    #expect(merged.numpyUnavailable == "no numpy")
  }

  func spaces(_ count: Int) -> String { String(repeating: " ", count: count) }
}
