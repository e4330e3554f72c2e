import NNParity

/// How a whole computed result compares with the result it is checked against.
public struct CaseComparison: Sendable, Equatable {
  /// The compared case's name.
  public internal(set) var caseName: String
  /// One comparison per tensor the expected result has, in the result format's order.
  public internal(set) var tensors: [TensorComparison]
  /// Tensors the expected result has and the actual one lacks (or the reverse).
  public internal(set) var missingTensors: [TensorName]

  /// Compares `actual` with `expected` for `networkCase`, with its condition scales.
  public init(
    _ networkCase: NetworkCase, expected: CaseResult, actual: CaseResult, caseName: String? = nil
  ) {
    self.init(
      caseName: caseName ?? networkCase.name ?? "unnamed", expected: expected, actual: actual,
      conditionScales: networkCase.conditionScales)
  }

  /// Compares every tensor of `actual` with `expected` under `tolerance(dtype)`, scaling
  /// each by `conditionScales` where larger than the tensor's own magnitude.
  public init(
    caseName: String, expected: CaseResult, actual: CaseResult,
    conditionScales: [TensorName: Double] = [:],
    tolerance: (DType) -> Tolerance = Tolerances.parity
  ) {
    self.caseName = caseName
    var tensors: [TensorComparison] = []
    var missing: [TensorName] = []
    for name in TensorName.allCases {
      switch (expected.tensors[name], actual.tensors[name]) {
      case (let e?, let a?):
        tensors.append(
          TensorComparison(
            name, expected: e, actual: a, dtype: expected.dtype,
            tolerance: tolerance(expected.dtype), conditionScale: conditionScales[name] ?? 0))
      case (nil, nil): break
      default: missing.append(name)
      }
    }
    self.tensors = tensors
    self.missingTensors = missing
  }

  /// Whether every tensor is present and within its bound.
  public var passed: Bool { missingTensors.isEmpty && tensors.allSatisfy(\.passed) }

  /// The tensors out of bounds.
  public var failures: [TensorComparison] { tensors.filter { !$0.passed } }

  /// A multi-line explanation of what differed, or nil when everything passed.
  public func failureMessage(expectedFrom source: String, rerecord: String? = nil) -> String? {
    guard !passed else { return nil }
    var lines = ["\(caseName): Swift differs from \(source)"]
    lines += missingTensors.map { "  \($0.rawValue): present on one side only" }
    lines += failures.map { "  " + $0.summary }
    if let rerecord { lines.append("  " + rerecord) }
    return lines.joined(separator: "\n")
  }
}
