import Foundation
import NNParityTestSupport
import Testing

/// The library's errors name the limit a file went over; the command names the flag that
/// raises it, and raising it lets the file through.
@Suite("nnparity evaluate: limits name their flags")
struct LimitFlagTests {
  struct Limit: Sendable, CustomTestStringConvertible {
    var flag: String
    var contents: String
    /// A value of the flag that `contents` goes over, and one that lets it through.
    var tight: String
    var raised: String
    var testDescription: String { flag }
  }

  static let limits: [Limit] = [
    // The case's matrices nest three deep: the object, a matrix, its rows.
    Limit(
      flag: "--max-depth", contents: CaseTexts.notebook(), tight: "2",
      raised: "3"),
    // The notebook case holds 2·3 + 2·2 + 3·4 + 4·2 = 30 numbers; 20 values are too few.
    Limit(
      flag: "--max-values", contents: CaseTexts.notebook(), tight: "20",
      raised: "1000"),
    // The notebook case is 292 bytes.
    Limit(
      flag: "--max-bytes", contents: CaseTexts.notebook(), tight: "100",
      raised: "1000"),
    // 2·10^6 epochs × (3·2·4·(3 + 2) + 1000) = 2.24·10^9 multiply-adds, over 10^9.
    Limit(
      flag: "--max-training-work",
      contents: CaseTexts.notebook(
        #", "train": {"epochs": 2000000, "learning_rate": 0.01, "dropout": 0}"#),
      tight: "1e9", raised: "1e12"),
  ]

  @Test("the error names the flag", arguments: limits)
  func namesFlag(_ limit: Limit) throws {
    try TestFiles.withTemporaryDirectory { folder in
      let path = folder.appendingPathComponent("case.json")
      try limit.contents.write(to: path, atomically: true, encoding: .utf8)
      let output = try CommandRunner.run(["evaluate", path.path, limit.flag, limit.tight])
      #expect(output.status == 1)
      #expect(
        output.standardError.contains("(raise it with \(limit.flag))"), "\(output.standardError)")
      if limit.flag != "--max-training-work" {
        // Training 2·10^6 epochs would take a while; the other two run once let through.
        let raised = try CommandRunner.run(["evaluate", path.path, limit.flag, limit.raised])
        #expect(raised.status == 0, "\(raised.standardError)")
      }
    }
  }
}
