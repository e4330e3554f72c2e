import Foundation
import NNParityTestSupport
import Testing

/// Runs the built `nnparity` executable as a user would.
struct CommandRunner {
  struct Output {
    var status: Int32
    var standardOutput: String
    var standardError: String
    var outputLines: [String] { standardOutput.split(separator: "\n").map(String.init) }
    var errorLines: [String] { standardError.split(separator: "\n").map(String.init) }
    /// Standard output, `flattened`: a phrase is found wherever the report wrapped it to
    /// fit 100 columns.
    var flattened: String { standardOutput.flattened }
  }

  /// The package root.
  static let packageRoot = TestFiles.packageRoot

  /// `nnparity` beside the test bundle (SwiftPM builds it first: the test target depends on
  /// it).
  static func executable() throws -> URL {
    let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
      .appendingPathComponent("nnparity")
    let candidates = [besideTests, packageRoot.appendingPathComponent(".build/debug/nnparity")]
    return try #require(
      candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) },
      "nnparity executable not found in \(candidates.map(\.path))")
  }

  /// Runs `nnparity` (or `program`) with `arguments` in the package root (or in
  /// `directory`); `environment` adds to the tests' own.
  static func run(
    _ arguments: [String], environment: [String: String] = [:], standardInput: URL? = nil,
    program: URL? = nil, directory: URL? = nil
  ) throws -> Output {
    let process = Process()
    process.executableURL = try program ?? executable()
    process.arguments = arguments
    process.currentDirectoryURL = directory ?? packageRoot
    // Each test says what it requires: NNPARITY_REQUIRE_NUMPY=1 given to `swift test` is for
    // the tests' own live checks, not for the audits a test runs.
    var inherited = ProcessInfo.processInfo.environment
    inherited["NNPARITY_REQUIRE_NUMPY"] = nil
    process.environment = inherited.merging(environment) { $1 }
    let (out, err) = (Pipe(), Pipe())
    process.standardOutput = out
    process.standardError = err
    if let standardInput {
      process.standardInput = try FileHandle(forReadingFrom: standardInput)
    }
    try process.run()
    // Drain stderr on another thread while stdout is read, so neither pipe can fill up
    // and block the child.
    nonisolated(unsafe) var errorData = Data()
    let errorDone = DispatchSemaphore(value: 0)
    Thread.detachNewThread {
      errorData = err.fileHandleForReading.readDataToEndOfFile()
      errorDone.signal()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    errorDone.wait()
    process.waitUntilExit()
    return Output(
      status: process.terminationStatus,
      standardOutput: String(decoding: outData, as: UTF8.self),
      standardError: String(decoding: errorData, as: UTF8.self))
  }

  /// The most virtual memory, in KiB, `runLimited` gives its script.
  static let memoryLimit = 1_000_000

  /// Whether `nnparity` starts with its virtual memory limited to `memoryLimit`: not when
  /// built with a sanitizer, whose shadow memory is terabytes of address space.
  static let startsUnderMemoryLimit: Bool = {
    let probe = try? run(
      ["-c", "ulimit -v \(memoryLimit) && exec \"$NNPARITY\" --version"],
      environment: ["NNPARITY": (try? executable().path) ?? "nnparity"],
      program: URL(fileURLWithPath: "/bin/sh"))
    return probe?.status == 0
  }()

  /// Runs `/bin/sh -c script`, with `$NNPARITY` the path of `nnparity`, and with virtual
  /// memory limited to `memoryLimit` when `nnparity` starts under that limit: a test of
  /// input that never ends (`/dev/zero`, `yes`) then fails, rather than eats the machine,
  /// if reading it were unbounded again.
  static func runLimited(_ script: String) throws -> Output {
    let limit = startsUnderMemoryLimit ? "ulimit -v \(memoryLimit); " : ""
    return try run(
      ["-c", limit + script], environment: ["NNPARITY": try executable().path],
      program: URL(fileURLWithPath: "/bin/sh"))
  }
}
