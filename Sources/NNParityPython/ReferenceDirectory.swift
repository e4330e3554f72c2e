import Foundation
import NNParityAudit
import NNParityCases
import NNParityReferenceFiles

/// Finds the package's `reference/` folder, which holds `nnparity_reference.py` and the
/// adapter `nnparity_bridge.py`.
enum ReferenceDirectory {
  static let requiredFiles = ["nnparity_reference.py", "nnparity_bridge.py"]

  /// `reference/` in the package root (`PackageRoot`: `$NNPARITY_ROOT`, else found walking up
  /// from the current directory or the executable), else the copy shipped as resources
  /// (`ReferenceFiles`: what a client depending on NNParity by version has), else above this
  /// source file.
  static func locate(
    environment: [String: String] = ProcessInfo.processInfo.environment,
    sourceFile: String = #filePath
  ) throws(PythonUnavailable) -> String {
    let paths = requiredFiles.map { "reference/" + $0 }
    if let root = PackageRoot.locate(holding: paths, environment: environment) {
      return root + "/reference"
    }
    if let bundled = ReferenceFiles.directory, holdsReference(bundled) { return bundled }
    guard let root = PackageRoot.locate(holding: paths, environment: [:], fallbacks: [sourceFile])
    else {
      throw PythonUnavailable(
        .referenceNotFound,
        "no reference/nnparity_reference.py above the current directory, the executable or "
          + "the sources (set \(PackageRoot.environmentVariable))")
    }
    return root + "/reference"
  }

  static func holdsReference(_ directory: String) -> Bool {
    requiredFiles.allSatisfy { FileManager.default.fileExists(atPath: directory + "/" + $0) }
  }
}
