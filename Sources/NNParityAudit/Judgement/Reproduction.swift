import Foundation
import NNParityCases

/// Where an audited case came from, which decides how to reproduce it.
package enum CaseOrigin: Sendable, Equatable {
  case golden(path: String)
  case random
  case user(path: String)
}

/// A failing case to be saved as a case file (`--save-failures`): the audit names it, the
/// command writes it.
package struct FailureFile: Sendable, Equatable {
  /// Where it goes.
  package let path: String
  /// What it holds.
  package let networkCase: NetworkCase
}

/// The commands that reproduce failing cases, and the files `--save-failures` will hold:
/// one per audit, so that two failing cases whose names make the same file name get
/// `NAME.json`, `NAME-2.json`, … and each failure's commands point at its own case.
final class Reproduction: @unchecked Sendable {
  private let options: AuditOptions
  private let lock = NSLock()
  private var files: [FailureFile] = []

  init(_ options: AuditOptions) { self.options = options }

  /// The files to write, in the order their failures were found.
  var failureFiles: [FailureFile] { lock.withLock { files } }

  /// The commands that reproduce a failing case. With a save folder the case is to be saved
  /// there (`CaseFailure.fileName`) and both evaluators are pointed at it; otherwise at the
  /// case's own file, or at `nnparity case` for a random case.
  func commands(_ c: NetworkCase, origin: CaseOrigin) -> (commands: [String], file: String?) {
    let name = c.name ?? "unnamed"
    if let directory = options.saveFailuresDirectory {
      let path = claim(
        (directory.hasSuffix("/") ? directory : directory + "/") + CaseFailure.fileName(for: name),
        for: c)
      return (evaluators(path), path)
    }
    switch origin {
    case .golden(let path):
      let subject =
        options.subject.isBundledNetwork
        ? "" : options.subject.evaluateCommand.map { " --subject " + Self.quoted($0) } ?? ""
      return (
        [
          "nnparity audit --filter '\(name)'\(goldenDirectoryFlag) --random 0\(subject) "
            + "--save-failures DIR",
          "python3 reference/nnparity_reference.py \(Self.quoted(path))",
        ], nil
      )
    case .random:
      let file = CaseFailure.fileName(for: name)
      return (["nnparity case \(name) --output \(file)"] + evaluators(file), nil)
    case .user(let path):
      return (evaluators(path), nil)
    }
  }

  /// The commands that evaluate a shrunk case, and its file: in the save folder when there
  /// is one (`NAME-shrunk.json`), else `DIR/NAME-shrunk.json` for `--save-failures DIR`.
  func shrunkCommands(_ c: NetworkCase) -> (commands: [String], file: String?) {
    let fileName = CaseFailure.fileName(for: c.name ?? "shrunk")
    guard let directory = options.saveFailuresDirectory else {
      return (evaluators("DIR/" + fileName), nil)
    }
    let path = claim((directory.hasSuffix("/") ? directory : directory + "/") + fileName, for: c)
    return (evaluators(path), path)
  }

  /// `path` when this audit has not claimed it yet, else the first free `…-N.json` beside it.
  private func claim(_ path: String, for c: NetworkCase) -> String {
    lock.withLock {
      let stem = path.hasSuffix(".json") ? String(path.dropLast(5)) : path
      var (candidate, n) = (path, 1)
      while files.contains(where: { $0.path == candidate }) {
        n += 1
        candidate = "\(stem)-\(n).json"
      }
      files.append(FailureFile(path: candidate, networkCase: c))
      return candidate
    }
  }

  /// ` --golden-dir DIR` when the audit's goldens are not the package's: a reproduce command
  /// without it would audit other goldens, which may pass.
  private var goldenDirectoryFlag: String {
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
  private func evaluators(_ path: String) -> [String] {
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
