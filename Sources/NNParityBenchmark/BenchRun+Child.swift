import Foundation
import NNParity
import NNParityCases
import NNParityPython

extension BenchRun {
  /// Runs `executable bench --format json --numpy-threads SETTING --threads N` followed by
  /// `extraArguments` (the command itself, in a fresh process, so NumPy is imported with the
  /// BLAS thread count set in its environment; `default` leaves it as it is) and reads its
  /// report.
  package static func child(
    executable: String, numpyThreads setting: String, swiftThreads: Int, quick: Bool,
    extraArguments: [String] = []
  ) throws(BenchError) -> BenchReport {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments =
      ["bench", "--format", "json", "--numpy-threads", setting, "--threads", "\(swiftThreads)"]
      + (quick ? ["--quick"] : []) + extraArguments
    var environment = ProcessInfo.processInfo.environment
    if setting != "default" {
      for name in ["OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"] {
        environment[name] = setting
      }
    }
    process.environment = environment
    let output = Pipe()
    process.standardOutput = output
    do {
      try process.run()
    } catch {
      throw .childFailed(setting: setting)
    }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw .childFailed(setting: setting) }
    guard let json = try? JSONReader.parse(Array(data)) else {
      throw .unexpectedReport("a benchmark child printed an unexpected report")
    }
    return try BenchReport(json: json)
  }

  /// The BLAS threads NumPy runs with under `setting`: the number itself, else
  /// `OPENBLAS_NUM_THREADS` in `environment`, else OpenBLAS's default of one per core.
  package static func threadCount(
    _ setting: String, environment: [String: String] = ProcessInfo.processInfo.environment,
    processors: Int = ProcessInfo.processInfo.activeProcessorCount
  ) -> Int {
    if let count = Int(setting) { return count }
    return environment["OPENBLAS_NUM_THREADS"].flatMap { Int($0) } ?? processors
  }
}
