import Foundation
import NNParityReferenceFiles

/// The folder of goldens: where it is in the package, and the files in it.
package enum GoldenDirectory {
  /// The golden folder inside a package root.
  package static let relativePath = "reference/golden"

  /// `reference/golden` in the package root (see `PackageRoot`), else the copy shipped as
  /// resources (`ReferenceFiles`); nil when neither is found.
  package static func inPackage(
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> String? {
    PackageRoot.locate(holding: [relativePath], environment: environment).map {
      $0 + "/" + relativePath
    } ?? ReferenceFiles.goldenDirectory
  }

  /// The file in a golden folder that lists its goldens' names, one a line (`#` comments).
  package static let manifestName = "MANIFEST"

  /// The golden names `directory`'s manifest lists, or nil without a readable manifest.
  package static func manifest(in directory: String) -> [String]? {
    guard
      let text = try? String(
        contentsOfFile: directory + "/" + manifestName, encoding: .utf8)
    else { return nil }
    return text.split(whereSeparator: \.isNewline).map(String.init)
      .filter { !$0.isEmpty && !$0.hasPrefix("#") }
  }

  /// The `*.json` files directly inside `directory`, sorted.
  package static func jsonFiles(in directory: String) throws(CaseError) -> [String] {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else {
      throw CaseError(file: directory, field: nil, message: "no such golden directory")
    }
    guard isDirectory.boolValue else {
      throw CaseError(
        file: directory, field: nil,
        message: "is a file, not a golden directory (give a file with --case)")
    }
    let names: [String]
    do {
      names = try FileManager.default.contentsOfDirectory(atPath: directory)
    } catch {
      throw CaseError(file: directory, field: nil, message: "cannot be listed")
    }
    return names.filter { $0.hasSuffix(".json") }.sorted().map { directory + "/" + $0 }
  }
}
