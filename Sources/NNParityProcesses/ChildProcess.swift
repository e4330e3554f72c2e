import Foundation

/// What a child process printed, and how it ended.
package struct ChildOutput: Sendable {
  package let standardOutput: Data
  package let standardError: Data
  /// Its exit status (or the signal that killed it), and that in words: "exited with
  /// status 1", "was killed by signal 9".
  package let status: Int32
  package let ending: String
}

/// Runs child processes without letting them hang the caller: both pipes drained together,
/// and a child that outlives its time stopped with SIGTERM, then SIGKILL.
package enum ChildProcess {
  /// Why a child could not be run to its end.
  package enum Failure: Error, Sendable {
    /// It could not be started.
    case cannotStart(String)
    /// It did not exit within the time it was given, and was stopped.
    case timedOut
  }

  /// Runs `executable` with `arguments` (and `environment`, else this process's; standard
  /// input `/dev/null` when `nullInput`, else this process's). With `timeout`, a child still
  /// running then is stopped (SIGTERM, then SIGKILL two seconds later) and what it printed
  /// is dropped; its pipes are read only two seconds past its exit, so a grandchild that
  /// keeps one open cannot hang the caller. Without, the call waits for both.
  package static func run(
    _ executable: String, arguments: [String], environment: [String: String]? = nil,
    nullInput: Bool = true, timeout: Duration? = nil
  ) throws(Failure) -> ChildOutput {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment { process.environment = environment }
    let (output, errors) = (Pipe(), Pipe())
    process.standardOutput = output
    process.standardError = errors
    if nullInput { process.standardInput = FileHandle.nullDevice }
    do {
      try process.run()
    } catch {
      throw .cannotStart(error.localizedDescription)
    }
    let (stdout, stderr) = (PipeReader(output), PipeReader(errors))
    if let timeout {
      guard process.exits(within: timeout) else {
        process.stop(grace: .seconds(2))
        throw .timedOut
      }
    }
    let grace: Duration? = timeout == nil ? nil : .seconds(2)
    let (outputData, errorData) = (stdout.data(grace: grace), stderr.data(grace: grace))
    process.waitUntilExit()
    return ChildOutput(
      standardOutput: outputData, standardError: errorData, status: process.terminationStatus,
      ending: process.ending)
  }
}
