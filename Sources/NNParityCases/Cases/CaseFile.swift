import Foundation
import NNParity

/// Reading files this tool accepts (cases, goldens), with errors that name the file.
package enum CaseFile {
  /// The path that stands for standard input.
  package static let standardInput = "-"

  /// The bytes of a regular file (`-`: standard input, read to its end), at most
  /// `limits.maximumBytes` of them, or an error saying why there are none.
  package static func bytes(at path: String, limits: JSONLimits = .default) throws(CaseError)
    -> [UInt8]
  {
    if path == standardInput {
      return try readAll(STDIN_FILENO, path: path, limits: limits)
    }
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw CaseError(file: path, field: nil, message: "no such file")
    }
    guard !isDirectory.boolValue else {
      throw CaseError(file: path, field: nil, message: "is a directory, not a case file")
    }
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else {
      throw CaseError(
        file: path, field: nil, message: "cannot be read: \(FileErrorReason.of(errno: errno))")
    }
    defer { close(descriptor) }
    return try readAll(descriptor, path: path, limits: limits)
  }

  /// `descriptor` read to its end in chunks, holding at most `maximumBytes` + 1 bytes: one
  /// more and the file is over the limit, whatever follows (`/dev/zero` never ends). A
  /// regular file over the limit is not read at all. Reading also stops where the JSON
  /// reader stops whatever follows (`JSONPrefixCheck`).
  static func readAll(_ descriptor: Int32, path: String, limits: JSONLimits) throws(CaseError)
    -> [UInt8]
  {
    let maximumBytes = limits.maximumBytes
    let overLimit = CaseError(
      file: path, field: nil, message: "more than \(maximumBytes) bytes, the limit", limit: .bytes)
    var status = stat()
    if fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG,
      status.st_size > maximumBytes
    {
      throw overLimit
    }
    let chunkSize = 1 << 20
    // Full chunks, joined at the end: growing one array would copy it at each doubling
    // and could reserve twice the limit.
    var chunks: [[UInt8]] = []
    var chunk = [UInt8](repeating: 0, count: chunkSize)
    var filled = 0
    var total = 0
    var check = JSONPrefixCheck(maximumDepth: limits.maximumDepth)
    while true {
      // One byte past the limit at most (`maximumBytes - total` is never negative here).
      let room = maximumBytes - total
      let wanted = room < chunkSize - filled ? room + 1 : chunkSize - filled
      let count = chunk.withUnsafeMutableBytes { buffer in
        systemRead(descriptor, buffer.baseAddress.map { $0 + filled }, wanted)
      }
      if count < 0 {
        if errno == EINTR { continue }
        throw CaseError(
          file: path, field: nil, message: "cannot be read: \(FileErrorReason.of(errno: errno))")
      }
      if count == 0 { break }
      filled += count
      total += count
      if check.stopsReading(after: chunk[(filled - count)..<filled]) { break }
      if total > maximumBytes { throw overLimit }
      if filled == chunkSize {
        chunks.append(chunk)
        chunk = [UInt8](repeating: 0, count: chunkSize)
        filled = 0
      }
    }
    return joined(chunks, chunk[..<filled])
  }

  /// The full chunks, then the last part, as one array; each chunk is freed once copied, so
  /// the file is held about once, not twice.
  private static func joined(_ chunks: consuming [[UInt8]], _ last: ArraySlice<UInt8>)
    -> [UInt8]
  {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(chunks.reduce(0) { $0 + $1.count } + last.count)
    chunks.reverse()
    while let full = chunks.popLast() { bytes.append(contentsOf: full) }
    bytes.append(contentsOf: last)
    return bytes
  }

  /// Parses a file as JSON under `limits`.
  package static func json(at path: String, limits: JSONLimits = .default) throws(CaseError)
    -> JSONValue
  {
    let bytes = try bytes(at: path, limits: limits)
    do {
      return try JSONReader.parse(bytes, limits: limits)
    } catch {
      throw CaseError(
        file: path, field: nil, message: "not valid JSON: \(error)", limit: error.limit)
    }
  }

  /// Reads and validates a case file.
  package static func load(_ path: String, limits: CaseLimits = .default) throws(CaseError)
    -> NetworkCase
  {
    try read(path, limits: limits.json) { (json) throws(CaseError) in
      try NetworkCase(json: json, limits: limits)
    }
  }

  /// Parses a file as JSON, reads a value from it with `read`, then frees the JSON without
  /// recursion (it may be nested deep); an error is attributed to the file.
  static func read<Value>(
    _ path: String, limits: JSONLimits, _ read: (JSONValue) throws(CaseError) -> Value
  ) throws(CaseError) -> Value {
    let json = try json(at: path, limits: limits)
    let value: Value
    do {
      value = try read(json)
    } catch {
      JSONValue.release(consume json)
      throw error.inFile(path)
    }
    JSONValue.release(consume json)
    return value
  }
}

/// `read(2)`, by a name that `CaseFile.read` does not hide.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int)
  -> Int
{
  read(descriptor, buffer, count)
}
