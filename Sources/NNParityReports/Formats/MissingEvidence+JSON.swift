import NNParityAudit
import NNParityCases

extension MissingEvidence {
  /// What the plan or the run found missing, as fields (a shard's `shard.gaps`): what
  /// `nnparity merge` carries over, since it cannot find it again. Nil for what the
  /// evidence rules find, which the merge finds again in the merged whole.
  var json: JSONValue? {
    switch self {
    case .onlyCasesWithoutFiles: return .object([("kind", .string("only_cases_without_files"))])
    case .noManifest(let directory):
      return .object([("kind", .string("no_manifest")), ("directory", .string(directory))])
    case .emptyManifest(let directory, let present):
      return .object([
        ("kind", .string("empty_manifest")), ("directory", .string(directory)),
        ("present", .integer(present)),
      ])
    case .goldensMissing(let missing, let listed, let directory):
      return .object([
        ("kind", .string("goldens_missing")), ("missing", .array(missing.map(JSONValue.string))),
        ("listed", .integer(listed)), ("directory", .string(directory)),
      ])
    case .filterSelectsNothing(let filter, let goldens):
      return .object([
        ("kind", .string("filter_selects_nothing")), ("filter", .string(filter.text)),
        ("goldens", .integer(goldens)),
      ])
    case .subjectFailed(let batch, let subject, let error):
      return .object([
        ("kind", .string("subject_failed")), ("batch", .string(batch.key)),
        ("subject", .string(subject)), ("error", .string(error.description)),
        ("whole_run", .bool(error.wholeRun)),
      ])
    default: return nil
    }
  }

  /// A gap read back from its fields.
  init(reading fields: ReportFields) throws(ReportDecodingError) {
    switch try fields.string("kind") {
    case "only_cases_without_files": self = .onlyCasesWithoutFiles
    case "no_manifest": self = .noManifest(directory: try fields.string("directory"))
    case "empty_manifest":
      self = .emptyManifest(
        directory: try fields.string("directory"), present: try fields.int("present"))
    case "goldens_missing":
      self = .goldensMissing(
        missing: try fields.strings("missing"), listed: try fields.int("listed"),
        directory: try fields.string("directory"))
    case "filter_selects_nothing":
      self = .filterSelectsNothing(
        NamePattern(try fields.string("filter")), goldens: try fields.int("goldens"))
    case "subject_failed":
      let key = try fields.string("batch")
      guard let batch = SubjectBatch.allCases.first(where: { $0.key == key }) else {
        throw ReportDecodingError(field: fields.field("batch"), message: "unknown batch '\(key)'")
      }
      self = .subjectFailed(
        batch, subject: try fields.string("subject"),
        SubjectError(try fields.string("error"), wholeRun: try fields.bool("whole_run")))
    case let kind:
      throw ReportDecodingError(field: fields.field("kind"), message: "unknown gap '\(kind)'")
    }
  }
}

extension SubjectBatch {
  /// The batch's key in JSON.
  var key: String {
    switch self {
    case .goldens: "goldens"
    case .liveCases: "live_cases"
    case .caseFiles: "case_files"
    }
  }
}

extension CaseError {
  /// The error as fields (a shard's `shard.load_errors`), so that a merged report can say
  /// how to raise a limit as `nnparity audit` does.
  var json: JSONValue {
    .object([
      ("file", file.map(JSONValue.string) ?? .null),
      ("field", field.map(JSONValue.string) ?? .null),
      ("message", .string(message)), ("limit", limit.map { .string($0.rawValue) } ?? .null),
    ])
  }

  /// An error read back from its fields.
  init(reading fields: ReportFields) throws(ReportDecodingError) {
    let limit = try fields.optionalString("limit")
    self.init(
      file: try fields.optionalString("file"), field: try fields.optionalString("field"),
      message: try fields.string("message"),
      limit: try limit.map { (text) throws(ReportDecodingError) in
        guard let limit = InputLimit(rawValue: text) else {
          throw ReportDecodingError(
            field: fields.field("limit"), message: "unknown limit '\(text)'")
        }
        return limit
      })
  }
}
