import Foundation
import NNParity

/// Finding the package's own files (the goldens, the reference script) whatever the working
/// directory is: the one finder, with the one environment variable, `NNPARITY_ROOT`.
package enum PackageRoot {
  /// The environment variable that names the package root.
  package static let environmentVariable = "NNPARITY_ROOT"

  /// The nearest folder, at or above one of the starting points, that holds every path in
  /// `relativePaths`; nil when there is none. Tried in order: `$NNPARITY_ROOT`, the current
  /// directory, the running executable's folder, then `fallbacks` (such as a source file's
  /// path).
  package static func locate(
    holding relativePaths: [String],
    environment: [String: String] = ProcessInfo.processInfo.environment,
    fallbacks: [String] = []
  ) -> String? {
    var candidates: [String] = []
    if let root = environment[environmentVariable], !root.isEmpty { candidates.append(root) }
    candidates.append(FileManager.default.currentDirectoryPath)
    candidates.append(
      URL(fileURLWithPath: Bundle.main.executablePath ?? CommandLine.arguments.first ?? ".")
        .deletingLastPathComponent().path)
    candidates += fallbacks
    for start in candidates {
      var url = URL(fileURLWithPath: start).standardizedFileURL
      while true {
        if relativePaths.allSatisfy({
          FileManager.default.fileExists(atPath: url.appendingPathComponent($0).path)
        }) {
          return url.path
        }
        let parent = url.deletingLastPathComponent()
        if parent.path == url.path { break }
        url = parent
      }
    }
    return nil
  }
}
