import NNParity
import NNParityAudit
import NNParityCases
import NNParityJudging

extension BiasSummary {
  /// A dtype and tensor of the bias check as a report holds it: a shard's with each
  /// golden's sums (`parts`), any other's as one part of its totals.
  init(reading fields: ReportFields) throws(ReportDecodingError) {
    let tensor = try fields.choice("tensor", TensorName.self)
    let dtype = try fields.choice("dtype", DType.self)
    var parts: [BiasPart] = []
    if fields.has("parts") {
      parts = try fields.objects("parts") { (f) throws(ReportDecodingError) in
        BiasPart(
          position: try f.int("position"), subject: try Self.sums(f, "sums"),
          numpy: try Self.sums(f, "numpy_sums"))
      }
    } else {
      parts = [
        BiasPart(
          position: 0, subject: try Self.sums(fields, "sums"),
          numpy: try Self.sums(fields, "numpy_sums"))
      ]
    }
    self.init(tensor: tensor, dtype: dtype, parts: parts)
  }

  /// `[count, sum, sum of squares]` at `key`.
  private static func sums(_ fields: ReportFields, _ key: String) throws(ReportDecodingError)
    -> SignedErrorMean
  {
    let values = try fields.array(key)
    guard values.count == 3 else {
      throw ReportDecodingError(
        field: fields.field(key), message: "expected [count, sum, sum of squares]")
    }
    return SignedErrorMean(
      count: Int(try ReportFields.unsigned(values[0], field: fields.field(key))),
      sum: try ReportFields.double(values[1], field: fields.field(key)),
      sumOfSquares: try ReportFields.double(values[2], field: fields.field(key)))
  }
}
