import NNParityAudit
import NNParityCases

extension ShrinkOutcome {
  /// What shrinking found, as a report holds it (a failure's `shrinking`).
  init(reading fields: ReportFields) throws(ReportDecodingError) {
    guard try fields.bool("shrunk") else {
      self = .notShrunk(reason: try fields.string("reason"))
      return
    }
    let c: NetworkCase
    do {
      c = try NetworkCase(json: try fields.value("case"))
    } catch let error as CaseError {
      throw ReportDecodingError(field: fields.field("case"), message: error.description)
    } catch {
      throw ReportDecodingError(field: fields.field("case"), message: "\(error)")
    }
    let targetText = try fields.string("target")
    let target: ShrinkTarget
    if let tensor = TensorName(rawValue: targetText) {
      target = .tensor(tensor)
    } else if targetText == ShrinkTarget.subjectError.description {
      target = .subjectError
    } else {
      throw ReportDecodingError(field: fields.field("target"), message: "unknown '\(targetText)'")
    }
    self = .shrunk(
      ShrunkCase(
        networkCase: c, target: target, originalShape: try fields.string("original_shape"),
        evaluations: try fields.int("evaluations"),
        failure: try CaseFailure(reading: fields.object("failure")),
        reproduce: try fields.strings("reproduce"),
        savedFile: try fields.optionalString("saved_file")))
  }
}
