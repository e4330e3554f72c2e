import Foundation
import NNParity
import NNParityAudit
import NNParityCases
import NNParityJudging

extension BiasSummary {
  /// The tensor in the report's JSON (`bias` entries); with `parts`, each golden's sums,
  /// which a shard's report carries for `nnparity merge`.
  func json(parts withParts: Bool) -> JSONValue {
    let (s, n) = (subject, numpy)
    var members: [(key: String, value: JSONValue)] = [
      ("dtype", .string(dtype.rawValue)), ("tensor", .string(tensor.rawValue)),
      ("elements", .integer(s.count)), ("mean", Self.number(s.mean)),
      ("standard_error", Self.number(s.standardError)), ("z", Self.number(s.z)),
      ("numpy_mean", Self.number(n.mean)), ("numpy_standard_error", Self.number(n.standardError)),
      ("numpy_z", Self.number(n.z)), ("minimum_mean", .double(threshold.minimumMean)),
      ("minimum_z", .double(threshold.minimumZ)), ("detectable", Self.number(detectable)),
      ("passed", .bool(passed)), ("sums", Self.sums(s)), ("numpy_sums", Self.sums(n)),
    ]
    if withParts {
      let entries = parts.map { part -> JSONValue in
        .object([
          ("position", .integer(part.position)), ("sums", Self.sums(part.subject)),
          ("numpy_sums", Self.sums(part.numpy)),
        ])
      }
      members.append(("parts", .array(entries)))
    }
    return .object(members)
  }

  private static func number(_ value: Double?) -> JSONValue { value.map { .double($0) } ?? .null }

  /// `[count, sum, sum of squares]`: what the figures are computed from.
  static func sums(_ errors: SignedErrorMean) -> JSONValue {
    .array([.integer(errors.count), .double(errors.sum), .double(errors.sumOfSquares)])
  }

  /// The headers of the bias table: "Swift", or "subject" for another subject.
  static func tableHeaders(subject: String) -> [String] {
    let side = subject == "Swift" ? "Swift" : "subject"
    return [
      "dtype", "tensor", "elements", "\(side) mean", "standard error", "z", "NumPy mean",
      "NumPy z", "detects ≥", "",
    ]
  }

  /// The tensor's row.
  var tableRow: [String] {
    [
      dtype.rawValue, tensor.rawValue, "\(subject.count)", Self.signed(subject.mean),
      subject.standardError.map { String(format: "%.3f", $0) } ?? "–",
      Self.signed(subject.z, digits: 1), Self.signed(numpy.mean), Self.signed(numpy.z, digits: 1),
      detectable.map { String(format: "%.3f", $0) } ?? "–",
      judged ? (passed ? "ok" : "FAIL") : "not judged (< 2 elements)",
    ]
  }

  /// What the table's figures mean, with each dtype's threshold.
  static func tableNotes(_ summaries: [BiasSummary]) -> [String] {
    let dtypes = DType.allCases.filter { dtype in summaries.contains { $0.dtype == dtype } }
    return [
      "mean: the signed error against the exact value in units of each element's u·C, "
        + "averaged over the goldens' elements; z: the mean in standard errors; detects ≥: "
        + "the smallest |mean| this evidence flags"
    ]
      + dtypes.map { dtype in
        let threshold = Tolerances.bias(dtype)
        return "\(dtype.rawValue): a bias when |mean| ≥ \(threshold.minimumMean.shortDescription) "
          + "and |z| ≥ \(threshold.minimumZ.shortDescription) (\(threshold.reason))"
      } + summaries.filter { !$0.passed }.map(\.failureLine)
  }
}
