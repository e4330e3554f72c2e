import Foundation
import NNParityPython
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
    /// Standard output with every run of spaces and line breaks made one space, so a phrase
    /// is found wherever the report wrapped it to fit 100 columns.
    var flattened: String {
      standardOutput.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
    }
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

  /// A `--subject` command that is `nnparity evaluate` with every loss off by a relative
  /// 1e-9 (beyond every float64 loss bound, so each float64 case it evaluates fails): a
  /// script written in `folder`.
  static func lossNudgingSubject(in folder: URL) throws -> String {
    try filteredEvaluate(
      in: folder, name: "nudge",
      awk: """
        { if (match($0, /"loss":[-+0-9.eE]+/)) {
            v = substr($0, RSTART + 7, RLENGTH - 7) + 0
            $0 = substr($0, 1, RSTART + 6) sprintf("%.17g", v * (1 + 1e-9)) \
              substr($0, RSTART + RLENGTH)
          }
          print }
        """)
  }

  /// A `--subject` command that is `nnparity evaluate` with each result line rewritten by the
  /// POSIX awk program `awk` (so that no Python is needed): a script written in `folder`.
  static func filteredEvaluate(in folder: URL, name: String, awk: String) throws -> String {
    try shellSubject(
      in: folder, name: name, script: #""$NNPARITY" evaluate "$@" | awk '"# + awk + "'")
  }

  /// A `--subject` command that runs the POSIX shell `script`, with `$NNPARITY` the path of
  /// `nnparity` and the case files as its arguments: a file written in `folder`.
  static func shellSubject(in folder: URL, name: String, script: String) throws -> String {
    let file = folder.appendingPathComponent(name + ".sh")
    try "NNPARITY='\(try executable().path)'\n\(script)\n".write(
      to: file, atomically: true, encoding: .utf8)
    return "sh " + file.path
  }

  /// The interpreter the live NumPy reference runs in, for tests that run a Python program
  /// (they carry `.requiresNumPy`, so they are skipped without one and fail under
  /// `NNPARITY_REQUIRE_NUMPY=1` with the reason).
  static func python() throws -> String {
    guard case .available(let environment) = PythonAvailability.current else {
      throw PythonMissing(reason: PythonAvailability.current.description)
    }
    return environment.interpreterPath
  }

  struct PythonMissing: Error, CustomStringConvertible {
    var reason: String
    var description: String { "this test runs a Python program: \(reason)" }
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

extension Trait where Self == ConditionTrait {
  /// Runs the test only when the NumPy reference is available, or when the environment
  /// requires it (then it fails with the reason instead of being skipped).
  static var requiresNumPy: Self {
    .enabled(
      if: PythonAvailability.current.isAvailable
        || PythonAvailability.isRequired(by: ProcessInfo.processInfo.environment),
      Comment(rawValue: "needs python3 with NumPy; \(PythonAvailability.current)"))
  }
}
