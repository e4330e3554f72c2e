import NNParity
import NNParityCases

/// How a whole computed result compares with the result it is checked against.
package struct CaseComparison: Sendable, Equatable {
  /// The compared case's name.
  package internal(set) var caseName: String
  /// One comparison per tensor the expected result has, in the result format's order.
  package internal(set) var tensors: [TensorComparison]
  /// Tensors the expected result has and the actual one lacks (or the reverse).
  package internal(set) var missingTensors: [TensorName]

  /// Compares every tensor of `actual` with `expected` under `tolerance(dtype, tensor)`
  /// (the parity bounds by default), each element against its error scale from
  /// `expected.errorScales` (or `errorScales`, when given: the scales of another run of the
  /// same case).
  package init(
    caseName: String, expected: CaseResult, actual: CaseResult,
    errorScales: [TensorName: Tensor]? = nil,
    tolerance: (DType, TensorName) -> Tolerance = Tolerances.parity
  ) {
    let scales = errorScales ?? expected.errorScales
    self.caseName = caseName
    var tensors: [TensorComparison] = []
    var missing: [TensorName] = []
    for name in TensorName.allCases {
      switch (expected.tensors[name], actual.tensors[name]) {
      case (let e?, let a?):
        tensors.append(
          TensorComparison(
            name, expected: e, actual: a, dtype: expected.dtype,
            tolerance: tolerance(expected.dtype, name), errorScale: scales[name]))
      case (nil, nil): break
      default: missing.append(name)
      }
    }
    self.tensors = tensors
    self.missingTensors = missing
  }

  /// Whether every tensor is present and within its bound.
  package var passed: Bool { missingTensors.isEmpty && tensors.allSatisfy(\.passed) }

  /// The tensors out of bounds.
  package var failures: [TensorComparison] { tensors.filter { !$0.passed } }

  /// A multi-line explanation of what differed, or nil when everything passed.
  package func failureMessage(
    expectedFrom source: String, rerecord: String? = nil, subject: String = "Swift"
  ) -> String? {
    guard !passed else { return nil }
    var lines = ["\(caseName): \(subject) differs from \(source)"]
    lines += missingTensors.map { "  \($0.rawValue): present on one side only" }
    lines += failures.map { "  " + $0.summary }
    if let rerecord { lines.append("  " + rerecord) }
    return lines.joined(separator: "\n")
  }
}
