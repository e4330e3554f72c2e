import Foundation
import NNParity
import NNParityCases
import NNParityJudging

/// Where an audited case came from, which decides how to reproduce it.
enum CaseOrigin: Equatable {
  case golden(path: String)
  case random
  case user(path: String)
}

extension Auditor {
  /// The random cases this audit runs (none with `onlyUserCases`).
  var randomCount: Int { options.onlyUserCases ? 0 : options.randomCount }

  /// The result of the float64 twin of a float32 case (`NetworkCase.float64Twin`) rounded
  /// to float32, from the live reference; nil for a float64 case or without a reference.
  func float64Run(_ c: NetworkCase) throws -> CaseResult? {
    guard let reference, c.dtype == .float32 else { return nil }
    return try reference.evaluate(c.float64Twin).roundedToFloat32
  }

  /// Swift and NumPy against the float64 run, when there is one (the view is a hint, not a
  /// verdict: empty without it).
  func float64View(swift: CaseResult, numpy: CaseResult, float64Run: CaseResult?) -> [Float64Drift]
  {
    float64Run.flatMap {
      Float32Arbiter.float64View(
        swift: swift, numpy: numpy, float64Run: $0, subject: options.subject.name)
    } ?? []
  }

  /// The commands that reproduce a failing case. With `saveFailuresDirectory` the case is
  /// written there first (`CaseFailure.fileName`) and both evaluators are pointed at it;
  /// otherwise at the case's own file, or at `nnparity case` for a random case.
  func reproduce(_ c: NetworkCase, origin: CaseOrigin) -> [String] {
    let name = c.name ?? "unnamed"
    if let directory = options.saveFailuresDirectory {
      let path = savedFiles.claim(
        (directory.hasSuffix("/") ? directory : directory + "/")
          + CaseFailure.fileName(for: name))
      do {
        try FileManager.default.createDirectory(
          atPath: directory, withIntermediateDirectories: true)
        try c.jsonText.write(toFile: path, atomically: true, encoding: .utf8)
        return evaluators(path)
      } catch {
        return ["(cannot write \(path): \(FileErrorReason.of(error)))"]
      }
    }
    switch origin {
    case .golden(let path):
      let subject =
        options.subject.isBundledNetwork
        ? "" : options.subject.evaluateCommand.map { " --subject " + Self.quoted($0) } ?? ""
      return [
        "nnparity audit --filter '\(name)'\(goldenDirectoryFlag) --random 0\(subject) "
          + "--save-failures DIR"
      ]
        + ["python3 reference/nnparity_reference.py \(Self.quoted(path))"]
    case .random:
      let file = CaseFailure.fileName(for: name)
      return ["nnparity case \(name) --output \(file)"] + evaluators(file)
    case .user(let path):
      return evaluators(path)
    }
  }

  /// ` --golden-dir DIR` when the audit's goldens are not the package's: a reproduce command
  /// without it would audit other goldens, which may pass.
  var goldenDirectoryFlag: String {
    func resolved(_ path: String) -> String {
      URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }
    let directory = options.goldenDirectory
    if let package = GoldenDirectory.inPackage(), resolved(package) == resolved(directory) {
      return ""
    }
    return " --golden-dir " + Self.quoted(directory)
  }

  /// The subject on FILE (`nnparity evaluate FILE` for the bundled network) and the
  /// reference script on FILE.
  func evaluators(_ path: String) -> [String] {
    let quoted = Self.quoted(path)
    return (options.subject.evaluateCommand.map { ["\($0) \(quoted)"] } ?? [])
      + ["python3 reference/nnparity_reference.py \(quoted)"]
  }

  /// The path as one shell word.
  static func quoted(_ path: String) -> String {
    let plain = path.unicodeScalars.allSatisfy {
      ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
        || "-_./+=:,@".unicodeScalars.contains($0)
    }
    return plain && !path.isEmpty ? path : "'" + path.replacing("'", with: #"'\''"#) + "'"
  }
}

/// The files one audit's `--save-failures` has written: two failing cases whose names make
/// the same file name (alike, or alike once made safe) get `NAME.json`, `NAME-2.json`, …,
/// so each failure's reproduce commands point at its own case.
final class SavedFailureFiles: @unchecked Sendable {
  private let lock = NSLock()
  private var written: Set<String> = []

  /// Forgets what was written: a new audit starts.
  func reset() { lock.withLock { written.removeAll() } }

  /// `path` when this audit has not written it yet, else the first free `…-N.json` beside it.
  func claim(_ path: String) -> String {
    lock.withLock {
      let stem = path.hasSuffix(".json") ? String(path.dropLast(5)) : path
      var (candidate, n) = (path, 1)
      while written.contains(candidate) {
        n += 1
        candidate = "\(stem)-\(n).json"
      }
      written.insert(candidate)
      return candidate
    }
  }
}
