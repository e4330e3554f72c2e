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
    lines += tensorLines(indent: "  ")
    lines += float64View.filter { !($0.swift <= $0.bound) || !($0.numpy <= $0.bound) }
      .map { "  float64 view: \($0)" }
    lines += Self.commandLines("reproduce: ", reproduce)
    lines += shrinkingLines
    if let hint { lines.append("  " + hint) }
    return lines.joined(separator: "\n")
  }

  /// Each tensor beyond its bound (only `tensor`, when given), with its worst elements.
  private func tensorLines(indent: String, only: TensorName? = nil) -> [String] {
    var lines = missingTensors.filter { only == nil || $0 == only }
      .map { "\(indent)\($0.rawValue): present on one side only" }
    for tensor in tensors where only == nil || tensor.name == only {
      guard tensor.shapesMatch else {
        lines.append("\(indent)\(tensor.name.rawValue): shape differs from \(tensor.shape)")
        continue
      }
      lines.append(
        "\(indent)\(tensor.name.rawValue): \(tensor.failingElements) of \(tensor.count) elements "
          + "beyond the bound \(tensor.tolerance.scaledBound) \(tensor.unit) (max abs "
          + "\(tensor.maxAbsoluteError.shortDescription), rel "
          + "\(tensor.maxRelativeError.shortDescription), \(tensor.maxULPs) ulp)")
      for element in tensor.worstElements {
        lines.append(
          "\(indent)  \(tensor.name.rawValue)\(element.index): \(expectedSide) \(element.expected), "
            + "\(actualSide) \(element.actual), error \(element.scaledError.shortDescription) "
            + tensor.unit)
      }
    }
    return lines
  }

  /// `label` and the first command, the others aligned under it.
  private static func commandLines(_ label: String, _ commands: [String]) -> [String] {
    guard let first = commands.first else { return [] }
    let indent = String(repeating: " ", count: label.count + 2)
    return ["  " + label + first] + commands.dropFirst().map { indent + $0 }
  }

  /// What shrinking found: the smaller case, what it still fails and how to run it.
  private var shrinkingLines: [String] {
    switch shrinking {
    case nil: return []
    case .notShrunk(let reason): return ["  not shrunk: " + reason]
    case .shrunk(let shrunk):
      let target: TensorName? = if case .tensor(let name) = shrunk.target { name } else { nil }
      var lines = [
        "  shrunk to \(shrunk.networkCase.shapeText) (from \(shrunk.originalShape), "
          + "\(shrunk.evaluations) evaluations), which still fails \(shrunk.target):"
      ]
      lines +=
        target.map { shrunk.failure.tensorLines(indent: "    ", only: $0) }
        ?? shrunk.failure.error.map { ["    " + $0] } ?? []
      lines += Self.commandLines("reproduce shrunk: ", shrunk.reproduce)
      if shrunk.savedFile == nil, let name = shrunk.networkCase.name {
        lines.append("  (--save-failures DIR writes it as DIR/\(Self.fileName(for: name)))")
      }
      return lines
    }
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
    if let shrinking { members.append(("shrinking", shrinkingJSON(shrinking))) }
    return .object(members)
  }

  /// What shrinking found, with the shrunk case itself (a case file's JSON) and its failure.
  private func shrinkingJSON(_ outcome: ShrinkOutcome) -> JSONValue {
    switch outcome {
    case .notShrunk(let reason):
      return .object([("shrunk", .bool(false)), ("reason", .string(reason))])
    case .shrunk(let shrunk):
      let c = shrunk.networkCase
      let caseJSON = (try? JSONReader.parse(Array(c.jsonText.utf8))) ?? .null
      return .object([
        ("shrunk", .bool(true)), ("target", .string(shrunk.target.description)),
        ("shape", .string(c.shapeText)), ("original_shape", .string(shrunk.originalShape)),
        ("evaluations", .integer(shrunk.evaluations)), ("case", caseJSON),
        ("failure", shrunk.failure.json),
        ("reproduce", .array(shrunk.reproduce.map(JSONValue.string))),
        ("saved_file", shrunk.savedFile.map(JSONValue.string) ?? .null),
      ])
    }
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
