import NNParity
import NNParityCases

/// Decides whether a float32 disagreement between Swift and NumPy is float32 rounding or a
/// Swift error, by asking a float64 run of the same float32 inputs (far closer to the exact
/// values than either float32 computation).
///
/// The parity bound already scales with each element's error analysis, but that analysis
/// is first-order: float32 SGD that diverges can amplify rounding past it, and there Swift
/// and NumPy legitimately drift apart. The disagreement is float32 rounding when, element
/// by element, Swift is within the bound of the float64 run, or at most twice as far from
/// it as NumPy is at that same element and within `allowanceCap` times the bound; every
/// value of Swift is finite where the float64 run's is. Anything else is a real failure:
/// NumPy drifting at one element never excuses Swift at another.
package enum Float32Arbiter {
  /// How far past the bound an explained disagreement may go: beyond 100 × the bound a
  /// float32 computation has lost every digit, whatever NumPy did.
  package static let allowanceCap = 100.0

  /// A one-line verdict and per-tensor details when the disagreement is float32 rounding;
  /// nil when Swift is worse than that or a tensor is missing. `float64Run` is the result
  /// of the case's float64 twin (`NetworkCase.float64Twin`) rounded to float32
  /// (`CaseResult.roundedToFloat32`).
  package static func explain(
    swift: CaseResult, numpy: CaseResult, float64Run: CaseResult, subject: String = "Swift"
  ) -> (summary: String, detail: String)? {
    guard let drifts = drifts(swift: swift, numpy: numpy, float64Run: float64Run) else {
      return nil
    }
    for (swiftTensor, numpyTensor) in drifts {
      let bound = swiftTensor.tolerance.scaledBound
      guard swiftTensor.shapesMatch, numpyTensor.shapesMatch else { return nil }
      for (s, n) in zip(swiftTensor.scaledErrors, numpyTensor.scaledErrors) {
        let allowed = min(max(bound, 2 * n), allowanceCap * bound)
        if !(s <= allowed) { return nil }  // NaN and infinity are never explained
      }
    }
    let view = drifts.map { Float64Drift($0, subject: subject) }
    let detail = view.filter { !($0.swift <= $0.bound) || !($0.numpy <= $0.bound) }
      .map(\.description)
    let numpyWithin = view.allSatisfy { $0.numpy <= $0.bound }
    return (
      numpyWithin
        ? "float32 rounding: \(subject) and NumPy are each within the bound of the float64 run"
        : "float32 rounding: NumPy misses the float64 run too, \(subject) by at most twice as "
          + "much",
      detail.joined(separator: "\n")
    )
  }

  /// Swift and NumPy, tensor by tensor, against the float64 run of the same float32 inputs:
  /// the view that says which side drifted. Nil when a tensor is missing on either side.
  package static func float64View(
    swift: CaseResult, numpy: CaseResult, float64Run: CaseResult, subject: String = "Swift"
  ) -> [Float64Drift]? {
    drifts(swift: swift, numpy: numpy, float64Run: float64Run)?
      .map { Float64Drift($0, subject: subject) }
  }

  /// Swift's and NumPy's comparisons with the float64 run, tensor by tensor (the same
  /// tensors in the same order); nil when a tensor is missing.
  static func drifts(
    swift: CaseResult, numpy: CaseResult, float64Run wide: CaseResult
  ) -> [(swift: TensorComparison, numpy: TensorComparison)]? {
    guard numpy.dtype == .float32 else { return nil }
    let name = numpy.name ?? swift.name ?? "unnamed"
    let numpyDrift = CaseComparison(
      caseName: name, expected: wide, actual: numpy, errorScales: numpy.errorScales)
    let swiftDrift = CaseComparison(
      caseName: name, expected: wide, actual: swift, errorScales: numpy.errorScales)
    guard numpyDrift.missingTensors.isEmpty, swiftDrift.missingTensors.isEmpty else { return nil }
    return Array(zip(swiftDrift.tensors, numpyDrift.tensors))
  }
}

/// How far Swift and NumPy each sit from the float64 run of a float32 case, for one
/// tensor, in u·C.
package struct Float64Drift: Sendable, Equatable, CustomStringConvertible {
  package let tensor: TensorName
  /// Swift's and NumPy's largest scaled error against the float64 run.
  package let swift: Double
  package let numpy: Double
  /// The parity bound.
  package let bound: Double
  /// How the description names the `swift` side: "Swift", or the audited command.
  package let subject: String

  /// A drift as a report records it.
  package init(tensor: TensorName, swift: Double, numpy: Double, bound: Double, subject: String) {
    self.tensor = tensor
    self.swift = swift
    self.numpy = numpy
    self.bound = bound
    self.subject = subject
  }

  /// The largest errors of Swift's and NumPy's comparisons with the float64 run.
  init(_ drift: (swift: TensorComparison, numpy: TensorComparison), subject: String = "Swift") {
    self.subject = subject
    tensor = drift.swift.name
    swift = drift.swift.maxScaledError
    numpy = drift.numpy.maxScaledError
    bound = drift.swift.tolerance.scaledBound
  }

  /// `probs against the float64 run: Swift 3.2, NumPy 0.4 u·C (bound 4)`.
  package var description: String {
    "\(tensor.rawValue) against the float64 run: \(subject) \(swift.shortDescription), "
      + "NumPy \(numpy.shortDescription) u·C (bound \(bound))"
  }
}
