import NNParity
import NNParityAudit
import NNParityCases
import NNParityJudging

extension AuditReport {
  /// A shard's report read back from its JSON (`nnparity audit --shard K/N --format json`):
  /// every figure the merge and the report's formats use. What the evidence rules found is
  /// left out: the merge finds it again in the merged whole.
  package init(shardJSON json: JSONValue) throws(ReportDecodingError) {
    let fields = try ReportFields(json, path: "")
    guard fields.has("schema"), try fields.string("schema") == Self.jsonSchema else {
      throw ReportDecodingError(
        field: "", message: "not an nnparity audit report (no \"schema\": \"\(Self.jsonSchema)\")")
    }
    guard fields.has("shard") else {
      throw ReportDecodingError(
        field: "",
        message: "not a shard report (no \"shard\" key: make one with nnparity audit "
          + "--shard K/N --format json)")
    }
    self.init(numpy: try Self.numpy(fields.object("numpy")))
    subject = try fields.string("subject")
    kernels = try Self.kernels(fields)
    goldens = try fields.objects("goldens") { (f) throws(ReportDecodingError) in
      try FamilySummary(reading: f)
    }
    goldensFilteredOut = try fields.int("goldens_filtered_out")
    try readLive(fields.object("live"))
    finiteDifferences = try fields.objects("finite_differences") {
      (f) throws(ReportDecodingError) in
      try FiniteDifferenceSummary(reading: f)
    }
    invariants = try fields.objects("invariants") { (f) throws(ReportDecodingError) in
      try InvariantSummary(reading: f)
    }
    let subject = subject
    exact = try fields.objects("exact_oracle") { (f) throws(ReportDecodingError) in
      try ExactSummary(reading: f, subject: subject)
    }
    bias = try fields.objects("bias") { (f) throws(ReportDecodingError) in
      try BiasSummary(reading: f)
    }
    subjectErrors = try fields.objects("subject_errors") { (f) throws(ReportDecodingError) in
      try CaseFailure(reading: f)
    }
    seconds = try fields.double("seconds")
    try readShard(fields.object("shard"), toolVersion: fields.object("tool").string("version"))
  }

  /// The `live` object: its families, times and placement.
  private mutating func readLive(_ fields: ReportFields) throws(ReportDecodingError) {
    live = try fields.objects("families") { (f) throws(ReportDecodingError) in
      try FamilySummary(reading: f)
    }
    liveSeconds = try fields.double("seconds")
    livePlacement = try fields.string("placement")
    liveOverlapsGoldens = try fields.bool("overlaps_goldens")
    liveSkippedReason = fields.has("skipped_reason") ? try fields.string("skipped_reason") : nil
  }

  /// The `shard` object: the record, the plan's and the run's gaps, the files that did not
  /// read.
  private mutating func readShard(_ fields: ReportFields, toolVersion: String)
    throws(ReportDecodingError)
  {
    shard = try ShardRecord(reading: fields, toolVersion: toolVersion)
    missingEvidence = try fields.objects("gaps") { (f) throws(ReportDecodingError) in
      try MissingEvidence(reading: f)
    }
    loadErrors = try fields.objects("load_errors") { (f) throws(ReportDecodingError) in
      try CaseError(reading: f)
    }
  }

  /// The `numpy` object.
  private static func numpy(_ fields: ReportFields) throws(ReportDecodingError) -> NumPyStatus {
    guard try fields.bool("available") else {
      return .unavailable(reason: try fields.string("reason"))
    }
    return .available(version: try fields.string("version"), detail: try fields.string("detail"))
  }

  /// The `kernels` object, or nil for null.
  private static func kernels(_ fields: ReportFields) throws(ReportDecodingError)
    -> (set: KernelInstructionSet, reason: String)?
  {
    guard try fields.value("kernels") != .null else { return nil }
    let kernels = try fields.object("kernels")
    return (try kernels.choice("set", KernelInstructionSet.self), try kernels.string("reason"))
  }
}
