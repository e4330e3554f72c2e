import NNParity
import NNParityAudit
import NNParityCases
import NNParityJudging

extension ExactSummary {
  /// The tensor in the report's JSON (`exact_oracle` entries).
  var json: JSONValue {
    .object([
      ("dtype", .string(dtype.rawValue)), ("tensor", .string(tensor.rawValue)),
      ("cases", .integer(cases)), ("elements", .integer(elements)),
      ("swift_max_scaled_error", .double(swiftMaxScaledError)),
      ("numpy_max_scaled_error", .double(numpyMaxScaledError)), ("bound", .double(bound)),
      ("passed", .bool(passed)), ("worst_case", .string(worstCase)),
      ("swift_max_ulp", .integer(swiftMaxULPs)),
      ("numpy_max_ulp", .integer(numpyMaxULPs)),
      ("swift_closer", .integer(swiftCloser)), ("numpy_closer", .integer(numpyCloser)),
      ("failures", .array(failures.map(\.json))),
      ("worst_position", worstPosition.map { .integer($0) } ?? .null),
    ])
  }

  /// The headers of the exact-oracle table: "Swift", or "subject" for another subject.
  static func tableHeaders(subject: String) -> [String] {
    let side = subject == "Swift" ? "Swift" : "subject"
    return [
      "dtype", "tensor", "cases", "\(side) u·C", "NumPy u·C", "bound", "max ulp",
      "\(side) closer", "NumPy closer", "",
    ]
  }

  /// The tensor's row.
  var tableRow: [String] {
    [
      dtype.rawValue, tensor.rawValue, "\(cases)",
      swiftMaxScaledError.shortDescription, numpyMaxScaledError.shortDescription,
      bound.shortDescription, "\(max(swiftMaxULPs, numpyMaxULPs))",
      "\(swiftCloser)", "\(numpyCloser)", passed ? "ok" : "FAIL",
    ]
  }

  /// What the table's figures mean.
  static let tableNote =
    "u·C: the largest |value − exact| in units of the element's error scale (the bound "
    + "limits it); max ulp is element-wise and large where a value cancels to near zero, "
    + "which the error scale accounts for"
}
