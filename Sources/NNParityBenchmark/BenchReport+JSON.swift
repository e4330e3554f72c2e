import NNParity
import NNParityCases
import NNParityPython

extension BenchReport {
  /// `{"results": [{"shape", "dtype", "threads", "swift_threads", "swift_seconds",
  /// "numpy_seconds", "ratio", "plain_numpy_seconds", "plain_ratio", "torch_seconds",
  /// "flops", "gflops", "peak_gflops_per_core", "peak_fraction"}, …],
  /// "bridge_overhead_seconds", "kernels", "kernel_choice", "kernel_timings" {set: seconds}}`;
  /// a figure that was not measured is null, and
  /// `numpy_unavailable` and `torch_unavailable` say why.
  package var json: JSONValue {
    func number(_ value: Double?) -> JSONValue { value.map(JSONValue.double) ?? .null }
    let rows: [JSONValue] = results.map { result in
      .object([
        ("shape", .string(result.shape)), ("dtype", .string(result.dtype.rawValue)),
        ("threads", .integer(result.threads)), ("swift_threads", .integer(result.swiftThreads)),
        ("swift_seconds", .double(result.swiftSeconds)),
        ("numpy_seconds", number(result.numpySeconds)), ("ratio", number(result.ratio)),
        ("plain_numpy_seconds", number(result.plainNumpySeconds)),
        ("plain_ratio", number(result.plainRatio)),
        ("torch_seconds", number(result.torchSeconds)), ("flops", .double(result.flops)),
        ("gflops", .double(result.gflops)),
        ("peak_gflops_per_core", number(result.peakGflopsPerCore)),
        ("peak_fraction", number(result.peakFraction)),
      ])
    }
    var members: [(key: String, value: JSONValue)] = [
      ("results", .array(rows)), ("bridge_overhead_seconds", number(bridgeOverhead)),
      ("kernels", .string(kernels)),
    ]
    if let kernelChoice { members.append(("kernel_choice", .string(kernelChoice))) }
    if !kernelTimings.isEmpty {
      members.append(
        ("kernel_timings", .object(kernelTimings.map { ($0.name, JSONValue.double($0.seconds)) })))
    }
    if let numpyUnavailable { members.append(("numpy_unavailable", .string(numpyUnavailable))) }
    if let torchUnavailable { members.append(("torch_unavailable", .string(torchUnavailable))) }
    return .object(members)
  }

  /// Reads the JSON form back (a child process's report).
  package init(json: JSONValue) throws(BenchError) {
    func number(_ value: JSONValue?) -> Double? {
      if case .number(let number, _)? = value { number } else { nil }
    }
    func string(_ value: JSONValue?) -> String? {
      if case .string(let text)? = value { text } else { nil }
    }
    guard case .array(let rows)? = json["results"], case .string(let kernels)? = json["kernels"]
    else { throw BenchError.unexpectedReport("a benchmark child printed an unexpected report") }
    var results: [BenchResult] = []
    for row in rows {
      guard case .string(let shape)? = row["shape"], case .string(let dtype)? = row["dtype"],
        let type = DType(rawValue: dtype), let threads = number(row["threads"]),
        let swift = number(row["swift_seconds"]), let threadCount = Int(exactly: threads)
      else { throw BenchError.unexpectedReport("a benchmark child printed an unexpected row") }
      let swiftThreads = number(row["swift_threads"]).flatMap { Int(exactly: $0) } ?? 1
      results.append(
        BenchResult(
          shape: shape, dtype: type, threads: threadCount, swiftThreads: swiftThreads,
          swiftSeconds: swift, numpySeconds: number(row["numpy_seconds"]),
          plainNumpySeconds: number(row["plain_numpy_seconds"]),
          torchSeconds: number(row["torch_seconds"]), flops: number(row["flops"]) ?? 0,
          peakGflopsPerCore: number(row["peak_gflops_per_core"])))
    }
    self.init(
      results: results, bridgeOverhead: number(json["bridge_overhead_seconds"]),
      kernels: kernels, numpyUnavailable: string(json["numpy_unavailable"]))
    torchUnavailable = string(json["torch_unavailable"])
    kernelChoice = string(json["kernel_choice"])
    if case .object(let timings)? = json["kernel_timings"] {
      kernelTimings = timings.compactMap { member in number(member.value).map { (member.key, $0) } }
    }
  }
}
