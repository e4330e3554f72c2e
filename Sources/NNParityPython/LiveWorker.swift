import Foundation
import NNParity
import NNParityAudit
import NNParityCases

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
/// `@unchecked Sendable`: one thread sends and one receives at a time (the pool's stream);
/// only the receiving side touches `buffer`, `start`, `chunk`, `ready` and `stopped`.
final class LiveWorker: @unchecked Sendable {
  private let process = Process()
  private let socket: Int32
  /// The worker's standard error: an unlinked temporary file, whose last line says why a
  /// worker exited (-1 when none could be made: the error goes nowhere).
  private let errorLog: Int32
  /// Received bytes; those before `start` are read.
  private var buffer: [UInt8] = []
  private var start = 0
  private var chunk = [UInt8](repeating: 0, count: 1 << 16)
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
    socket = ends[0]
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
    close(socket)  // the worker reads end of input and exits
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

  /// Sends a case's request: its arrays as ``NumPyReference`` passes them to the bridge
  /// (inputs rounded to the dtype, masks as `DropoutMasks.adapterArgument` gives them), and
  /// its `number`, which the answer repeats.
  /// A request that cannot be sent shuts the socket down, so that the worker and the
  /// receiving side both see the end rather than wait for the rest of it.
  func send(_ networkCase: NetworkCase, number: Int) throws {
    do {
      switch networkCase.dtype {
      case .float32: try send(request(networkCase, number: number, as: Float.self))
      case .float64: try send(request(networkCase, number: number, as: Double.self))
      }
    } catch {
      shutdown(socket, Int32(SHUT_RDWR))
      throw error
    }
  }

  private func request<Scalar: NetworkScalar>(
    _ networkCase: NetworkCase, number: Int, as _: Scalar.Type
  ) -> [UInt8] {
    let (x, y, w1, w2) = networkCase.inputs(as: Scalar.self)
    var train = "null"
    var masks: [Matrix<Scalar>]?
    if let training = networkCase.training {
      let configuration = training.configuration
      let argument = networkCase.dropoutMasks(training.masks, as: Scalar.self).adapterArgument(
        epochs: configuration.epochs, rows: x.rows, hidden: w1.columns)
      masks = argument.matrices
      train =
        "{\"epochs\": \(configuration.epochs), \"learning_rate\": "
        + "\(JSONWriter.number(configuration.learningRate)), \"dropout\": "
        + "\(JSONWriter.number(configuration.dropout)), \"seed\": \(argument.seed)}"
    }
    let shapes = [x, y, w1, w2].map { "[\($0.rows), \($0.columns)]" }.joined(separator: ", ")
    let header =
      "{\"case\": \(number), \"dtype\": \"\(networkCase.dtype.rawValue)\", \"semantics\": "
      + "\"\(networkCase.semantics.rawValue)\", \"epsilon\": "
      + "\(JSONWriter.number(networkCase.loss.epsilon)), \"reduction\": "
      + "\"\(networkCase.loss.reduction.rawValue)\", \"shapes\": [\(shapes)], \"train\": \(train), "
      + "\"masks\": \(masks != nil)}\n"
    var request = Array(header.utf8)
    for matrix in [x, y, w1, w2] + (masks ?? []) {
      matrix.elements.withUnsafeBytes { request += $0 }
    }
    return request
  }

  /// Reads the answer to the next request, sent for `networkCase` as case `number`: the
  /// result tensors and their error scales (the protocol is in `live_worker.py`), each
  /// checked as the embedded reference checks the bridge's (``BridgeError``).
  func receive(for networkCase: NetworkCase, number: Int) throws -> CaseResult {
    if let stopped { throw stopped }
    let answer: Answer
    do throws(StreamLost) {
      answer = try receiveAnswer(number: number)
    } catch {
      stopped = error.later
      shutdown(socket, Int32(SHUT_RDWR))  // the worker sees end of input and exits
      throw error.now
    }
    switch answer {
    case .error(let message): throw WorkerError(message: message)
    case .arrays(let arrays): return try result(of: arrays, for: networkCase)
    }
  }

