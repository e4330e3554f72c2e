import Foundation
import NNParity
import NNParityAudit
import NNParityCases
import NNParityJudging
import NNParityPython
import Testing

/// The live reference for tests that need it; such tests carry `.requiresNumPy`, so they are
/// reported as skipped, with the reason, when it is unavailable.
enum Live {
  static var reference: NumPyReference {
    get throws { try NumPyReference.require() }
  }

  /// Live NumPy for an audit: `reference` (the embedded reference by default), with the
  /// NumPy version and detail the report gives.
  static func numpy(_ reference: (any LiveReference)? = nil) throws -> LiveNumPy {
    let embedded = try self.reference
    return .available(
      reference ?? embedded, version: embedded.environment.numpyVersion,
      detail: "\(embedded.environment)")
  }

  static let environment = ProcessInfo.processInfo.environment

  /// A positive whole number from the environment, or `fallback`.
  static func count(_ variable: String, default fallback: Int) -> Int {
    environment[variable].flatMap(Int.init).map { max($0, 0) } ?? fallback
  }
}

/// The notebook's case: B=2, I=3, H=4, O=2.
let notebookCase = NetworkCase(
  name: "notebook", x: Matrix([[0.5, -1.0, 2.0], [1.5, 0.25, -0.5]]),
  y: Matrix([[1, 0], [0, 1]]),
  w1: Matrix([[0.1, -0.2, 0.3, 0.05], [0.4, 0.1, -0.3, 0.2], [-0.1, 0.25, 0.15, -0.05]]),
  w2: Matrix([[0.2, -0.1], [0.3, 0.4], [-0.25, 0.1], [0.05, -0.3]]))

extension NetworkCase {
  /// The same case in another dtype, semantics or with training.
  func with(
    dtype: DType? = nil, semantics: Semantics? = nil, training: Training?? = nil
  ) -> NetworkCase {
    var copy = self
    if let dtype { copy.dtype = dtype }
    if let semantics { copy.semantics = semantics }
    if let training { copy.training = training }
    return copy
  }

  /// Writes the case to `directory/<name>.json` and returns the path.
  func write(to directory: URL) throws -> String {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let url = directory.appendingPathComponent("\(name ?? "case").json")
    try jsonText.write(to: url, atomically: true, encoding: .utf8)
    return url.path
  }
}
