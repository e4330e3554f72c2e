import Foundation

/// Reading files this tool accepts (cases, goldens), with errors that name the file.
public enum CaseFile {
  /// The path that stands for standard input.
  public static let standardInput = "-"

  /// The bytes of a regular file (`-`: standard input, read to its end), or an error
  /// saying why there are none.
  public static func bytes(at path: String) throws(CaseError) -> [UInt8] {
    if path == standardInput {
      do {
        return try FileHandle.standardInput.readToEnd().map { [UInt8]($0) } ?? []
      } catch {
        throw CaseError(file: path, field: nil, message: "standard input cannot be read")
      }
    }
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw CaseError(file: path, field: nil, message: "no such file")
    }
    guard !isDirectory.boolValue else {
      throw CaseError(file: path, field: nil, message: "is a directory, not a case file")
    }
    // A FileHandle, not FileManager.contents(atPath:): on Linux that leaks a 4 KiB buffer
    // for every empty file it reads (Swift 6.3's Foundation), which LeakSanitizer reports.
    let data: Data?
    do {
      let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
      defer { try? handle.close() }
      data = try handle.readToEnd()
    } catch {
      throw CaseError(file: path, field: nil, message: "cannot be read")
    }
    return data.map { [UInt8]($0) } ?? []
  }

  /// Parses a file as JSON under `limits`.
  public static func json(at path: String, limits: JSONLimits = .default) throws(CaseError)
    -> JSONValue
  {
    let bytes = try bytes(at: path)
    do {
      return try JSONReader.parse(bytes, limits: limits)
    } catch {
      throw CaseError(
        file: path, field: nil, message: "not valid JSON: \(error)", limit: error.limit)
    }
  }

  /// Reads and validates a case file.
  public static func load(_ path: String, limits: CaseLimits = .default) throws(CaseError)
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