  /// An answer: the reference's error, or the arrays the worker sent.
  private enum Answer {
    case error(String)
    case arrays([ReceivedArray])
  }

  /// An array as the worker described and sent it: what the buffer protocol gave it.
  private struct ReceivedArray {
    var format: String
    var itemsize: Int
    var shape: [Int]
    var bytes: ArraySlice<UInt8>

    /// The values, when the array is of `dtype` and `shape` (else a ``BridgeError`` naming
    /// it, as the embedded reference's).
    func values(_ dtype: DType, _ expected: [Int], name: String) throws -> [Double] {
      try ArrayLayout.check(
        format: format, itemsize: itemsize, shape: shape, byteCount: bytes.count,
        dtype: dtype, expected: expected, name: name)
      switch dtype {
      case .float32: return decode(as: Float.self).map(Double.init)
      case .float64: return decode(as: Double.self)
      }
    }

    private func decode<Scalar>(as _: Scalar.Type) -> [Scalar] {
      let count = bytes.count / MemoryLayout<Scalar>.size
      return [Scalar](unsafeUninitializedCapacity: count) { destination, initialized in
        bytes.withUnsafeBytes { UnsafeMutableRawBufferPointer(destination).copyMemory(from: $0) }
        initialized = count
      }
    }
  }

  /// The place in the stream is lost: `now` for this case, `later` for the rest.
  private struct StreamLost: Error {
    var now: WorkerError
    var later: WorkerError
  }

  /// The next answer, which must be case `number`'s, or `StreamLost` when it cannot be read
  /// or is another case's (then nothing after it can be trusted).
  private func receiveAnswer(number: Int) throws(StreamLost) -> Answer {
    if !ready {
      try skipToReadyLine()
      ready = true
    }
    let line = try receiveLine()
    func lost(_ message: String) -> StreamLost {
      StreamLost(
        now: WorkerError(message: message),
        later: WorkerError(
          message: "the NumPy worker was stopped after an answer that could not be read, so "
            + "that no case takes another's answer (\(message))"))
    }
    let json: JSONValue
    do {
      json = try JSONReader.parse(line)
    } catch {
      throw lost("the NumPy worker answered unreadable JSON: \(error)")
    }
    guard case .number(_, let answered?)? = json["case"], answered == number else {
      var answered = "no case number"
      if case .number(_, let other?)? = json["case"] { answered = "case \(other)" }
      throw lost("the NumPy worker answered \(answered) where case \(number) was due")
    }
    if case .string(let message)? = json["error"] { return .error(message) }
    guard case .bool(true)? = json["ok"], case .array(let described)? = json["arrays"] else {
      throw lost("the NumPy worker answered neither ok with its arrays nor an error")
    }
    var layouts: [(format: String, itemsize: Int, shape: [Int], size: Int)] = []
    var total = 0
    for item in described {
      guard case .array(let parts) = item, parts.count == 3, case .string(let format) = parts[0],
        case .number(_, let itemsize?) = parts[1], itemsize <= 64, case .array(let axes) = parts[2]
      else { throw lost("the NumPy worker described an array as \(item)") }
      var shape: [Int] = []
      var size = Int(itemsize)
      for axis in axes {
        guard case .number(_, let length?) = axis, length <= Int.max,
          case let (product, overflow) = size.multipliedReportingOverflow(by: Int(length)),
          !overflow
        else { throw lost("the NumPy worker described an array as \(item)") }
        shape.append(Int(length))
        size = product
      }
      guard case let (sum, overflow) = total.addingReportingOverflow(size), !overflow else {
        throw lost("the NumPy worker described arrays too large to read")
      }
      total = sum
      layouts.append((format, Int(itemsize), shape, size))
    }
    let data = try receiveBytes(total)
    var arrays: [ReceivedArray] = []
    var offset = data.startIndex
    for layout in layouts {
      arrays.append(
        ReceivedArray(
          format: layout.format, itemsize: layout.itemsize, shape: layout.shape,
          bytes: data[offset..<(offset + layout.size)]))
      offset += layout.size
    }
    return .arrays(arrays)
  }

