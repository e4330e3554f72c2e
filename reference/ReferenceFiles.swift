import Foundation

/// The reference's run-time scripts and the goldens, shipped as this package's resources, so
/// that a client depending on NNParity by version has them (`reference/` is this target's
/// folder; everything else in it is left out of the build).
package enum ReferenceFiles {
  /// The scripts the embedded interpreter and the live workers import or run.
  package static let scripts = [
    "nnparity_bridge.py", "nnparity_reference.py", "case_reader.py", "json_writer.py",
    "conditioning.py", "live_worker.py", "peers.py", "reference_cli.py",
  ]

  /// The resource folder (scripts and `golden/`), or nil when it is not beside the running
  /// executable. Found by hand rather than with `Bundle.module`, which stops the program
  /// when its bundle is missing (a copy of `nnparity` on its own, say).
  package static let directory: String? = {
    let executable = URL(
      fileURLWithPath: Bundle.main.executablePath ?? CommandLine.arguments.first ?? ".")
    let folders = [Bundle.main.bundleURL, executable.deletingLastPathComponent()]
    for folder in folders {
      guard
        let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path)
      else { continue }
      for name in names.sorted() where name.hasSuffix("_NNParityReferenceFiles.resources")
        || name.hasSuffix("_NNParityReferenceFiles.bundle")
      {
        let candidate = folder.appendingPathComponent(name)
        let resources = candidate.appendingPathComponent("Contents/Resources")
        for path in [candidate.path, resources.path]
        where FileManager.default.fileExists(atPath: path + "/nnparity_bridge.py") {
          return path
        }
      }
    }
    return nil
  }()

  /// The bundled goldens, or nil without the resource folder.
  package static var goldenDirectory: String? { directory.map { $0 + "/golden" } }
}
