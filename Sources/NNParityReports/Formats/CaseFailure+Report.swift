import NNParity
import NNParityAudit
import NNParityCases
import NNParityJudging

extension CaseFailure {
  /// The failure as text, one line per fact: the sides, each tensor's count beyond and its
  /// worst elements, the float64 view, and how to reproduce it.
  package var message: String {
    let sides =
      error == nil
      ? "\(actualSide) differs from \(expectedSide)"
      : "not compared (\(actualSide) against \(expectedSide))"
    var lines = ["\(caseName): \(sides)" + (source.map { " (\($0))" } ?? "")]
    if let error { lines.append("  " + error) }
    lines += missingTensors.map { "  \($0.rawValue): present on one side only" }
    for tensor in tensors {
      guard tensor.shapesMatch else {
        lines.append("  \(tensor.name.rawValue): shape differs from \(tensor.shape)")
        continue
      }
      lines.append(
        "  \(tensor.name.rawValue): \(tensor.failingElements) of \(tensor.count) elements beyond "
          + "the bound \(tensor.tolerance.scaledBound) \(tensor.unit) (max abs "
          + "\(tensor.maxAbsoluteError.shortDescription), rel "
          + "\(tensor.maxRelativeError.shortDescription), \(tensor.maxULPs) ulp)")
      for element in tensor.worstElements {
        lines.append(
          "    \(tensor.name.rawValue)\(element.index): \(expectedSide) \(element.expected), "
            + "\(actualSide) \(element.actual), error \(element.scaledError.shortDescription) "
            + tensor.unit)
      }
    }
    lines += float64View.filter { !($0.swift <= $0.bound) || !($0.numpy <= $0.bound) }
      .map { "  float64 view: \($0)" }
    if let first = reproduce.first {
      lines.append("  reproduce: " + first)
      lines += reproduce.dropFirst().map { "             " + $0 }
    }
    if let hint { lines.append("  " + hint) }
    return lines.joined(separator: "\n")
  }

  /// The failure in the report's JSON: fields, never free text with line breaks.
  package var json: JSONValue {
    var members: [(key: String, value: JSONValue)] = [
      ("case", .string(caseName)), ("family", .string(family.description)),
      ("expected_side", .string(expectedSide.rawValue)), ("actual_side", .string(actualSide)),
      ("source", source.map(JSONValue.string) ?? .null),
      ("error", error.map(JSONValue.string) ?? .null),
      ("missing_tensors", .array(missingTensors.map { .string($0.rawValue) })),
      ("tensors", .array(tensors.map(\.failureJSON))),
      (
        "float64_view",
        .array(
          float64View.map {
            .object([
              ("tensor", .string($0.tensor.rawValue)), ("swift_scaled_error", .double($0.swift)),
              ("numpy_scaled_error", .double($0.numpy)), ("bound", .double($0.bound)),
            ])
          })
      ),
      ("reproduce", .array(reproduce.map(JSONValue.string))),
      ("position", .integer(position)),
    ]
    if let hint { members.append(("hint", .string(hint))) }
    return .object(members)
  }
}

extension TensorComparison {
  /// What a scaled error is measured in.
  var unit: String { tolerance.scale == .errorScale ? "u·C" : "× max|expected|" }

  /// The tensor's part of a failure in JSON.
  var failureJSON: JSONValue {
    .object([
      ("tensor", .string(name.rawValue)), ("shape", .array(shape.map { .integer($0) })),
      ("shape_matches", .bool(shapesMatch)),
      ("elements", .integer(count)), ("count_beyond", .integer(failingElements)),
      ("bound", .double(tolerance.scaledBound)), ("unit", .string(unit)),
      ("max_scaled_error", .double(maxScaledError)),
      ("max_abs_error", .double(maxAbsoluteError)),
      ("max_rel_error", .double(maxRelativeError)), ("max_ulp", .integer(maxULPs)),
      (
        "worst",
        .array(
          worstElements.map {
            .object([
              (
                "index",
                .array(Self.index(ofFlat: $0.flatIndex, shape: shape).map { .integer($0) })
              ),
              ("expected", .double($0.expected)), ("actual", .double($0.actual)),
              ("scaled_error", .double($0.scaledError)),
            ])
          })
      ),
    ])
  }
}
