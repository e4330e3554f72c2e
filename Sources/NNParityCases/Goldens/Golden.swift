import NNParity

/// A golden vector: a case and the result the NumPy reference computed for it
/// (`reference/golden/<name>.json`, written only by `tools/regen`).
package struct Golden: Sendable {
  /// The schema this type reads.
  package static let schema = "nnparity.golden/1"

  /// The file it was read from.
  package internal(set) var path: String
  /// The golden's name: its file name without `.json`.
  package internal(set) var name: String
  /// The case, in the spec's case format.
  package internal(set) var networkCase: NetworkCase
  /// What the NumPy reference computed.
  package internal(set) var expected: CaseResult
  /// The same quantities computed with 50 significant digits and rounded to the dtype,
  /// for the tensors the generator could afford (possibly none).
  package internal(set) var exact: CaseResult?
  /// Versions and hashes of what generated it.
  package internal(set) var provenance: [String: String]

  /// Reads and validates a golden file; errors name the file and field.
  package init(path: String, limits: CaseLimits = .default) throws(CaseError) {
    self = try CaseFile.read(path, limits: limits.json) { (json) throws(CaseError) in
      try Golden(json: json, path: path, limits: limits)
    }
  }

  init(json: JSONValue, path: String, limits: CaseLimits) throws(CaseError) {
    var fields = try JSONFields(json, path: "")
    let schema = try fields.string("schema")
    guard schema == Self.schema else {
      throw CaseError(
        field: "schema",
        message: "\(schema.map { "unknown schema \"\($0)\"" } ?? "missing") "
          + "(this version reads \"\(Self.schema)\")")
    }
    self.path = path
    let fileName = path.split(separator: "/").last.map(String.init) ?? path
    self.name = fileName.hasSuffix(".json") ? String(fileName.dropLast(5)) : fileName
    self.networkCase = try NetworkCase(
      json: try fields.required("case"), path: "case", limits: limits)
    self.expected = try CaseResult(
      json: try fields.required("expected"), path: "expected", for: networkCase)
    self.exact = try CaseResult(
      exactJSON: try fields.required("exact"), path: "exact", for: networkCase)
    // Required: without each element's error scale the parity bound cannot be applied.
    expected.errorScales =
      try CaseResult(
        exactJSON: try fields.required("error_scale"), path: "error_scale", for: networkCase,
        roundingToDType: false
      ).tensors
    guard Set(expected.errorScales.keys) == Set(expected.tensors.keys) else {
      throw CaseError(field: "error_scale", message: "must give a scale for every tensor")
    }
    for (tensor, scales) in expected.errorScales
    where !scales.values.allSatisfy({ $0.isFinite && $0 >= 0 }) {
      throw CaseError(
        field: "error_scale.\(tensor.rawValue)", message: "holds a negative or non-finite scale")
    }
    guard networkCase.name == name, expected.name == name else {
      throw CaseError(
        field: "case.name",
        message: "is \(networkCase.name ?? "missing") and expected.name "
          + "\(expected.name ?? "missing"), but the file is \(name).json")
    }
    var provenance: [String: String] = [:]
    if case .object(let members)? = fields.optional("provenance") {
      for member in members {
        if case .string(let text) = member.value { provenance[member.key] = text }
      }
    }
    self.provenance = provenance
    try fields.rejectUnknown()
  }

  /// Every `*.json` golden directly inside `directory`, sorted by name. A file that cannot
  /// be read is returned as its error, so one bad golden does not hide the others.
  package static func all(in directory: String, limits: CaseLimits = .default)
    throws(CaseError) -> [Result<Golden, CaseError>]
  {
    try GoldenDirectory.jsonFiles(in: directory).map { path in
      Result { () throws(CaseError) in try Golden(path: path, limits: limits) }
    }
  }

  /// How to rebuild the goldens, for failure messages.
  package static let rerecordHint =
    "If the reference changed on purpose, run tools/regen and commit reference/golden/."
}

extension CaseResult {
  /// Reads a golden's `exact` object: any subset of the result's tensors, plus
  /// `exact_digits`; or, with `roundingToDType: false`, its `error_scale` object (float64
  /// scales of the same tensors).
  init(
    exactJSON json: JSONValue, path: String, for networkCase: NetworkCase,
    roundingToDType: Bool = true
  ) throws(CaseError) {
    var fields = try JSONFields(json, path: path)
    _ = fields.optional("exact_digits")
    var tensors: [TensorName: Tensor] = [:]
    for tensorName in networkCase.expectedTensorNames {
      guard let value = fields.optional(tensorName.rawValue) else { continue }
      let field = fields.fieldPath(tensorName.rawValue)
      let tensor = try Self.tensor(value, field: field)
      guard tensor.shape == networkCase.expectedShape(of: tensorName) else {
        throw CaseError(
          field: field,
          message:
            "has shape \(tensor.shape), the case gives \(networkCase.expectedShape(of: tensorName))"
        )
      }
      tensors[tensorName] = tensor
    }
    try fields.rejectUnknown()
    let result = CaseResult(name: networkCase.name, dtype: networkCase.dtype, tensors: tensors)
    self = roundingToDType ? result.roundedToDType : result
  }
}
