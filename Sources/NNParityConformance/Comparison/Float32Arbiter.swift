import NNParity

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
public enum Float32Arbiter {
  /// How far past the bound an explained disagreement may go: beyond 100 × the bound a
  /// float32 computation has lost every digit, whatever NumPy did.
  public static let allowanceCap = 100.0

  /// A one-line verdict and per-tensor details when the disagreement is float32 rounding;
  /// nil when Swift is worse than that or the case is not float32.
  public static func explain(
    _ networkCase: NetworkCase, swift: CaseResult, numpy: CaseResult,
    reference: any LiveReference, subject: String = "Swift"
  ) throws -> (summary: String, detail: String)? {
    guard let drifts = try drifts(networkCase, swift: swift, numpy: numpy, reference: reference)
    else { return nil }
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

  /// Swift and NumPy, tensor by tensor, against a float64 run of the same float32 inputs:
  /// the view that says which side drifted. Nil when the case is not float32 or a tensor is
  /// missing on either side.
  public static func float64View(
    _ networkCase: NetworkCase, swift: CaseResult, numpy: CaseResult,
    reference: any LiveReference, subject: String = "Swift"
  ) throws -> [Float64Drift]? {
    try drifts(networkCase, swift: swift, numpy: numpy, reference: reference)?
      .map { Float64Drift($0, subject: subject) }
  }

  /// Swift's and NumPy's comparisons with the float64 run, tensor by tensor (the same
  /// tensors in the same order); nil when the case is not float32 or a tensor is missing.
  static func drifts(
    _ networkCase: NetworkCase, swift: CaseResult, numpy: CaseResult,
    reference: any LiveReference
  ) throws -> [(swift: TensorComparison, numpy: TensorComparison)]? {
    guard networkCase.dtype == .float32 else { return nil }
    var wide = try reference.evaluate(networkCase.float32InputsInFloat64)
    wide.dtype = .float32
    wide = wide.roundedToDType
    let name = networkCase.name ?? "unnamed"
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
public struct Float64Drift: Sendable, Equatable, CustomStringConvertible {
  public let tensor: TensorName
  /// Swift's and NumPy's largest scaled error against the float64 run.
  public let swift: Double
  public let numpy: Double
  /// The parity bound.
  public let bound: Double
  /// How the description names the `swift` side: "Swift", or the audited command.
  public let subject: String

  /// The largest errors of Swift's and NumPy's comparisons with the float64 run.
  init(_ drift: (swift: TensorComparison, numpy: TensorComparison), subject: String = "Swift") {
    self.subject = subject
    tensor = drift.swift.name
    swift = drift.swift.maxScaledError
    numpy = drift.numpy.maxScaledError
    bound = drift.swift.tolerance.scaledBound
  }

  /// `probs against the float64 run: Swift 3.2, NumPy 0.4 u·C (bound 4)`.
  public var description: String {
    "\(tensor.rawValue) against the float64 run: \(subject) \(swift.shortDescription), "
      + "NumPy \(numpy.shortDescription) u·C (bound \(bound))"
  }
}

extension NetworkCase {
  /// The float64 twin of a float32 case: every input, ε and the learning rate rounded to
  /// Float first, so the run differs from the float32 one only in its arithmetic.
  var float32InputsInFloat64: NetworkCase {
    var wide = self
    let (x, y, w1, w2) = inputs(as: Float.self)
    (wide.x, wide.y) = (x.converted(to: Double.self), y.converted(to: Double.self))
    (wide.w1, wide.w2) = (w1.converted(to: Double.self), w2.converted(to: Double.self))
    wide.loss = CrossEntropy(
      epsilon: Double(Float(loss.epsilon)), reduction: loss.reduction)
    if var training = wide.training {
      training.configuration = TrainingConfiguration(
        epochs: training.configuration.epochs,
        learningRate: Double(Float(training.configuration.learningRate)),
        dropout: training.configuration.dropout)
      wide.training = training
    }
    wide.dtype = .float64
    return wide
  }
}

extension CaseResult {
  /// The values rounded to the result's dtype: a float32 value read from its shortest
  /// decimal form is the nearest Double, not the Float it stands for.
  public var roundedToDType: CaseResult {
    var copy = self
    if dtype == .float32 {
      for (name, tensor) in tensors {
        copy.tensors[name] = Tensor(
          shape: tensor.shape, values: tensor.values.map { Double(Float($0)) })
      }
    }
    return copy
  }
}
