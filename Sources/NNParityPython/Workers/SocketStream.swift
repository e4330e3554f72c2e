import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A byte stream over one end of a socket pair: whole writes, and reads of lines and byte
/// counts from a buffer.
///
/// Not thread-safe: one thread sends and one receives at a time (the pool's stream), and
/// only the receiving side touches the buffer.
final class SocketStream: @unchecked Sendable {
  let socket: Int32
  /// Received bytes; those before `start` are read.
  private var buffer: [UInt8] = []
  private var start = 0
  private var chunk = [UInt8](repeating: 0, count: 1 << 16)

  /// The stream ended: the peer closed its end (or the socket was shut down).
  struct Ended: Error {}

  init(socket: Int32) { self.socket = socket }

  /// Shuts both directions down: the peer reads end of input, and a pending read ends.
  func shutDown() { shutdown(socket, Int32(SHUT_RDWR)) }

  /// Writes every byte, or throws `Ended`.
  func send(_ bytes: [UInt8]) throws(Ended) {
    var rest = bytes[...]
    while !rest.isEmpty {
      let sent = rest.withUnsafeBytes { sendWithoutSignal(socket, $0.baseAddress, $0.count) }
      if sent < 0, errno == EINTR { continue }
      guard sent > 0 else { throw Ended() }
      rest = rest.dropFirst(sent)
    }
  }

  /// The next line, without its line break.
  func receiveLine() throws(Ended) -> [UInt8] {
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

  /// The next `count` bytes.
  func receiveBytes(_ count: Int) throws(Ended) -> ArraySlice<UInt8> {
    while buffer.count - start < count { try receiveMore() }
    let bytes = Array(buffer[start..<(start + count)])[...]
    start += count
    return bytes
  }

  /// Appends what the socket has to `buffer` (after dropping what was read).
  private func receiveMore() throws(Ended) {
    if start > 0 {
      buffer.removeSubrange(..<start)
      start = 0
    }
    var received = -1
    repeat {
      received = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
    } while received < 0 && errno == EINTR
    guard received > 0 else { throw Ended() }
    buffer.append(contentsOf: chunk[..<received])
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
