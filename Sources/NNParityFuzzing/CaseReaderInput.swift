import Foundation
import NNParity
import NNParityCases

/// What the case-reader fuzzer (`CaseReaderFuzzer`, run by `tools/fuzz/run`) does with one
/// input. `FuzzRegressionTests` replays saved inputs through it, so the tests run exactly
/// what the fuzzer ran.
///
/// The bytes go through `JSONReader.parse` (default limits), `NetworkCase(json:)`, the case's
/// own JSON written and read back, `evaluate()` when the case is small, and `Golden(path:)`.
/// Besides not trapping, each step must keep its promises; a broken one is a violation.
package enum CaseReaderInput {
  /// How far an input got.
  package enum Outcome: Equatable, CustomStringConvertible {
    /// The JSON reader rejected it.
    case notJSON(JSONSyntaxError)
    /// JSON, but not a valid case.
    case invalidCase(CaseError)
    /// A valid case; `evaluated` when it was small enough to run.
    case validCase(evaluated: Bool)

    /// `not-json`, `invalid-case` or `valid-case`, as saved inputs' names begin.
    package var kind: String {
      switch self {
      case .notJSON: "not-json"
      case .invalidCase: "invalid-case"
      case .validCase: "valid-case"
      }
    }

    package var description: String {
      switch self {
      case .notJSON(let error): "not JSON: \(error)"
      case .invalidCase(let error): "invalid case: \(error)"
      case .validCase(let evaluated): evaluated ? "valid case, evaluated" : "valid case, large"
      }
    }
  }

  /// What one input did.
  package struct Report {
    package var outcome: Outcome
    /// Whether the same bytes are a valid golden.
    package var isGolden: Bool
    /// Broken promises: a crash for the fuzzer, a failure for the tests.
    package var violations: [String]
  }

  /// The largest B·I·H·O·epochs that is evaluated, which keeps an input to milliseconds.
  package static let maximumEvaluatedSize = 100_000.0

  /// Runs `bytes` through the reader, validation, evaluation and the golden reader;
  /// `goldenPath` is a scratch file the bytes are written to for `Golden(path:)`.
  package static func run(_ bytes: [UInt8], goldenPath: String) -> Report {
    var violations: [String] = []
    func expectOneLine(_ text: String, _ what: String) {
      if text.isEmpty || text.unicodeScalars.contains(where: breaksLine) {
        violations.append("\(what) is not one line: \(text.debugDescription)")
      }
    }

    let outcome: Outcome
    var json: JSONValue?
    do {
      let parsed = try JSONReader.parse(bytes)
      json = parsed
      outcome = caseOutcome(parsed, violations: &violations)
    } catch {
      outcome = .notJSON(error)
    }
    switch outcome {
    case .notJSON(let error): expectOneLine(error.description, "the syntax error")
    case .invalidCase(let error): expectOneLine(error.description, "the case error")
    case .validCase: break
    }

    // The same bytes as a golden: a file, since `Golden(path:)` is its public reader.
    var isGolden = false
    if write(bytes, to: goldenPath) {
      do {
        let golden = try Golden(path: goldenPath)
        isGolden = true
        violations += goldenViolations(golden, json: json)
      } catch {
        expectOneLine(error.description, "the golden's error")
        if error.file != goldenPath { violations.append("the golden's error does not name it") }
        if json == nil && !error.message.hasPrefix("not valid JSON") {
          violations.append("not JSON, but the golden reader says \(error)")
        }
      }
    } else {
      violations.append("cannot write \(goldenPath)")
    }
    return Report(outcome: outcome, isGolden: isGolden, violations: violations)
  }

  /// Validates, round-trips and (when small) evaluates a parsed document as a case.
  private static func caseOutcome(_ json: JSONValue, violations: inout [String]) -> Outcome {
    let networkCase: NetworkCase
    do {
      networkCase = try NetworkCase(json: json)
    } catch {
      return .invalidCase(error)
    }
    // A valid case written out reads back as the same case.
    do {
      let again = try NetworkCase(json: try JSONReader.parse(Array(networkCase.jsonText.utf8)))
      if again != networkCase { violations.append("the case changes when written and read back") }
    } catch {
      violations.append("the case's own JSON does not read back: \(error)")
    }
    let (b, i, h, o) = networkCase.shape
    let epochs = Double(networkCase.training?.configuration.epochs ?? 1)
    guard Double(b) * Double(i) * Double(h) * Double(o) * epochs <= maximumEvaluatedSize else {
      return .validCase(evaluated: false)
    }
    let result = networkCase.evaluate()
    for name in networkCase.expectedTensorNames {
      let shape = result.tensors[name]?.shape
      if shape != networkCase.expectedShape(of: name) {
        violations.append(
          "\(name.rawValue) has shape \(shape.map { "\($0)" } ?? "none"), expected "
            + "\(networkCase.expectedShape(of: name))")
      }
    }
    // The result line `nnparity evaluate` prints is JSON (names and NaNs included).
    do {
      _ = try JSONReader.parse(Array(result.jsonLine.utf8))
    } catch {
      violations.append("the result line is not JSON: \(error)")
    }
    return .validCase(evaluated: true)
  }

  /// A golden that reads must hold the case its `case` member holds, and results of the
  /// shapes that case gives.
  private static func goldenViolations(_ golden: Golden, json: JSONValue?) -> [String] {
    var violations: [String] = []
    guard let caseJSON = json?["case"] else {
      return ["a golden read from bytes that are not JSON or have no case"]
    }
    if (try? NetworkCase(json: caseJSON, path: "case")) != golden.networkCase {
      violations.append("the golden's case differs from its case member read alone")
    }
    for result in [golden.expected] + (golden.exact.map { [$0] } ?? []) {
      for (name, tensor) in result.tensors
      where tensor.shape != golden.networkCase.expectedShape(of: name) {
        violations.append("golden \(name.rawValue) has shape \(tensor.shape)")
      }
    }
    return violations
  }

  /// Writes a file with POSIX calls: Foundation's writers fsync, milliseconds an input.
  package static func write(_ bytes: [UInt8], to path: String) -> Bool {
    let file = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard file >= 0 else { return false }
    defer { close(file) }
    return bytes.withUnsafeBytes { buffer in
      var offset = 0
      while offset < buffer.count, let start = buffer.baseAddress {
        let written = Foundation.write(file, start + offset, buffer.count - offset)
        guard written > 0 else { return false }
        offset += written
      }
      return true
    }
  }

  /// A scalar that would start a new line on a terminal or in a log: a control character
  /// (C0, DEL, C1) or a Unicode line or paragraph separator.
  package static func breaksLine(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar == "\u{2028}"
      || scalar == "\u{2029}"
  }
}
