import NNParity
import NNParityAudit
import NNParityCases

extension FamilySummary {
  /// A family as a shard's report holds it (`goldens` and `live.families` entries).
  init(reading fields: ReportFields) throws(ReportDecodingError) {
    let name = try fields.string("family")
    guard let family = Family(reportName: name) else {
      throw ReportDecodingError(field: fields.field("family"), message: "unknown family '\(name)'")
    }
    self.init(family)
    cases = try fields.int("cases")
    tensors = try fields.objects("tensors") { (f) throws(ReportDecodingError) in
      try TensorSummary(reading: f)
    }
    failures = try fields.objects("failures") { (f) throws(ReportDecodingError) in
      try CaseFailure(reading: f)
    }
    explained = try fields.objects("explained") { (f) throws(ReportDecodingError) in
      (try f.string("case"), try f.string("explanation"), try f.int("position"))
    }
  }
}

extension Family {
  /// The family a report names (`Family.description`), or nil.
  init?(reportName name: String) {
    switch name {
    case "live user cases": self = .liveUserCases
    case "user cases": self = .userCases
    case _ where name.hasPrefix("goldens "):
      guard let dtype = DType(rawValue: String(name.dropFirst("goldens ".count))) else {
        return nil
      }
      self = .goldens(dtype)
    case _ where name.hasPrefix("live random (seed ") && name.hasSuffix(")"):
      let seed = name.dropFirst("live random (seed ".count).dropLast()
      guard let seed = UInt64(seed) else { return nil }
      self = .liveRandom(seed: seed)
    default: return nil
    }
  }
}

extension TensorSummary {
  /// A tensor's summary as a shard's report holds it, with its points.
  init(reading fields: ReportFields) throws(ReportDecodingError) {
    self.init(name: try fields.choice("tensor", TensorName.self))
    cases = try fields.int("cases")
    maxAbsoluteError = try fields.double("max_abs_error")
    maxRelativeError = try fields.double("max_rel_error")
    maxULPs = try fields.unsigned("max_ulp")
    maxScaledError = try fields.double("max_scaled_error")
    bound = try fields.double("bound")
    worstCase = try fields.string("worst_case")
    worstDetail = try fields.string("worst_detail")
    worstPosition = try fields.int("worst_position")
    failures = try fields.int("failing_cases")
    explainedCases = try fields.int("explained_cases")
    illConditionedCases = try fields.int("ill_conditioned_cases")
    zeroCases = try fields.int("zero_cases")
    unjudgedElements = try fields.int("unjudged_elements")
    var points: [CasePoint] = []
    for (i, item) in try fields.array("points").enumerated() {
      points.append(try CasePoint(reading: item, field: "\(fields.field("points"))[\(i)]"))
    }
    self.points = points
  }
}

extension CasePoint {
  /// A point as a shard's report holds it: `[position, case, scaled error, bound, flags]`.
  init(reading value: JSONValue, field: String) throws(ReportDecodingError) {
    guard case .array(let items) = value, items.count == 5,
      case .string(let caseName) = items[1], case .string(let flags) = items[4]
    else {
      throw ReportDecodingError(
        field: field, message: "expected [position, case, scaled error, bound, flags]")
    }
    let position = try ReportFields.unsigned(items[0], field: field + "[0]")
    guard position <= UInt64(Int.max) else {
      throw ReportDecodingError(field: field + "[0]", message: "too large")
    }
    self.init(
      caseName: caseName, scaledError: try ReportFields.double(items[2], field: field + "[2]"),
      bound: try ReportFields.double(items[3], field: field + "[3]"), passed: flags.contains("p"),
      explained: flags.contains("e"), illConditioned: flags.contains("i"),
      unjudged: flags.contains("u"), position: Int(position))
  }
}
