import Foundation
import NNParity
import NNParityConformance

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The NumPy reference in worker processes (`reference/live_worker.py`), one per core, so a
/// long audit runs the reference's Python on every core: the embedded interpreter runs
/// Python on one core at a time (the GIL).
///
/// Each worker runs the same interpreter and calls the same bridge functions on the same
/// arrays as the embedded ``NumPyReference``, so it gives the same numbers. Many cases
/// (``evaluate(_:each:)``) are dealt out to the workers in turn and streamed: a worker
/// always has its next case waiting, and results are handed back in order as they come.
/// A single case (``evaluate(_:)``, e.g. the float32 arbiter's float64 rerun) is computed
/// by the embedded reference, so it never waits behind a stream. The workers end when the
/// pool is released.
public final class NumPyWorkerPool: LiveReference, @unchecked Sendable {
  // `@unchecked Sendable`: the workers are used by one stream at a time (`streaming`), and
  // within it each worker by one writing and one reading thread, which share nothing but
  // the socket.
  private let workers: [LiveWorker]
  private let embedded: NumPyReference
  private let streaming = NSLock()

  /// Starts `count` workers (at least one) running `executable` (a Python with NumPy) on
  /// `referenceDirectory/live_worker.py`; `embedded` computes single cases.
  init(count: Int, executable: String, referenceDirectory: String, embedded: NumPyReference)
    throws
  {
    var workers: [LiveWorker] = []
    for _ in 0..<Swift.max(count, 1) {
      workers.append(try LiveWorker(executable: executable, referenceDirectory: referenceDirectory))
    }
    self.workers = workers
    self.embedded = embedded
  }

  /// How many worker processes run the reference.
  public var count: Int { workers.count }

  /// "in N worker processes".
  public var placement: String {
    count == 1 ? "in 1 worker process" : "in \(count) worker processes"
  }

  /// The reference's result for one case: the embedded reference's.
  public func evaluate(_ networkCase: NetworkCase) throws -> CaseResult {
    try embedded.evaluate(networkCase)
  }

  /// The reference's results for `cases`, computed by the workers (case `i` by worker
  /// `i % count`) while `each` handles the ones already back, in order.
  public func evaluate(
    _ cases: [NetworkCase], each: (_ index: Int, _ result: Result<CaseResult, any Error>) -> Void
  ) {
    streaming.lock()
    defer { streaming.unlock() }
    let board = ResultBoard(count: cases.count)
    for (number, worker) in workers.enumerated() {
      let mine = Array(stride(from: number, to: cases.count, by: workers.count))
      // A writer and a reader per worker, so neither side's socket buffer can fill up and
      // stall the other. A dead worker fails its remaining cases, each with the reason.
      Thread {
        for index in mine {
          guard (try? worker.send(cases[index])) != nil else { return }
        }
      }.start()
      Thread {
        for index in mine {
          board.put(Result { try worker.receive(for: cases[index]) }, at: index)
        }
      }.start()
    }
    for index in cases.indices { each(index, board.take(index)) }
  }
}

/// The results of one stream, put by the reading threads and taken in order by the caller.
private final class ResultBoard: @unchecked Sendable {
  // `@unchecked Sendable`: `slots` is only touched with `condition` locked.
  private let condition = NSCondition()
  private var slots: [Result<CaseResult, any Error>?]

  init(count: Int) { slots = Array(repeating: nil, count: count) }

  func put(_ result: Result<CaseResult, any Error>, at index: Int) {
    condition.lock()
    slots[index] = result
    condition.broadcast()
    condition.unlock()
  }

  /// Result `index`, waiting for it; its slot is emptied (each is taken once).
  func take(_ index: Int) -> Result<CaseResult, any Error> {
    condition.lock()
    defer { condition.unlock() }
    while true {
      if let result = slots[index] {
        slots[index] = nil
        return result
      }
      condition.wait()
    }
  }
}

extension NumPyReference {
  /// A pool of `count` worker processes running this reference with this interpreter
  /// (``NumPyWorkerPool``); throws when a process cannot be started.
  public func workerPool(count: Int) throws -> NumPyWorkerPool {
    try NumPyWorkerPool(
      count: count, executable: runtime.interpreter.executable,
      referenceDirectory: environment.referenceDirectory, embedded: self)
  }
}

/// A worker's failure: it could not start, it exited, or it answered something unreadable;
/// or the reference's own error for the case (`CaseError`, as the worker reported it).
public struct WorkerError: Error, Sendable, Equatable, CustomStringConvertible {
  /// What went wrong.
  public let message: String

  /// `message` itself.
  public var description: String { message }
}

/// One worker process, talked to over a socket pair as its standard input and output (a
/// socket, unlike a pipe, can be written with `MSG_NOSIGNAL`: a dead worker is an error,
/// not a SIGPIPE).
///
/// `@unchecked Sendable`: one thread sends and one receives at a time (the pool's stream);
/// only the receiving side touches `buffer`, `start` and `chunk`.
private final class LiveWorker: @unchecked Sendable {
  private let process = Process()
  private let socket: Int32
  /// Received bytes; those before `start` are read.
  private var buffer: [UInt8] = []
  private var start = 0
  private var chunk = [UInt8](repeating: 0, count: 1 << 16)

