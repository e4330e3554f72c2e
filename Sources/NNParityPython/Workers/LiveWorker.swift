import Foundation
import NNParity
import NNParityAudit
import NNParityCases
import NNParityProcesses

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One worker process, talked to over a socket pair as its standard input and output (a
/// socket, unlike a pipe, can be written with `MSG_NOSIGNAL`: a dead worker is an error,
/// not a SIGPIPE).
///
/// What the worker wrote to its standard output before `readyLine` (a `sitecustomize`,
/// `usercustomize` or `.pth` file that prints as Python starts, before `live_worker.py` can
/// keep standard output to itself) is skipped: it is not an answer.
///
/// An answer whose place in the stream is lost (the worker exited, or a line is not an
/// answer) stops the worker: its socket is shut down, and every later case fails with the
/// reason rather than take the answer meant for another case.
///
/// The wire protocol is in `WorkerRequest` and `WorkerAnswer`; the bytes go through a
/// `SocketStream`.
///
/// `@unchecked Sendable`: one thread sends and one receives at a time (the pool's stream);
/// only the receiving side touches `ready` and `stopped`.
final class LiveWorker: @unchecked Sendable {
  private let process = Process()
  private let stream: SocketStream
  /// The worker's standard error: an unlinked temporary file, whose last line says why a
  /// worker exited (-1 when none could be made: the error goes nowhere).
  private let errorLog: Int32
  /// Why the answers cannot be read any more; every later case fails with it.
  private var stopped: WorkerError?
  /// Whether `readyLine` was read: the answers come after it.
  private var ready = false
  /// The line `live_worker.py` writes (after a line break) before its first answer.
  static let readyLine = "NNPARITY-WORKER-READY"
  /// The environment variable giving `live_worker.py` its `sys.path` after its own folder:
  /// a JSON array of strings.
  static let modulePathVariable = "NNPARITY_WORKER_SYS_PATH"

  init(executable: String, referenceDirectory: String, environment extra: [String: String])
    throws
  {
    var ends: [Int32] = [0, 0]
    // Close-on-exec, so no other child (another worker) inherits either end and keeps a
    // socket open after its owner closed it: end of input must reach the worker, and a
    // worker's exit must reach the reader as end of file.
    #if canImport(Glibc)
      let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
    #else
      let type = SOCK_STREAM
    #endif
    guard socketpair(AF_UNIX, type, 0, &ends) == 0 else {
      throw WorkerError(message: "cannot create a socket pair: errno \(errno)")
    }
    #if canImport(Darwin)
      for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
      var on: Int32 = 1
      setsockopt(ends[0], SOL_SOCKET, SO_NOSIGPIPE, &on, socklen_t(MemoryLayout<Int32>.size))
    #endif
    stream = SocketStream(socket: ends[0])
    errorLog = Self.temporaryFile()
    let child = FileHandle(fileDescriptor: ends[1], closeOnDealloc: true)
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = [referenceDirectory + "/live_worker.py"]
    // The environment the embedded interpreter has: BLAS threads included, since a thread
    // count can change how a product is rounded.
    process.environment = ProcessInfo.processInfo.environment.merging(extra) { $1 }
    process.standardInput = child
    process.standardOutput = child
    process.standardError =
      errorLog >= 0
      ? FileHandle(fileDescriptor: errorLog, closeOnDealloc: false) : FileHandle.nullDevice
    do {
      try process.run()
      // The worker has its own copy now; ours would keep its end open after it exits.
      try child.close()
    } catch {
      // `deinit` closes the socket and the log: `self` is whole, so it runs.
      throw WorkerError(
        message: "cannot start \(executable) \(referenceDirectory)/live_worker.py: \(error)")
    }
  }

  deinit {
    close(stream.socket)  // the worker reads end of input and exits
    // One that ignores end of input (stuck in a patched reference, say) must not keep
    // `nnparity` from exiting.
    if !process.exits(within: Self.exitGrace) { process.stop(grace: Self.exitGrace) }
    if errorLog >= 0 { close(errorLog) }
  }

  /// How long a worker has to exit after its input ends before it is sent SIGTERM, and
  /// then before SIGKILL.
  static let exitGrace: Duration = .seconds(2)

  /// A new temporary file, already unlinked and closed on exec; -1 when none can be made.
  private static func temporaryFile() -> Int32 {
    var template = Array(
      (FileManager.default.temporaryDirectory.path + "/nnparity-worker-XXXXXX").utf8CString)
    let file = template.withUnsafeMutableBufferPointer { path in
      path.baseAddress.map { mkstemp($0) } ?? -1
    }
    guard file >= 0 else { return -1 }
    template.withUnsafeBufferPointer { path in _ = path.baseAddress.map { unlink($0) } }
    _ = fcntl(file, F_SETFD, FD_CLOEXEC)
    return file
  }

  /// Sends a case's request (`NetworkCase.workerRequest`) with its `number`, which the
  /// answer repeats. A request that cannot be sent shuts the socket down, so that the worker
  /// and the receiving side both see the end rather than wait for the rest of it.
  func send(_ networkCase: NetworkCase, number: Int) throws {
    do {
      try stream.send(networkCase.workerRequest(number: number))
    } catch {
      stream.shutDown()
      throw exited("writing a case")
    }
  }

  /// Reads the answer to the next request, sent for `networkCase` as case `number`: the
  /// result tensors and their error scales, each checked as the embedded reference checks
  /// the bridge's (``BridgeError``). An answer whose place in the stream is lost stops the
  /// worker: this case fails with why, and every later one with `stopped`.
  func receive(for networkCase: NetworkCase, number: Int) throws -> CaseResult {
    if let stopped { throw stopped }
    let answer: WorkerAnswer
    do throws(WorkerAnswer.Failure) {
      if !ready {
        try skipToReadyLine()
        ready = true
      }
      answer = try WorkerAnswer.read(from: stream, number: number)
    } catch {
      let (now, later) = lost(error)
      stopped = later
      stream.shutDown()  // the worker sees end of input and exits
      throw now
    }
    switch answer {
    case .error(let message): throw WorkerError(message: message)
    case .arrays(let arrays): return try networkCase.result(of: arrays)
    }
  }

  /// The errors for this case and the later ones when the stream is lost.
  private func lost(_ failure: WorkerAnswer.Failure) -> (now: WorkerError, later: WorkerError) {
    switch failure {
    case .ended:
      let error = exited("reading its answer")
      return (error, error)
    case .unreadable(let message):
      return (
        WorkerError(message: message),
        WorkerError(
          message: "the NumPy worker was stopped after an answer that could not be read, so "
            + "that no case takes another's answer (\(message))")
      )
    }
  }

  /// Reads up to and including `readyLine`, dropping whatever the worker printed before it.
  private func skipToReadyLine() throws(WorkerAnswer.Failure) {
    let marker = Array(Self.readyLine.utf8)
    do {
      while try stream.receiveLine() != marker {}
    } catch {
      throw .ended
    }
  }

  /// How long a worker whose socket has closed is given to exit, so that the error can say
  /// how it ended: its end of the socket closes as it exits, a moment before this process
  /// learns its status.
  static let exitWait: Duration = .seconds(10)

  /// The error for a worker whose socket has closed (end of file, or a failed send): how the
  /// process ended, once it has (waiting up to `exitWait`), and the last line of its
  /// standard error.
  private func exited(_ doing: String) -> WorkerError {
    let ended =
      process.exits(within: Self.exitWait)
      ? process.ending : "closed its socket but is still running"
    let reason = lastErrorLine().map { ": \($0)" } ?? ""
    return WorkerError(message: "the NumPy worker process \(ended) (\(doing))\(reason)")
  }

  /// The last line the worker wrote to its standard error (at most 300 characters), if any.
  private func lastErrorLine() -> String? {
    guard errorLog >= 0 else { return nil }
    let end = lseek(errorLog, 0, SEEK_END)
    guard end > 0 else { return nil }
    let size = Int(Swift.min(end, 4096))
    var tail = [UInt8](repeating: 0, count: size)
    let read = tail.withUnsafeMutableBytes {
      pread(errorLog, $0.baseAddress, size, end - off_t(size))
    }
    guard read > 0 else { return nil }
    let line = String(decoding: tail[..<read], as: UTF8.self).split(whereSeparator: \.isNewline)
      .last { !$0.allSatisfy(\.isWhitespace) }
    return line.map { String($0.trimmingCharacters(in: .whitespaces).prefix(300)) }
  }
}
