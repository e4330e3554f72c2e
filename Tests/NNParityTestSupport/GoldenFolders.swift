import Foundation
import NNParityCases

/// Golden folders made for one test from copies of the package's goldens, and the goldens
/// edited in them.
public enum GoldenFolders {
  /// The package's goldens, `reference/golden`.
  public static let package = TestFiles.packageRoot.appendingPathComponent(
    GoldenDirectory.relativePath)

  /// Three small goldens: the notebook's two tasks in float64, and a batch of one row.
  public static let sample = [
    "notebook-task2-numpy-float64", "notebook-task3-numpy-float64", "edge-batch-1",
  ]

  /// A golden folder holding copies of `names`, with a MANIFEST listing them (or
  /// `manifest`, when given): `scratch/name`, made here. `scratch` is the test's
  /// `TestFiles.withTemporaryDirectory` folder, which is removed with everything in it.
  public static func make(
    _ names: [String], manifest: [String]? = nil, in scratch: URL, named name: String = "golden"
  ) throws -> URL {
    let folder = scratch.appendingPathComponent(name, isDirectory: true)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
    for name in names {
      try FileManager.default.copyItem(
        at: package.appendingPathComponent(name + ".json"),
        to: folder.appendingPathComponent(name + ".json"))
    }
    try (["# test"] + (manifest ?? names)).joined(separator: "\n").write(
      to: folder.appendingPathComponent(GoldenDirectory.manifestName), atomically: true,
      encoding: .utf8)
    return folder
  }

  /// Rewrites the golden `name` in `folder` through `edit`, as a JSON object.
  public static func edit(
    _ name: String, in folder: URL, _ edit: (inout [String: Any]) throws -> Void
  ) throws {
    let file = folder.appendingPathComponent(name + ".json")
    guard
      var golden = try JSONSerialization.jsonObject(with: Data(contentsOf: file))
        as? [String: Any]
    else { throw NotAnObject(file: file.path) }
    try edit(&golden)
    try JSONSerialization.data(withJSONObject: golden).write(to: file)
  }

  struct NotAnObject: Error, CustomStringConvertible {
    var file: String
    var description: String { "\(file) is not a JSON object" }
  }

  /// A folder with edge-batch-1 (float32, probs 1×3) and edge-hidden-1, edge-batch-1's first
  /// two expected probabilities multiplied by 1.001 and 1.0001: exactly 2 of its 3
  /// probabilities are wrong. `nudged` holds the two values as the golden now gives them (a
  /// float32 golden's numbers are read as the Floats they stand for).
  public static func nudgedBatch(in scratch: URL) throws -> (folder: URL, nudged: [Double]) {
    let folder = try make(["edge-batch-1", "edge-hidden-1"], in: scratch)
    var nudged: [Double] = []
    try edit("edge-batch-1", in: folder) { golden in
      var expected = golden["expected"] as? [String: Any] ?? [:]
      guard var probs = expected["probs"] as? [[Double]] else { throw NotAnObject(file: "probs") }
      probs[0][0] *= 1.001
      probs[0][1] *= 1.0001
      expected["probs"] = probs
      golden["expected"] = expected
      nudged = [Double(Float(probs[0][0])), Double(Float(probs[0][1]))]
    }
    return (folder, nudged)
  }
}
