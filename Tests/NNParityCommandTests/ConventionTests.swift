import Foundation
import NNParityTestSupport
import Testing

/// Command-line conventions: version, suggestions, argument errors, standard input.
@Suite("Command-line conventions")
struct ConventionTests {
  @Test("--version prints the version and nothing else")
  func version() throws {
    let output = try CommandRunner.run(["--version"])
    #expect(output.status == 0)
    let line = output.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
    // Semantic version: three dot-separated numbers.
    #expect(
      line.split(separator: ".").count == 3
        && line.split(separator: ".").allSatisfy { Int($0) != nil }, "\(line)")
  }

  @Test("a mistyped subcommand gets the closest one suggested")
  func subcommandSuggestion() throws {
    let output = try CommandRunner.run(["audti"])
    #expect(output.status == 64)
    #expect(output.standardError.contains("did you mean 'audit'?"), "\(output.standardError)")
    let evaluate = try CommandRunner.run(["evalute", "x.json"])
    #expect(
      evaluate.standardError.contains("did you mean 'evaluate'?"), "\(evaluate.standardError)")
    let nothingClose = try CommandRunner.run(["xyzzy"])
    #expect(nothingClose.status == 64)
    #expect(nothingClose.standardError.contains("audit, evaluate"), "\(nothingClose.standardError)")
  }

  @Test("--random -5 says what is wrong with it")
  func negativeRandom() throws {
    let output = try CommandRunner.run(["audit", "--random", "-5"])
    #expect(output.status == 64)
    #expect(output.standardError.contains("--random must be 0 or more"), "\(output.standardError)")
    #expect(!output.standardError.contains("Missing value"))
  }

  /// Numeric options given a negative number, and the option's own check that must answer.
  static let negativeNumbers: [(arguments: [String], message: String)] = [
    (
      ["audit", "--seed", "-1"],
      "--seed must be an integer from 0 to 18446744073709551615 (a NumPy seed is never "
        + "negative), not -1."
    ),
    (["audit", "--workers", "-1"], "--workers must be from 0 to 256, not -1."),
    (["evaluate", "x.json", "--max-depth", "-1"], "--max-depth must be at least 1, not -1."),
    (["evaluate", "x.json", "--max-values", "-5"], "--max-values must be at least 1, not -5."),
    (["evaluate", "x.json", "--max-bytes", "-1"], "--max-bytes must be at least 1, not -1."),
    (
      ["audit", "--max-training-work", "-1"],
      "--max-training-work must be more than 0, not -1.0."
    ),
    (["bench", "--threads", "-1"], "--threads must be at least 1, not -1."),
  ]

  @Test("a negative number reaches the option's own check, not 'Missing value'")
  func negativeNumbers() throws {
    for (arguments, message) in Self.negativeNumbers {
      let output = try CommandRunner.run(arguments)
      #expect(output.status == 64, "\(arguments)")
      #expect(output.errorLines.first == "Error: " + message, "\(output.standardError)")
      #expect(!output.standardError.contains("Missing value"), "\(arguments)")
    }
  }

  @Test("--seed past 2^64 - 1 is told the range")
  func seedOutOfRange() throws {
    let output = try CommandRunner.run(["audit", "--seed", "18446744073709551616"])
    #expect(output.status == 64)
    #expect(
      output.standardError.contains("--seed must be an integer from 0 to 18446744073709551615"),
      "\(output.standardError)")
  }

  static let misspeltKey = "train.learning_rat: unknown field; did you mean learning_rate?"

  /// A case file whose `train.learning_rate` is misspelt, in `folder`.
  static func misspeltCase(in folder: URL) throws -> URL {
    let file = folder.appendingPathComponent("typo.json")
    try CaseTexts.notebook(
      #", "train": {"epochs": 1, "learning_rat": 0.01, "dropout": 0}"#
    ).write(to: file, atomically: true, encoding: .utf8)
    return file
  }

  @Test("a misspelt nested key is named, with the key it was meant to be")
  func misspeltKey() throws {
    try TestFiles.withTemporaryDirectory { folder in
      let output = try CommandRunner.run(["evaluate", try Self.misspeltCase(in: folder).path])
      #expect(output.status == 1)
      #expect(output.standardError.contains(Self.misspeltKey), "\(output.standardError)")
    }
  }

  @Test("the reference script names a misspelt nested key as Swift does", .requiresNumPy)
  func misspeltKeyInPython() throws {
    try TestFiles.withTemporaryDirectory { folder in
      let output = try CommandRunner.run(
        [
          TestPython.referenceScript,
          try Self.misspeltCase(in: folder).path,
        ], program: URL(fileURLWithPath: try TestPython.interpreter()))
      #expect(output.status == 1)
      #expect(output.standardError.contains(Self.misspeltKey), "\(output.standardError)")
    }
  }

  @Test("evaluate - reads the case from standard input")
  func standardInput() throws {
    try TestFiles.withTemporaryDirectory { folder in
      let file = folder.appendingPathComponent("case.json")
      try CaseTexts.notebook().write(to: file, atomically: true, encoding: .utf8)
      let output = try CommandRunner.run(["evaluate", "-"], standardInput: file)
      #expect(output.status == 0, "\(output.standardError)")
      let result = try EvaluateCommandTests.object(output.standardOutput)
      #expect(result["file"] as? String == "-")
      // The notebook's printed NumPy probabilities (docs/notebook.md), as in the evaluate tests.
      EvaluateCommandTests.expect(
        result["probs"], near: [[0.13238887, 0.86761113], [0.01448572, 0.98551428]], within: 5e-9)
    }
  }

  @Test("nnparity case writes a random case the audit names, and it reads back")
  func exportRandomCase() throws {
    try TestFiles.withTemporaryDirectory { folder in
      let file = folder.appendingPathComponent("r.json")
      let written = try CommandRunner.run(["case", "random-s1-17", "--output", file.path])
      #expect(written.status == 0, "\(written.standardError)")
      let object = try #require(
        try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
      #expect(object["name"] as? String == "random-s1-17")
      #expect(object["schema"] as? String == "nnparity.case/1")
      let evaluated = try CommandRunner.run(["evaluate", file.path])
      #expect(evaluated.status == 0, "\(evaluated.standardError)")
      let bad = try CommandRunner.run(["case", "random-17"])
      #expect(bad.status == 64)
      #expect(bad.standardError.contains("random-s<seed>-<index>"))
    }
  }

}
