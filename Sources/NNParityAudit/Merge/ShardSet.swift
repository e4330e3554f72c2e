import NNParityCases

/// Shard reports that form one complete set: the same audit (count, seed, random cases,
/// tool version, subject, goldens, filter, case files, options, NumPy), every shard from 1
/// to N exactly once. Sorted by shard.
package struct ShardSet: Sendable {
  /// The reports, shard 1 first.
  package let reports: [AuditReport]
  /// Shard 1's record: what every shard records alike.
  package let record: ShardRecord

  /// The set of `reports` (each with the file it came from, for errors), or the first
  /// reason they are not one: a report that is no shard's, one whose audit differs from
  /// the first file's, a shard given twice, a shard missing.
  package init(_ reports: [(file: String, report: AuditReport)]) throws(ShardMergeError) {
    guard let first = reports.first else { throw ShardMergeError("no shard report given") }
    var shards: [(file: String, report: AuditReport, record: ShardRecord)] = []
    for (file, report) in reports {
      guard let record = report.shard else {
        throw ShardMergeError(
          "\(file): not a shard report (no \"shard\" key: make it with "
            + "nnparity audit --shard K/N --format json)")
      }
      shards.append((file, report, record))
    }
    let reference = shards[0]
    for shard in shards.dropFirst() {
      if let field = Self.difference(shard.report, shard.record, reference.report, reference.record)
      {
        throw ShardMergeError(
          "\(shard.file): \(field.name) is \(field.value), but \(first.file) has \(field.expected)")
      }
    }
    if reference.record.toolVersion != NNParityVersion.current {
      throw ShardMergeError(
        "\(first.file): tool.version is \(reference.record.toolVersion), but this nnparity is "
          + "\(NNParityVersion.current): merge with the version that ran the shards")
    }
    let count = reference.record.shard.count
    var byIndex: [Int: String] = [:]
    for shard in shards {
      let index = shard.record.shard.index
      if let earlier = byIndex[index] {
        throw ShardMergeError(
          "\(shard.file): shard \(index) of \(count) is repeated (also \(earlier))")
      }
      byIndex[index] = shard.file
    }
    let missing = (1...count).filter { byIndex[$0] == nil }
    if !missing.isEmpty {
      throw ShardMergeError(
        missing.count == 1
          ? "shard \(missing[0]) of \(count) is missing"
          : "shards \(missing.map(String.init).joined(separator: ", ")) of \(count) are missing")
    }
    let sorted = shards.sorted { $0.record.shard.index < $1.record.shard.index }
    self.reports = sorted.map(\.report)
    self.record = sorted[0].record
  }

  /// The first field in which a shard's audit differs from the reference's: its name, its
  /// value, and the reference's.
  private static func difference(
    _ report: AuditReport, _ record: ShardRecord, _ reference: AuditReport,
    _ referenceRecord: ShardRecord
  ) -> (name: String, value: String, expected: String)? {
    let fields = Self.fields(report, record)
    let expected = Self.fields(reference, referenceRecord)
    for (field, reference) in zip(fields, expected) where field.value != reference.value {
      return (field.name, field.value, reference.value)
    }
    return nil
  }

  /// What must be equal across the shards of one audit, as (JSON key, value) pairs.
  private static func fields(_ report: AuditReport, _ record: ShardRecord) -> [(
    name: String, value: String
  )] {
    func quoted(_ text: String?) -> String { text.map { "'\($0)'" } ?? "none" }
    let numpy: String =
      switch report.numpy {
      case .available(let version, _): "NumPy \(version)"
      case .unavailable: "unavailable"
      }
    return [
      ("shard.count", "\(record.shard.count)"), ("tool.version", record.toolVersion),
      ("shard.seed", "\(record.seed)"), ("shard.random_count", "\(record.randomCount)"),
      ("subject", quoted(report.subject)), ("shard.golden_set", record.goldenSet),
      ("shard.golden_files", "\(record.goldenFiles)"), ("shard.filter", quoted(record.filter)),
      ("shard.only_cases", "\(record.onlyCases)"),
      ("shard.case_files", record.caseFiles.joined(separator: " ")),
      ("shard.case_file_set", record.caseFileSet), ("shard.limits", record.limits),
      (
        "shard.shrinking",
        record.shrinking.map {
          "\($0.evaluationsPerFailure) evaluations per failure, \($0.failingCases) failing cases"
        } ?? "off"
      ),
      ("shard.require_numpy", "\(record.requireNumPy)"),
      ("shard.bundled_network", "\(record.bundledNetwork)"),
      ("shard.goldens_in_all_shards", "\(record.goldensInAllShards)"), ("numpy", numpy),
    ]
  }
}
