import NNParity

extension CaseResult {
  /// The result as one line of JSON in the spec's format, numbers in shortest round-trip
  /// form at the result's dtype.
  package var jsonLine: String { jsonLine(file: nil) }

  /// The result line with the file it came from first (`"file": …`), so a reader of many
  /// results can tell which is whose; nil leaves the key out.
  package func jsonLine(file: String?) -> String {
    var parts: [String] = []
    if let file { parts.append("\"file\":" + JSONWriter.string(file)) }
    if let name { parts.append("\"name\":" + JSONWriter.string(name)) }
    for (name, tensor) in orderedTensors {
      parts.append("\"\(name.rawValue)\":" + Self.json(tensor, dtype: dtype))
    }
    return "{" + parts.joined(separator: ",") + "}"
  }

  static func json(_ tensor: Tensor, dtype: DType) -> String {
    let numbers = tensor.values.map { JSONWriter.number($0, dtype: dtype) }
    switch tensor.shape.count {
    case 0: return numbers.first ?? "null"
    case 1: return "[" + numbers.joined(separator: ",") + "]"
    default:
      let columns = tensor.shape[1]
      let rows = stride(from: 0, to: numbers.count, by: max(columns, 1)).map {
        "[" + numbers[$0..<($0 + columns)].joined(separator: ",") + "]"
      }
      return "[" + rows.joined(separator: ",") + "]"
    }
  }

  /// Reads a result object (a golden's `expected`), checking each tensor's shape against
  /// the case it belongs to.
  package init(json: JSONValue, path: String, for networkCase: NetworkCase) throws(CaseError) {
    var fields = try JSONFields(json, path: path)
    let name = try fields.string("name")
    var tensors: [TensorName: Tensor] = [:]
    for tensorName in networkCase.expectedTensorNames {
      let field = fields.fieldPath(tensorName.rawValue)
      let tensor = try Self.tensor(try fields.required(tensorName.rawValue), field: field)
      let expectedShape = networkCase.expectedShape(of: tensorName)
      guard tensor.shape == expectedShape else {
        throw CaseError(
          field: field,
          message: "has shape \(tensor.shape), but the case gives \(expectedShape)")
      }
      tensors[tensorName] = tensor
    }
    try fields.rejectUnknown()
    // A float32 number written in shortest form reads as the nearest Double; round it
    // back to the Float it stands for.
    self = CaseResult(name: name, dtype: networkCase.dtype, tensors: tensors).roundedToDType
  }

  /// A number, a "NaN"/"Infinity"/"-Infinity" string, or nested arrays of those.
  static func tensor(_ value: JSONValue, field: String) throws(CaseError) -> Tensor {
    func scalar(_ value: JSONValue, _ field: String) throws(CaseError) -> Double {
      guard let number = value.numberOrNonFinite else {
        throw CaseError(field: field, message: "expected a number, found \(value.kindDescription)")
      }
      return number
    }
    guard case .array(let outer) = value else {
      return Tensor(shape: [], values: [try scalar(value, field)])
    }
    guard case .array(let first)? = outer.first else {
      var values: [Double] = []
      for (i, item) in outer.enumerated() { values.append(try scalar(item, "\(field)[\(i)]")) }
      return Tensor(shape: [values.count], values: values)
    }
    var values: [Double] = []
    for (r, row) in outer.enumerated() {
      guard case .array(let items) = row, items.count == first.count else {
        throw CaseError(field: "\(field)[\(r)]", message: "ragged rows")
      }
      for (c, item) in items.enumerated() {
        values.append(try scalar(item, "\(field)[\(r)][\(c)]"))
      }
    }
    return Tensor(shape: [outer.count, first.count], values: values)
  }
}

extension NetworkCase {
  /// The tensors a result of this case holds.
  package var expectedTensorNames: [TensorName] {
    training == nil
      ? [.probs, .loss, .gradW1, .gradW2]
      : TensorName.allCases
  }

  /// The shape the result format gives `tensor` for this case.
  package func expectedShape(of tensor: TensorName) -> [Int] {
    let (b, i, h, o) = shape
    switch tensor {
    case .probs: return [b, o]
    case .loss: return []
    case .gradW1, .trainedW1: return [i, h]
    case .gradW2, .trainedW2: return [h, o]
    case .losses: return [training?.configuration.epochs ?? 0]
    }
  }
}