  init(executable: String, referenceDirectory: String) throws {
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
    let child = FileHandle(fileDescriptor: ends[1], closeOnDealloc: true)
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = [referenceDirectory + "/live_worker.py"]
    var environment = ProcessInfo.processInfo.environment
    // The cases are tiny: one BLAS thread per worker, so idle BLAS threads spinning after a
    // call do not take the cores the other workers run on. (BLAS threads never split a sum,
    // so the numbers are the same.)
    for name in ["OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"] {
      environment[name] = "1"
    }
    process.environment = environment
    process.standardInput = child
    process.standardOutput = child
    process.standardError = FileHandle.nullDevice
    do {
      try process.run()
      // The worker has its own copy now; ours would keep its end open after it exits.
      try child.close()
    } catch {
      close(socket)
      throw WorkerError(
        message: "cannot start \(executable) \(referenceDirectory)/live_worker.py: \(error)")
    }
  }

  deinit {
    close(socket)  // the worker reads end of input and exits
    process.waitUntilExit()
  }

  /// Sends a case's request: its arrays as ``NumPyReference`` passes them to the bridge
  /// (inputs rounded to the dtype, masks as `DropoutMasks.adapterArgument` gives them).
  func send(_ networkCase: NetworkCase) throws {
    switch networkCase.dtype {
    case .float32: try send(request(networkCase, as: Float.self))
    case .float64: try send(request(networkCase, as: Double.self))
    }
  }

  private func request<Scalar: NetworkScalar>(_ networkCase: NetworkCase, as _: Scalar.Type)
    -> [UInt8]
  {
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
      "{\"dtype\": \"\(networkCase.dtype.rawValue)\", \"semantics\": "
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

  /// Reads the answer to the next request, sent for `networkCase`: the result tensors and
  /// their error scales (the protocol is in `live_worker.py`).
  func receive(for networkCase: NetworkCase) throws -> CaseResult {
    let answer = try receiveLine()
    let json: JSONValue
    do {
      json = try JSONReader.parse(answer)
    } catch {
      throw WorkerError(message: "the NumPy worker answered unreadable JSON: \(error)")
    }
    if case .string(let message)? = json["error"] { throw WorkerError(message: message) }
    guard case .bool(true)? = json["ok"] else {
      throw WorkerError(message: "the NumPy worker answered neither ok nor an error")
    }
    let names = networkCase.expectedTensorNames
    let shapes = names.map { networkCase.expectedShape(of: $0) }
    let counts = shapes.map { $0.reduce(1, *) }
    let values = try receiveDoubles(2 * counts.reduce(0, +))
    var tensors: [TensorName: Tensor] = [:]
    var scales: [TensorName: Tensor] = [:]
    var offset = 0
    for pass in 0..<2 {
      for (index, name) in names.enumerated() {
        let tensor = Tensor(
          shape: shapes[index], values: Array(values[offset..<(offset + counts[index])]))
        if pass == 0 { tensors[name] = tensor } else { scales[name] = tensor }
        offset += counts[index]
      }
    }
    return CaseResult(
      name: networkCase.name, dtype: networkCase.dtype, tensors: tensors, errorScales: scales)
  }

  private func send(_ request: [UInt8]) throws {
    var bytes = request[...]
    while !bytes.isEmpty {
      let sent = bytes.withUnsafeBytes { sendWithoutSignal(socket, $0.baseAddress, $0.count) }
      guard sent > 0 else { throw exited("writing a case") }
      bytes = bytes.dropFirst(sent)
    }
  }

  private func receiveLine() throws -> [UInt8] {
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

  /// The next `count` float64 values of the answer.
  private func receiveDoubles(_ count: Int) throws -> [Double] {
    let size = count * MemoryLayout<Double>.size
    while buffer.count - start < size { try receiveMore() }
    let values = [Double](unsafeUninitializedCapacity: count) { destination, initialized in
      buffer.withUnsafeBytes { source in
        UnsafeMutableRawBufferPointer(destination).copyMemory(
          from: UnsafeRawBufferPointer(rebasing: source[start..<(start + size)]))
      }
      initialized = count
    }
    start += size
    return values
  }

  /// Appends what the socket has to `buffer` (after dropping what was read).
  private func receiveMore() throws {
    if start > 0 {
      buffer.removeSubrange(..<start)
      start = 0
    }
    let received = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
    guard received > 0 else { throw exited("reading its answer") }
    buffer.append(contentsOf: chunk[..<received])
  }

  private func exited(_ doing: String) -> WorkerError {
    let status = process.isRunning ? "" : " with status \(process.terminationStatus)"
    return WorkerError(message: "the NumPy worker process exited\(status) (\(doing))")
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
