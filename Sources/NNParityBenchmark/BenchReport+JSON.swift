import NNParity
import NNParityConformance

extension BenchReport {
  /// `{"results": [{"shape", "dtype", "threads", "swift_threads", "swift_seconds",
  /// "numpy_seconds", "ratio"}, …], "bridge_overhead_seconds", "kernels"}`; NumPy's
  /// figures are null (and `numpy_unavailable` says why) without NumPy.
  package var json: JSONValue {
    func number(_ value: Double?) -> JSONValue { value.map(JSONValue.double) ?? .null }
    let rows: [JSONValue] = results.map { result in
      .object([
        ("shape", .string(result.shape)), ("dtype", .string(result.dtype.rawValue)),
        ("threads", .integer(result.threads)), ("swift_threads", .integer(1)),
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
  package init(json: JSONValue) throws(BenchError) {
    func number(_ value: JSONValue?) -> Double? {
      if case .number(let number, _)? = value { number } else { nil }
    }
    guard case .array(let rows)? = json["results"], case .string(let kernels)? = json["kernels"]
    else { throw BenchError.unexpectedReport("a benchmark child printed an unexpected report") }
    var results: [BenchResult] = []
    for row in rows {
      guard case .string(let shape)? = row["shape"], case .string(let dtype)? = row["dtype"],
        let type = DType(rawValue: dtype), let threads = number(row["threads"]),
        let swift = number(row["swift_seconds"]), let threadCount = Int(exactly: threads)
      else { throw BenchError.unexpectedReport("a benchmark child printed an unexpected row") }
      results.append(
        BenchResult(
          shape: shape, dtype: type, threads: threadCount, swiftSeconds: swift,
          numpySeconds: number(row["numpy_seconds"])))
    }
    var numpyUnavailable: String?
    if case .string(let reason)? = json["numpy_unavailable"] { numpyUnavailable = reason }
    self.init(
      results: results, bridgeOverhead: number(json["bridge_overhead_seconds"]),
      kernels: kernels, numpyUnavailable: numpyUnavailable)
  }
}
