import Foundation
import NNParity
import NNParityAudit
import NNParityCases
import NNParityProcesses

/// What a Python interpreter says about itself: where its libpython is and its `sys.path`.
struct PythonInterpreter: Sendable {
  /// The interpreter as found (`$NNPARITY_PYTHON` or `python3` on PATH; may be a shim).
  var path: String
  /// Its `sys.executable`.
  var executable: String
  /// `major.minor.micro`.
  var version: String
  /// `sys.path`, without the empty entry `-c` adds.
  var modulePath: [String]
  /// The libraries to try, in order: `LIBDIR/INSTSONAME`, `LIBDIR/LDLIBRARY`, `INSTSONAME`.
  var libraryCandidates: [String]

  /// The environment variable naming the interpreter (a path, or `none`).
  static let environmentVariable = "NNPARITY_PYTHON"

  /// The text before the query's answer on its line of standard output.
  ///
  /// Whatever else the interpreter prints (a `sitecustomize`, `usercustomize` or `.pth` file
  /// that writes to standard output at start-up or exit) is not the answer: the answer is the
  /// last line that starts with this marker.
  static let answerMarker = "NNPARITY-INTERPRETER:"

  /// Prints the answer as one line of JSON behind `answerMarker`, after a line break (so that
  /// it starts a line even when something printed before it left one unfinished).
  private static let query = """
    import json, sys, sysconfig
    v = sysconfig.get_config_var
    answer = json.dumps({"version": "%d.%d.%d" % sys.version_info[:3], \
    "executable": sys.executable, "libdir": v("LIBDIR") or "", \
    "instsoname": v("INSTSONAME") or "", "ldlibrary": v("LDLIBRARY") or "", "path": sys.path})
    sys.stdout.write("\\n\(answerMarker)" + answer + "\\n")
    """

  /// Finds the interpreter the user means and asks it about itself (one process, once).
  static func discover(environment: [String: String] = ProcessInfo.processInfo.environment)
    throws(PythonUnavailable) -> PythonInterpreter
  {
    let path = try locate(environment: environment)
    let output = try run(path, arguments: ["-c", query])
    guard let answer = answer(in: output),
      let json = try? JSONReader.parse(Array(answer.utf8)),
      case .string(let version)? = json["version"],
      case .string(let executable)? = json["executable"],
      case .string(let libdir)? = json["libdir"],
      case .string(let soname)? = json["instsoname"],
      case .string(let ldlibrary)? = json["ldlibrary"],
      case .array(let entries)? = json["path"]
    else {
      throw PythonUnavailable(
        .interpreterFailed, "\(path) did not describe itself as expected: \(output.prefix(200))")
    }
    let modulePath = entries.compactMap { entry -> String? in
      guard case .string(let text) = entry, !text.isEmpty else { return nil }
      return text
    }
    var candidates: [String] = []
    for name in [soname, ldlibrary] where !name.isEmpty && !libdir.isEmpty {
      candidates.append(libdir + "/" + name)
    }
    if !soname.isEmpty { candidates.append(soname) }
    return PythonInterpreter(
      path: path, executable: executable, version: version, modulePath: modulePath,
      libraryCandidates: candidates)
  }

  /// The query's answer in the interpreter's standard output: what follows `answerMarker` on
  /// the last line that starts with it, or nil when no line does.
  static func answer(in output: String) -> Substring? {
    output.split(whereSeparator: \.isNewline).last { $0.hasPrefix(answerMarker) }?
      .dropFirst(answerMarker.count)
  }

  /// `$NNPARITY_PYTHON` when set (a path; `none` disables Python), else `python3` on PATH.
  static func locate(environment: [String: String]) throws(PythonUnavailable) -> String {
    if let chosen = environment[environmentVariable], !chosen.isEmpty {
      if chosen.lowercased() == "none" {
        throw PythonUnavailable(.disabled, "\(environmentVariable)=none: Python is disabled")
      }
      if chosen.contains("/") {
        guard isExecutableFile(chosen) else {
          throw PythonUnavailable(
            .noInterpreter, "\(environmentVariable)=\(chosen) is not an executable file")
        }
        return chosen
      }
      guard let found = search(chosen, path: environment["PATH"]) else {
        throw PythonUnavailable(.noInterpreter, "\(environmentVariable)=\(chosen) is not on PATH")
      }
      return found
    }
    guard let found = search("python3", path: environment["PATH"]) else {
      throw PythonUnavailable(
        .noInterpreter, "no python3 on PATH (set \(environmentVariable) to an interpreter)")
    }
    return found
  }

  /// The first executable `name` in the PATH directories.
  static func search(_ name: String, path: String?) -> String? {
    let directories = (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
    return directories.lazy.map { ($0.isEmpty ? "." : String($0)) + "/" + name }
      .first(where: isExecutableFile)
  }

  static func isExecutableFile(_ path: String) -> Bool {
    var isDirectory: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
      && !isDirectory.boolValue && FileManager.default.isExecutableFile(atPath: path)
  }

  /// How long an interpreter may take to answer before it is stopped: importing NumPy
  /// takes a second or two even on a cold disk; one that hangs (a `sitecustomize` waiting
  /// for input, a stuck import) must make NumPy unavailable, not hang `nnparity`.
  static let answerTimeout: Duration = .seconds(60)

  /// Runs `executable` and returns its standard output; a failure, or no exit within
  /// `timeout`, says what went wrong.
  static func run(
    _ executable: String, arguments: [String], timeout: Duration = answerTimeout
  ) throws(PythonUnavailable) -> String {
    let output: ChildOutput
    do {
      output = try ChildProcess.run(executable, arguments: arguments, timeout: timeout)
    } catch .cannotStart(let reason) {
      throw PythonUnavailable(.interpreterFailed, "cannot run \(executable): \(reason)")
    } catch {
      throw PythonUnavailable(
        .interpreterFailed, "\(executable) did not finish within \(timeout) and was stopped")
    }
    guard output.status == 0 else {
      let message = String(decoding: output.standardError, as: UTF8.self).trimmingCharacters(
        in: .whitespacesAndNewlines)
      throw PythonUnavailable(
        .interpreterFailed, "\(executable) \(output.ending): \(message.suffix(300))")
    }
    return String(decoding: output.standardOutput, as: UTF8.self)
  }
}
