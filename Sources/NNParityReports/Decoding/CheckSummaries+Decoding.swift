import NNParity
import NNParityAudit
import NNParityCases
import NNParityJudging

extension FiniteDifferenceSummary {
  /// A family of finite-difference checks as a report holds it.
  init(reading fields: ReportFields) throws(ReportDecodingError) {
    self.init(
      semantics: try fields.choice("semantics", Semantics.self),
      pass: try fields.choice("pass", GradientCheck.Pass.self),
      expectedToMatch: try fields.bool("expected_to_match"))
    cases = try fields.int("cases")
    worstError = try fields.double("worst_rel_error")
    worstLocation = try fields.string("where")
    worstPosition = try fields.optionalInt("worst_position")
    worstErrorBeyondNoise = try fields.double("worst_rel_error_beyond_noise")
    belowNoise = try fields.int("below_noise")
    skippedAtKinks = try fields.int("skipped_at_kinks")
    failures = try fields.checkFailures()
  }
}

extension InvariantSummary {
  /// An invariant as a report holds it.
  init(reading fields: ReportFields) throws(ReportDecodingError) {
    self.init(name: try fields.string("invariant"))
    cases = try fields.int("cases")
    worstDeviation = try fields.double("worst_deviation")
    worstCase = try fields.string("worst_case")
    worstPosition = try fields.optionalInt("worst_position")
    failures = try fields.checkFailures()
  }
}

extension ExactSummary {
  /// A dtype and tensor of the exact oracle as a report holds it; `subject` is the report's.
  init(reading fields: ReportFields, subject: String) throws(ReportDecodingError) {
    self.init(
      tensor: try fields.choice("tensor", TensorName.self),
      dtype: try fields.choice("dtype", DType.self), subject: subject)
    cases = try fields.int("cases")
    elements = try fields.int("elements")
    swiftMaxScaledError = try fields.double("swift_max_scaled_error")
    numpyMaxScaledError = try fields.double("numpy_max_scaled_error")
    worstCase = try fields.string("worst_case")
    worstPosition = try fields.optionalInt("worst_position")
    swiftMaxULPs = try fields.unsigned("swift_max_ulp")
    numpyMaxULPs = try fields.unsigned("numpy_max_ulp")
    swiftCloser = try fields.int("swift_closer")
    numpyCloser = try fields.int("numpy_closer")
    failures = try fields.checkFailures()
  }
}

extension ReportFields {
  /// The `failures` of a check's summary.
  func checkFailures() throws(ReportDecodingError) -> [CheckFailure] {
    try objects("failures") { (f) throws(ReportDecodingError) in try CheckFailure(reading: f) }
  }
}

extension CheckFailure {
  /// A check's failure as a report holds it.
  init(reading fields: ReportFields) throws(ReportDecodingError) {
    let bound = try fields.value("bound") == .null ? nil : try fields.double("bound")
    self.init(
      caseName: try fields.string("case"), measure: try fields.string("measure"),
      value: try fields.double("value"), bound: bound, text: try fields.string("text"),
      position: try fields.int("position"))
  }
}
