import Foundation
import NNParityTestSupport
import Testing

@testable import NNParityTesting

/// `expectParity` from a test, as a user calls it: a right implementation records nothing,
/// a wrong one records an issue per failing case at the caller's line.
@Suite("expectParity")
struct ExpectParityTests {
  @Test("NNParity's own network, seen through the plain-Swift protocol, passes")
  func rightImplementation() async throws {
    try await expectParity(NetworkOfNNParity(), options: ParityOptions(randomCases: 20))
  }

  @Test("a loss off by 1e-9 fails each float64 case, at the caller's line, naming the tensor")
  func wrongImplementation() async throws {
    let line = #line + 2
    try await withKnownIssue {
      try await expectParity(
        NetworkOfNNParity(lossError: 1e-9),
        options: ParityOptions(randomCases: 0, goldenFilter: "edge-mean", requireNumPy: false))
    } matching: { issue in
      // The golden's comparison, and the exact oracle's.
      let text = issue.comments.map(\.rawValue).joined()
      let comparison =
        text.hasPrefix("edge-mean: NNParity's network differs from NumPy (golden)")
        && text.contains("loss: NumPy") && text.contains("against the bound 4")
        && text.contains("reproduce NumPy's result: python3 ")
      let exact = text.hasPrefix("exact value: edge-mean: NNParity's network against the exact")
      return issue.sourceLocation?.line == line && (comparison || exact)
    }
  }
}

/// The issues `expectParity` records, one by one.
@Suite("expectParity's issues")
struct ParityIssuesTests {
  @Test("a failing golden is one issue: the case, the tensor, both values, the bound, the file")
  func failingGolden() async throws {
    let report = try await ParityAudit(
      NetworkOfNNParity(lossError: 1e-9),
      options: ParityOptions(
        randomCases: 0, goldenFilter: "edge-mean-notebook", requireNumPy: false)
    ).run()
    let issues = Array(ParityIssues(report))
    let comparison = try #require(issues.first { $0.message.contains("differs from NumPy") })
    let lines = comparison.message.split(separator: "\n").map(String.init)
    #expect(lines.first == "edge-mean-notebook: NNParity's network differs from NumPy (golden)")
    #expect(
      lines.contains {
        $0.hasPrefix("  loss: NumPy ") && $0.contains(", NNParity's network ")
          && $0.hasSuffix("against the bound 4.0 (1 of 1 elements beyond)")
      }, "\(lines)")
    let file = try #require(comparison.caseFiles.first)
    #expect(file.networkCase.name == "edge-mean-notebook")
    #expect(lines.contains("  case file: \(file.path) (attached)"))
    #expect(FileManager.default.fileExists(atPath: file.path), "the reproduce command's case")
    let script = try #require(lines.first { $0.hasPrefix("  reproduce NumPy's result: ") })
    #expect(script.hasPrefix("  reproduce NumPy's result: python3 ") && script.hasSuffix(file.path))
    // Shrunk against live NumPy when it is there (a one-row case of the notebook's sizes
    // still fails the loss), else said why not.
    #expect(
      lines.contains { $0.hasPrefix("  shrunk to ") || $0.hasPrefix("  not shrunk: ") },
      "\(lines)")
    // Nothing else failed but the exact value of the same loss.
    #expect(issues.count == 2, "\(issues.map(\.message))")
  }

  @Test("an implementation that throws is that case's failure, with the error")
  func throwingImplementation() async throws {
    struct Refusing: NetworkImplementation {
      struct Refusal: Error {}
      func evaluate(_ c: ParityCase<Float>) throws -> ParityResult<Float> { throw Refusal() }
      func evaluate(_ c: ParityCase<Double>) throws -> ParityResult<Double> { throw Refusal() }
    }
    let report = try await ParityAudit(
      Refusing(),
      options: ParityOptions(randomCases: 0, goldenFilter: "edge-mean", requireNumPy: false)
    ).run()
    let messages = ParityIssues(report).map(\.message)
    #expect(
      messages.contains {
        $0.hasPrefix("edge-mean: your implementation not compared with NumPy (golden)")
          && $0.contains("your implementation threw Refusal()")
      }, "\(messages)")
  }
}
