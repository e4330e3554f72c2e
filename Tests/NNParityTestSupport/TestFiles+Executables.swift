import Foundation

extension TestFiles {
  /// Copies `source` to `destination` as an executable, by `cp` in a child process.
  ///
  /// Not with `FileManager`: the file would be open for writing in this process while
  /// other tests start children, and a child that inherited that descriptor for an instant
  /// makes running the copy fail with "Text file busy" (ETXTBSY), now and then.
  public static func installExecutable(copying source: URL, to destination: URL) throws {
    let copy = Process()
    copy.executableURL = URL(fileURLWithPath: "/bin/sh")
    copy.arguments = [
      "-c", "cp \"$1\" \"$2\" && chmod 755 \"$2\"", "sh", source.path, destination.path,
    ]
    try copy.run()
    copy.waitUntilExit()
    guard copy.terminationStatus == 0 else {
      throw InstallFailed(destination: destination.path, status: copy.terminationStatus)
    }
  }

  /// Writes `text` to the executable file `destination` (see `installExecutable`).
  public static func writeExecutable(_ text: String, to destination: URL) throws {
    let source = destination.appendingPathExtension("source")
    try text.write(to: source, atomically: true, encoding: .utf8)
    try installExecutable(copying: source, to: destination)
  }

  struct InstallFailed: Error, CustomStringConvertible {
    var destination: String
    var status: Int32
    var description: String { "cannot install the executable \(destination) (cp: \(status))" }
  }
}
