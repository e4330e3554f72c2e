import NNParity
import NNParityAudit
import NNParityCases
import NNParityReports
import NNParityTestSupport
import Testing

/// `--shard K/N` and `nnparity merge`: N shards are disjoint, together cover one run, and
/// merge into the report one run gives, in every format.
@Suite("Shards and merge")
struct ShardMergeTests {
  static let goldens = TestFiles.packageRoot.appendingPathComponent("reference/golden").path

  /// The audit's options: the package's goldens (filtered), `random` random cases.
  static func options(
    _ subject: any AuditSubject = BundledNetwork(), filter: String? = nil, random: Int = 40,
    shard: ShardSpec? = nil
  ) -> AuditOptions {
    var options = AuditOptions(goldenDirectory: goldens)
    options.shrinking = ShrinkLimits()
    options.randomCount = random
    options.subject = subject
    options.goldenFilter = filter.map(NamePattern.init)
    options.shard = shard
    return options
  }

  /// One audit with the bundled network as the live reference (no Python needed).
  static func audit(_ options: AuditOptions) -> AuditReport {
    Auditor(
      options: options,
      live: .available(StandInReference(), version: "stand-in", detail: "test")
    ).run()
  }

  /// The shards 1…`count` of the audit `options` makes, each as its JSON report.
  static func shards(_ options: AuditOptions, count: Int) throws -> [(AuditReport, JSONValue)] {
    try (1...count).map { index in
      var options = options
      options.shard = try ShardSpec(index: index, count: count)
      let report = audit(options)
      // Through the text, as `nnparity merge` reads it.
      let json = try JSONReader.parse(Array(report.json().serialized().utf8))
      return (report, json)
    }
  }

  static func merge(_ shards: [(AuditReport, JSONValue)]) throws -> AuditReport {
    try ShardMerge.merge(
      documents: shards.map { ("shard-\($0.0.shard?.shard.index ?? 0).json", $0.1) })
  }

  /// The report with its times zeroed, so that two runs' renderings can be compared whole.
  static func untimed(_ report: AuditReport) -> AuditReport {
    var report = report
    (report.seconds, report.liveSeconds) = (0, 0)
    report.mergedShards = nil
    return report
  }

  /// Checks that `merged` is `single` in every format and field but the times.
  static func expectSame(
    _ merged: AuditReport, _ single: AuditReport, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let (m, s) = (untimed(merged), untimed(single))
    #expect(m.passed == s.passed, sourceLocation: sourceLocation)
    let renderings: [(String, (AuditReport) -> String)] = [
      ("verdict", \.verdict), ("JSON", { $0.json().serialized() }),
      ("verbose text", { $0.text(verbose: true) }), ("text", { $0.text() }),
      ("markdown", { $0.markdown() }), ("JUnit", { $0.junit() }), ("HTML", { $0.html() }),
    ]
    for (format, render) in renderings {
      if let difference = firstDifference(render(m), render(s)) {
        Issue.record("\(format) differs: \(difference)", sourceLocation: sourceLocation)
      }
    }
    // What JSON leaves out of a whole run's report: every case's point, the worst's detail.
    // (Compared as one Bool: a failing comparison of such arrays prints them whole.)
    let sameTensors =
      m.goldens.map(\.tensors) == s.goldens.map(\.tensors)
      && m.live.map(\.tensors) == s.live.map(\.tensors)
    #expect(sameTensors, "tensor summaries differ", sourceLocation: sourceLocation)
    #expect(m.missingEvidence == s.missingEvidence, sourceLocation: sourceLocation)
  }

  /// The first line where `merged` and `single` differ, both ways round; nil when equal.
  static func firstDifference(_ merged: String, _ single: String) -> String? {
    guard merged != single else { return nil }
    let (a, b) = (merged.split(separator: "\n"), single.split(separator: "\n"))
    let line =
      zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
    func at(_ lines: [Substring]) -> String { line < lines.count ? String(lines[line]) : "(end)" }
    return "line \(line + 1): merged «\(at(a))», one run «\(at(b))»"
  }

  /// Every (family, case) a report compared.
  static func cases(_ report: AuditReport) -> [String] {
    (report.goldens + report.live).flatMap { family in
      Set(family.tensors.flatMap(\.points).map(\.caseName)).map { "\(family.name): \($0)" }
    }
  }

  @Test("four shards are disjoint, cover one run, and merge into its report in every format")
  func fourShardsAreOneRun() throws {
    let single = Self.audit(Self.options())
    let shards = try Self.shards(Self.options(), count: 4)
    let covered = shards.map { Self.cases($0.0) }
    #expect(covered.joined().count == Set(covered.joined()).count, "shards overlap")
    #expect(Set(covered.joined()) == Set(Self.cases(single)))
    #expect(covered.allSatisfy { !$0.isEmpty })
    let merged = try Self.merge(shards)
    #expect(merged.passed && single.passed, "\(merged.failureLines())")
    #expect(merged.mergedShards == 4)
    #expect(shards[1].0.verdict.hasPrefix("PASSED (shard 2 of 4): "), "\(shards[1].0.verdict)")
    Self.expectSame(merged, single)
    // In any order of the files.
    Self.expectSame(try Self.merge(shards.reversed()), single)
  }

