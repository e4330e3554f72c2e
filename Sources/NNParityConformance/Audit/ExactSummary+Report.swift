import NNParity

extension ExactSummary {
  /// The tensor in the report's JSON (`exact_oracle` entries).
  var json: JSONValue {
    .object([
      ("dtype", .string(dtype.rawValue)), ("tensor", .string(tensor.rawValue)),
      ("cases", .integer(cases)), ("elements", .integer(elements)),
      ("swift_max_ulp_at_scale", .double(swiftMaxScaledULPs)),
      ("numpy_max_ulp_at_scale", .double(numpyMaxScaledULPs)),
      ("swift_max_ulp", .integer(swiftMaxULPs)),
      ("numpy_max_ulp", .integer(numpyMaxULPs)),
      ("swift_closer", .integer(swiftCloser)), ("numpy_closer", .integer(numpyCloser)),
    ])
  }

  /// The headers of the exact-oracle table.
  static let tableHeaders = [
    "dtype", "tensor", "cases", "Swift ulp@scale", "NumPy ulp@scale", "Swift closer",
    "NumPy closer", "ties",
  ]

  /// The tensor's row.
  var tableRow: [String] {
    [
      dtype.rawValue, tensor.rawValue, "\(cases)",
      swiftMaxScaledULPs.shortDescription, numpyMaxScaledULPs.shortDescription,
      "\(swiftCloser)", "\(numpyCloser)", "\(elements - swiftCloser - numpyCloser)",
    ]
  }

  /// What the table's figures mean.
  static let tableNote =
    "ulp@scale: the largest |value − exact| in ulps of the tensor's largest exact "
    + "magnitude; closer/ties count elements by element-wise ulp distance"
}
