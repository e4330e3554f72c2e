import NNParity
import NNParityAudit
import NNParityCases
import NNParityJudging

extension CaseFailure {
  /// A case's failure as a report holds it (`failures` of a family, `subject_errors`).
  init(reading fields: ReportFields) throws(ReportDecodingError) {
    let name = try fields.string("family")
    guard let family = Family(reportName: name) else {
      throw ReportDecodingError(field: fields.field("family"), message: "unknown family '\(name)'")
    }
    let actualSide = try fields.string("actual_side")
    self.init(
      caseName: try fields.string("case"), family: family,
      expectedSide: try fields.choice("expected_side", ExpectedSide.self), error: "",
      actualSide: actualSide)
    error = try fields.optionalString("error")
    source = try fields.optionalString("source")
    missingTensors = try fields.strings("missing_tensors").map {
      (text) throws(ReportDecodingError) in
      guard let tensor = TensorName(rawValue: text) else {
        throw ReportDecodingError(
          field: fields.field("missing_tensors"), message: "unknown tensor '\(text)'")
      }
      return tensor
    }
    tensors = try fields.objects("tensors") { (f) throws(ReportDecodingError) in
      TensorComparison(recorded: try TensorComparison.Recorded(reading: f))
    }
    float64View = try fields.objects("float64_view") { (f) throws(ReportDecodingError) in
      Float64Drift(
        tensor: try f.choice("tensor", TensorName.self), swift: try f.double("swift_scaled_error"),
        numpy: try f.double("numpy_scaled_error"), bound: try f.double("bound"),
        subject: actualSide)
    }
    reproduce = try fields.strings("reproduce")
    hint = fields.has("hint") ? try fields.string("hint") : nil
    shrinking =
      fields.has("shrinking") ? try ShrinkOutcome(reading: fields.object("shrinking")) : nil
    position = try fields.int("position")
  }
}

extension TensorComparison.Recorded {
  /// A failing tensor as a report holds it (`failures[].tensors` entries).
  init(reading fields: ReportFields) throws(ReportDecodingError) {
    var shape: [Int] = []
    for (i, item) in try fields.array("shape").enumerated() {
      shape.append(
        Int(clamping: try ReportFields.unsigned(item, field: "\(fields.field("shape"))[\(i)]")))
    }
    let scale: Tolerance.Scale = try fields.string("unit") == "u·C" ? .errorScale : .tensorScale
    let worst = try fields.objects("worst") { (f) throws(ReportDecodingError) in
      try Self.element(f, shape: shape)
    }
    self.init(
      name: try fields.choice("tensor", TensorName.self), shape: shape,
      count: try fields.int("elements"), shapesMatch: try fields.bool("shape_matches"),
      tolerance: Tolerance(scaledBound: try fields.double("bound"), scale: scale, reason: ""),
      maxAbsoluteError: try fields.double("max_abs_error"),
      maxRelativeError: try fields.double("max_rel_error"), maxULPs: try fields.unsigned("max_ulp"),
      maxScaledError: try fields.double("max_scaled_error"),
      failingElements: try fields.int("count_beyond"), worstElements: worst)
  }

  /// One of the worst elements: its index in `shape`, both values and its scaled error.
  private static func element(_ fields: ReportFields, shape: [Int]) throws(ReportDecodingError)
    -> ElementError
  {
    var index: [Int] = []
    for (i, item) in try fields.array("index").enumerated() {
      index.append(
        Int(clamping: try ReportFields.unsigned(item, field: "\(fields.field("index"))[\(i)]")))
    }
    let flat =
      index.count == 2 && shape.count == 2 ? index[0] &* shape[1] &+ index[1] : index.first ?? 0
    return ElementError(
      flatIndex: flat, index: index.map { "[\($0)]" }.joined(),
      expected: try fields.double("expected"), actual: try fields.double("actual"),
      scaledError: try fields.double("scaled_error"))
  }
}
