import Foundation

/// Finds the package's `reference/` folder, which holds `nnparity_reference.py` and the
/// adapter `nnparity_bridge.py`.
enum ReferenceDirectory {
  /// The environment variable that names the folder explicitly.
  static let environmentVariable = "NNPARITY_REFERENCE_DIR"
  static let requiredFiles = ["nnparity_reference.py", "nnparity_bridge.py"]

  /// `$NNPARITY_REFERENCE_DIR`, else the first `reference/` found walking up from the
  /// current directory, the executable, and this source file.
  static func locate(
    environment: [String: String] = ProcessInfo.processInfo.environment,
    sourceFile: String = #filePath
  ) throws(PythonUnavailable) -> String {
    if let chosen = environment[environmentVariable], !chosen.isEmpty {
      guard holdsReference(chosen) else {
        throw PythonUnavailable(
          "\(environmentVariable)=\(chosen) lacks \(requiredFiles.joined(separator: " or "))")
      }
      return chosen
    }
    let starts = [
      FileManager.default.currentDirectoryPath,
      Bundle.main.executablePath ?? CommandLine.arguments.first ?? "",
      sourceFile,
    ]
    for start in starts where start.hasPrefix("/") {
      var directory = URL(fileURLWithPath: start).standardizedFileURL
      while directory.path != "/" {
        let candidate = directory.appendingPathComponent("reference").path
        if holdsReference(candidate) { return candidate }
        directory.deleteLastPathComponent()
      }
    }
    throw PythonUnavailable(
      "no reference/nnparity_reference.py above the current directory, the executable or "
        + "the sources (set \(environmentVariable))")
  }

  static func holdsReference(_ directory: String) -> Bool {
    requiredFiles.allSatisfy { FileManager.default.fileExists(atPath: directory + "/" + $0) }
  }
}