  @Test("a failing case fails the merged report as it fails one run, listed in the same order")
  func failingCases() throws {
    let nudged = TestImplementation.lossTimes(1 + 1e-9, name: "nudged")
    let options = Self.options(nudged, filter: "notebook", random: 24)
    let single = Self.audit(options)
    let merged = try Self.merge(try Self.shards(options, count: 4))
    #expect(!single.passed && !merged.passed)
    let failures = (single.goldens + single.live).flatMap(\.failures).map(\.caseName)
    #expect(failures.count >= 4, "\(failures)")
    #expect((merged.goldens + merged.live).flatMap(\.failures).map(\.caseName) == failures)
    // One run shrinks the first failing case of each target; each shard shrank its own first.
    let shrunk = (single.goldens + single.live).flatMap(\.failures).filter {
      if case .shrunk = $0.shrinking { true } else { false }
    }
    #expect(shrunk.count >= 1 && shrunk.count < failures.count)
    Self.expectSame(merged, single)
  }

  @Test("shards holding no golden or no random case pass alone; the merge judges the whole")
  func evidenceOfTheWhole() throws {
    let options = Self.options(filter: "edge-batch-1", random: 2)
    let shards = try Self.shards(options, count: 4)
    for (report, _) in shards { #expect(report.passed, "\(report.failureLines())") }
    Self.expectSame(try Self.merge(shards), Self.audit(options))
    // NumPy required, and no live case in the whole: each shard is silent, the merge fails.
    var required = Self.options(filter: "edge-batch-1", random: 0)
    required.requireNumPy = true
    let requiredShards = try Self.shards(required, count: 2)
    #expect(requiredShards.allSatisfy { $0.0.passed })
    let merged = try Self.merge(requiredShards)
    #expect(merged.missingEvidence.contains(.numpyRequiredWithoutLiveCases))
    Self.expectSame(merged, Self.audit(required))
  }

  @Test("an incomplete, repeated or foreign set of shards is not merged, saying which and why")
  func incompleteSets() throws {
    let shards = try Self.shards(Self.options(filter: "edge-batch", random: 8), count: 4)
    func error(_ documents: [(String, JSONValue)]) -> String? {
      do {
        _ = try ShardMerge.merge(documents: documents)
        return nil
      } catch {
        return error.description
      }
    }
    let named = shards.map { ("shard-\($0.0.shard?.shard.index ?? 0).json", $0.1) }
    #expect(error(Array(named.prefix(3))) == "shard 4 of 4 is missing")
    #expect(error([named[0], named[3]]) == "shards 2, 3 of 4 are missing")
    #expect(
      error(named + [("again.json", named[1].1)])
        == "again.json: shard 2 of 4 is repeated (also shard-2.json)")
    let foreign: [(path: [String], value: JSONValue, message: String)] = [
      (["shard", "seed"], .integer(2), "shard.seed is 2, but shard-1.json has 1"),
      (["shard", "count"], .integer(5), "shard.count is 5, but shard-1.json has 4"),
      (["shard", "golden_set"], .string("fnv1a64:0"), "shard.golden_set is fnv1a64:0, but"),
      (["tool", "version"], .string("0.0.1"), "tool.version is 0.0.1, but shard-1.json has"),
      (["shard", "random_count"], .integer(9), "shard.random_count is 9, but shard-1.json has 8"),
      (["shard", "filter"], .null, "shard.filter is none, but shard-1.json has 'edge-batch'"),
      (["subject"], .string("other"), "subject is 'other', but shard-1.json has 'Swift'"),
      (["shard", "limits"], .string("depth 1"), "shard.limits is depth 1, but shard-1.json has"),
      (["shard", "require_numpy"], .bool(true), "shard.require_numpy is true, but"),
      (["shard", "shrinking"], .null, "shard.shrinking is off, but shard-1.json has 400"),
    ]
    for (path, value, message) in foreign {
      var changed = named
      changed[2].1 = Self.replacing(path, in: changed[2].1, with: value)
      let said = error(changed) ?? "merged"
      #expect(said.hasPrefix("shard-3.json: " + message), "\(said)")
    }
  }

  @Test("a file that is no shard report is named, with what is wrong")
  func notShardReports() throws {
    let whole = try JSONReader.parse(
      Array(Self.audit(Self.options(random: 0)).json().serialized().utf8))
    #expect(
      throws: ShardMergeError(
        "one.json: not a shard report (no \"shard\" key: make one with nnparity audit --shard K/N --format json)"
      )
    ) { try ShardMerge.merge(documents: [("one.json", whole)]) }
    #expect(
      throws: ShardMergeError(
        "x.json: not an nnparity audit report (no \"schema\": \"nnparity.audit/1\")"
      )
    ) { try ShardMerge.merge(documents: [("x.json", .object([("a", .integer(1))]))]) }
    let shard = try Self.shards(Self.options(filter: "edge-batch-1", random: 0), count: 1)[0].1
    let broken = Self.replacing(["goldens"], in: shard, with: .string("x"))
    #expect(throws: ShardMergeError("b.json: goldens: expected an array, found a string")) {
      try ShardMerge.merge(documents: [("b.json", broken)])
    }
  }

  /// `json` with the value at `path` (object keys) replaced by `value`.
  static func replacing(_ path: [String], in json: JSONValue, with value: JSONValue) -> JSONValue {
    guard let key = path.first, case .object(let members) = json else { return value }
    return .object(
      members.map {
        $0.key == key ? ($0.key, replacing(Array(path.dropFirst()), in: $0.value, with: value)) : $0
      })
  }
}
