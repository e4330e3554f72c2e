import Foundation
import NNParity
import NNParityCases
import NNParityJudging
import NNParityProcesses

/// Any program that behaves like `nnparity evaluate`: the case files' paths are appended to
/// `command` (run by `/bin/sh -c`), and it prints one result object (docs/contract.md) per
/// line on standard output, in order. A line may carry a `"file"` key, and a case it
/// cannot evaluate may be an `{"file": …, "error": …}` line or no line at all (then the
/// exit status must be non-zero).
package struct CommandSubject: AuditSubject {
  /// The command, as a shell would read it.
  package let command: String
  /// Input limits for reading its output.
  package let limits: JSONLimits

  package init(command: String, limits: JSONLimits = .default) {
    self.command = command
    self.limits = limits
  }

  package var name: String { command }
  package var evaluateCommand: String? { command }

  package func evaluate(_ cases: [NetworkCase]) -> [Result<CaseResult, SubjectError>] {
    guard !cases.isEmpty else { return [] }
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("nnparity-subject-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    var paths: [String] = []
    do {
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      for (index, c) in cases.enumerated() {
        let url = folder.appendingPathComponent(String(format: "case-%05d.json", index))
        try c.jsonText.write(to: url, atomically: true, encoding: .utf8)
        paths.append(url.path)
      }
    } catch {
      return cases.map { _ in .failure(SubjectError("cannot write the case files: \(error)")) }
    }
    let run = run(paths)
    let lines = run.output.split(separator: "\n", omittingEmptySubsequences: true)
    guard lines.count <= cases.count else {
      return cases.map { c in
        .failure(
          SubjectError(
            "\(c.name ?? "a case"): the subject printed \(lines.count) lines for "
              + "\(cases.count) cases, so no line can be matched to its case"))
      }
    }
    if lines.isEmpty, run.status != 0, cases.count > 1 {
      let failure = SubjectError(
        "printed nothing for \(cases.count) cases (exit status \(run.status)\(run.errorExcerpt))",
        wholeRun: true)
      return cases.map { _ in .failure(failure) }
    }
    return cases.enumerated().map { index, c in
      let name = c.name ?? "case \(index)"
      guard index < lines.count else {
        return .failure(
          SubjectError(
            "\(name): the subject printed no result line (\(lines.count) lines for "
              + "\(cases.count) cases; exit status \(run.status)\(run.errorExcerpt))"))
      }
      return parse(lines[index], for: c, name: name)
    }
  }

  /// One output line as the case's result, or why not.
  private func parse(_ line: Substring, for c: NetworkCase, name: String) -> Result<
    CaseResult, SubjectError
  > {
    let json: JSONValue
    do {
      json = try JSONReader.parse(Array(line.utf8), limits: limits)
    } catch {
      return .failure(SubjectError("\(name): the subject's line is not JSON (\(error))"))
    }
    guard case .object(var members) = json else {
      return .failure(SubjectError("\(name): the subject's line is not a JSON object"))
    }
    if let error = members.first(where: { $0.key == "error" }) {
      return .failure(
        SubjectError("\(name): the subject reports an error: \(error.value.serialized())"))
    }
    members.removeAll { $0.key == "file" }
    do {
      let result = try CaseResult(json: .object(members), path: "", for: c)
      guard result.name == c.name else {
        return .failure(
          SubjectError(
            "\(name): the subject's line is for \(result.name ?? "an unnamed case"), "
              + "not this case"))
      }
      return .success(result)
    } catch {
      return .failure(SubjectError("\(name): the subject's result does not read: \(error)"))
    }
  }

  /// Runs the command with the paths appended; stdout, its status and a stderr excerpt.
  private func run(_ paths: [String]) -> (output: String, status: Int32, errorExcerpt: String) {
    let quoted = paths.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
    let child: ChildOutput
    do {
      child = try ChildProcess.run(
        "/bin/sh", arguments: ["-c", command + " " + quoted.joined(separator: " ")],
        nullInput: false)
    } catch .cannotStart(let reason) {
      return ("", -1, ": cannot start /bin/sh: \(reason)")
    } catch {
      return ("", -1, ": /bin/sh did not finish")  // no time-out is set: not reached
    }
    let stderr = String(decoding: child.standardError, as: UTF8.self)
    let excerpt = stderr.split(separator: "\n").prefix(3).joined(separator: " | ")
    return (
      String(decoding: child.standardOutput, as: UTF8.self), child.status,
      excerpt.isEmpty ? "" : "; stderr: \(excerpt.prefix(300))"
    )
  }
}
