import Foundation

/// Finding the package's files (goldens, the reference script) whatever the working
/// directory is.
public enum GoldenDirectory {
  /// The golden folder inside a package root.
  public static let relativePath = "reference/golden"

  /// The package root: the nearest folder above any of `startingPoints` that holds
  /// `reference/golden`. Tried in order: `$NNPARITY_ROOT`, the given points, the current
  /// directory, the running executable's folder.
  public static func packageRoot(searchingFrom startingPoints: [String] = []) -> String? {
    var candidates = startingPoints
    if let root = ProcessInfo.processInfo.environment["NNPARITY_ROOT"] {
      candidates.insert(root, at: 0)
    }
    candidates.append(FileManager.default.currentDirectoryPath)
    candidates.append(
      URL(fileURLWithPath: CommandLine.arguments.first ?? ".").deletingLastPathComponent().path)
    for start in candidates {
      var url = URL(fileURLWithPath: start).standardizedFileURL
      while true {
        if FileManager.default.fileExists(atPath: url.appendingPathComponent(relativePath).path) {
          return url.path
        }
        let parent = url.deletingLastPathComponent()
        if parent.path == url.path { break }
        url = parent
      }
    }
    return nil
  }

  /// The `*.json` files directly inside `directory`, sorted.
  public static func jsonFiles(in directory: String) throws(CaseError) -> [String] {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory),
      isDirectory.boolValue
    else { throw CaseError(file: directory, field: nil, message: "no such golden directory") }
    let names: [String]
    do {
      names = try FileManager.default.contentsOfDirectory(atPath: directory)
    } catch {
      throw CaseError(file: directory, field: nil, message: "cannot be listed")
    }
    return names.filter { $0.hasSuffix(".json") }.sorted().map { directory + "/" + $0 }
  }
}
