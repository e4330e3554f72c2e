import Foundation

/// The folder of goldens: where it is in the package, and the files in it.
public enum GoldenDirectory {
  /// The golden folder inside a package root.
  public static let relativePath = "reference/golden"

  /// `reference/golden` in the package root (see `PackageRoot`), or nil when not found.
  package static func inPackage(
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> String? {
    PackageRoot.locate(holding: [relativePath], environment: environment).map {
      $0 + "/" + relativePath
    }
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