  /// The case's result from the arrays of its answer: the tensors in the case's dtype (the
  /// loss as the float64 the bridge reads from it, rounded to the dtype), then their error
  /// scales in float64, checked in the embedded reference's order.
  private func result(of arrays: [ReceivedArray], for networkCase: NetworkCase) throws
    -> CaseResult
  {
    let names = networkCase.expectedTensorNames
    guard arrays.count == 2 * names.count else {
      throw WorkerError(
        message: "the NumPy worker answered \(arrays.count) arrays, expected \(2 * names.count)")
    }
    var tensors: [TensorName: Tensor] = [:]
    var scales: [TensorName: Tensor] = [:]
    for (index, name) in names.enumerated() {
      let shape = networkCase.expectedShape(of: name)
      if name == .loss {
        let loss = try arrays[index].values(.float64, [], name: "loss")[0]
        let rounded = networkCase.dtype == .float32 ? Double(Float(loss)) : loss
        tensors[name] = Tensor(shape: [], values: [rounded])
      } else {
        tensors[name] = Tensor(
          shape: shape,
          values: try arrays[index].values(networkCase.dtype, shape, name: name.rawValue))
      }
    }
    for (index, name) in names.enumerated() {
      let shape = networkCase.expectedShape(of: name)
      scales[name] = Tensor(
        shape: shape,
        values: try arrays[names.count + index].values(
          .float64, shape, name: "error_scale." + name.rawValue))
    }
    return CaseResult(
      name: networkCase.name, dtype: networkCase.dtype, tensors: tensors, errorScales: scales)
  }

  private func send(_ request: [UInt8]) throws {
    var bytes = request[...]
    while !bytes.isEmpty {
      let sent = bytes.withUnsafeBytes { sendWithoutSignal(socket, $0.baseAddress, $0.count) }
      if sent < 0, errno == EINTR { continue }
      guard sent > 0 else { throw exited("writing a case") }
      bytes = bytes.dropFirst(sent)
    }
  }

  /// Reads up to and including `readyLine`, dropping whatever the worker printed before it.
  private func skipToReadyLine() throws(StreamLost) {
    let marker = Array(Self.readyLine.utf8)
    while try receiveLine() != marker {}
  }

  private func receiveLine() throws(StreamLost) -> [UInt8] {
    var scanned = 0  // bytes after `start` known to hold no line break
    while true {
      if let end = buffer[(start + scanned)...].firstIndex(of: UInt8(ascii: "\n")) {
        let line = Array(buffer[start..<end])
        start = end + 1
        return line
      }
      scanned = buffer.count - start
      try receiveMore()
    }
  }

  /// The next `count` bytes of the answer.
  private func receiveBytes(_ count: Int) throws(StreamLost) -> ArraySlice<UInt8> {
    while buffer.count - start < count { try receiveMore() }
    let bytes = Array(buffer[start..<(start + count)])[...]
    start += count
    return bytes
  }

  /// Appends what the socket has to `buffer` (after dropping what was read).
  private func receiveMore() throws(StreamLost) {
    if start > 0 {
      buffer.removeSubrange(..<start)
      start = 0
    }
    var received = -1
    repeat {
      received = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
    } while received < 0 && errno == EINTR
    guard received > 0 else {
      let error = exited("reading its answer")
      throw StreamLost(now: error, later: error)
    }
    buffer.append(contentsOf: chunk[..<received])
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

/// `send(2)` that reports a closed peer as an error instead of raising SIGPIPE
/// (`MSG_NOSIGNAL` on Linux; on Darwin the socket has `SO_NOSIGPIPE` set instead).
private func sendWithoutSignal(_ socket: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
  #if canImport(Glibc)
    send(socket, bytes, count, Int32(MSG_NOSIGNAL))
  #else
    send(socket, bytes, count, 0)
  #endif
}
