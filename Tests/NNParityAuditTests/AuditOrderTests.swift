import Foundation
import NNParity
import NNParityAudit
import NNParityCases
import NNParityJudging
import NNParityReports
import NNParityTestSupport
import Testing

/// With a live reference that computes ahead (the worker pool), the goldens are compared
/// inside the first live callback, or after the stream when there is no live case
/// (2df2a9f, e87bc8a). The report must be the one a reference that does not compute ahead
/// gives, but for the times and the flag that says the goldens overlapped, and progress must
/// still come phase by phase: every golden, then the live random cases, then the user's.
@Suite("Audit: a reference that computes ahead gives the same report, in the same order")
struct AuditOrderTests {
  /// One audit's configuration, named for the failure messages.
  struct Configuration: Sendable, CustomStringConvertible {
    var description: String
    var random = 4
    var filter: String? = "edge-m*"
    var userCases = 2
    var onlyUserCases = false
    var nudged = false
    var referenceFails = false
    var saveFailures = false
  }

  static let configurations: [Configuration] = [
    Configuration(description: "goldens, random and user cases"),
    Configuration(description: "no live case", random: 0, userCases: 0),
    Configuration(description: "user cases, no random", random: 0),
    Configuration(description: "--only-cases", filter: nil, onlyUserCases: true),
    Configuration(description: "a filter that selects nothing", filter: "no-such-golden"),
    Configuration(description: "a subject that fails", nudged: true),
    Configuration(
      description: "a subject that fails, --save-failures", nudged: true, saveFailures: true),
    Configuration(description: "a reference that fails every case", referenceFails: true),
  ]

  /// The report (as JSON) and the progress calls of one audit.
  func audit(_ configuration: Configuration, ahead: Bool, in folder: URL) throws -> (
    report: AuditReport, progress: [(done: Int, total: Int, phase: String)], saved: [String]
  ) {
    var options = AuditOptions(goldenDirectory: GoldenFolders.package.path)
    options.randomCount = configuration.random
    options.seed = 11
    options.goldenFilter = configuration.filter.map(NamePattern.init)
    options.onlyUserCases = configuration.onlyUserCases
    if configuration.nudged {
      options.subject = TestImplementation.lossTimes(1 + 1e-9, name: "nudged")
    }
    for index in 0..<configuration.userCases {
      var c = RandomCases(seed: 5).case(index)
      c.name = "user-\(index)"
      let file = folder.appendingPathComponent("user-\(index).json")
      try c.jsonText.write(to: file, atomically: true, encoding: .utf8)
      options.userCases.append(file.path)
    }
    let saved = folder.appendingPathComponent("saved")
    if configuration.saveFailures { options.saveFailuresDirectory = saved.path }
    let auditor = Auditor(
      options: options,
      live: StandInReference.live(ahead: ahead, fails: configuration.referenceFails))
    var progress: [(done: Int, total: Int, phase: String)] = []
    let report = auditor.run { progress.append(($0.done, $0.total, $0.phase.rawValue)) }
    let files = report.failureFiles.map { $0.path + ": " + $0.networkCase.jsonText }
    return (report, progress, files)
  }

  /// `value` without the members that time the audit or say whether the goldens overlapped
  /// the live cases, and with the verdict's time left out.
  static func untimed(_ value: JSONValue) -> JSONValue {
    switch value {
    case .object(let members):
      .object(
        members.filter { !["seconds", "cases_per_second", "overlaps_goldens"].contains($0.key) }
          .map { ($0.key, untimed($0.value)) })
    case .array(let values): .array(values.map(untimed))
    case .string(let text): .string(untimed(text))
    default: value
    }
  }

  /// `text` with the audit's time (the verdict's "— 1.9 s") left out.
  static func untimed(_ text: String) -> String {
    text.replacing(#/ — [0-9.]+ s/#, with: " — (time)")
  }

  @Test("the same report, and progress phase by phase", arguments: configurations)
  func sameReport(configuration: Configuration) throws {
    try TestFiles.withTemporaryDirectory { folder in
      let behind = try audit(configuration, ahead: false, in: folder)
      let ahead = try audit(configuration, ahead: true, in: folder)
      #expect(Self.untimed(ahead.report.json()) == Self.untimed(behind.report.json()))
      #expect(ahead.report.failureLines() == behind.report.failureLines())
      #expect(
        Self.untimed(ahead.report.text(quiet: true))
          == Self.untimed(behind.report.text(quiet: true)))
      #expect(ahead.saved == behind.saved)
      #expect(!configuration.saveFailures || !ahead.saved.isEmpty, "nothing saved")
      #expect(ahead.report.liveOverlapsGoldens == (ahead.report.goldenCases > 0))
      #expect(!behind.report.liveOverlapsGoldens)
      for run in [behind, ahead] {
        let random = configuration.onlyUserCases ? 0 : configuration.random
        let phases =
          Array(repeating: "goldens", count: run.report.goldenCases)
          + Array(repeating: "live random", count: random)
          + Array(repeating: "live user cases", count: configuration.userCases)
        #expect(run.progress.map(\.phase) == phases)
        #expect(run.progress.map(\.done) == Array(0..<phases.count).map { $0 + 1 })
        #expect(run.progress.allSatisfy { $0.total == phases.count })
      }
    }
  }
}
