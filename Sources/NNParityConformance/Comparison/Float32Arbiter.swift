import NNParity

/// Decides whether a float32 disagreement between Swift and NumPy is float32 rounding or a
/// Swift error, by asking a float64 run of the same inputs (far closer to the exact values
/// than either float32 computation).
///
/// Some float32 cases are ill-conditioned — typically SGD that diverges, so rounding
/// differences grow every epoch — and there Swift and NumPy legitimately drift apart. The
/// disagreement is float32 rounding when, tensor by tensor, Swift is within the bound of
/// the float64 run or at most twice as far from it as NumPy is. Anything else is a real
/// failure.
public enum Float32Arbiter {
  /// A one-line verdict and per-tensor details when the disagreement is float32 rounding;
  /// nil when Swift is worse than that or the case is not float32.
  public static func explain(
    _ networkCase: NetworkCase, swift: CaseResult, numpy: CaseResult,
    reference: any LiveReference
  ) throws -> (summary: String, detail: String)? {
    guard networkCase.dtype == .float32 else { return nil }
    var wideCase = networkCase
    wideCase.dtype = .float64
    var wide = try reference.evaluate(wideCase)
    wide.dtype = .float32
    wide = wide.roundedToDType
    let numpyDrift = CaseComparison(networkCase, expected: wide, actual: numpy)
    let swiftDrift = CaseComparison(networkCase, expected: wide, actual: swift)
    guard numpyDrift.missingTensors.isEmpty, swiftDrift.missingTensors.isEmpty else { return nil }
    for (s, n) in zip(swiftDrift.tensors, numpyDrift.tensors) {
      if s.maxScaledError > max(s.tolerance.scaledBound, 2 * n.maxScaledError) { return nil }
    }
    let detail = zip(swiftDrift.tensors, numpyDrift.tensors)
      .filter { !$0.0.passed || !$0.1.passed }
      .map { s, n in
        "\(s.name.rawValue) against the float64 run: Swift \(s.maxScaledError.shortDescription), "
          + "NumPy \(n.maxScaledError.shortDescription) (scaled; bound \(s.tolerance.scaledBound))"
      }
    return (
      numpyDrift.passed
        ? "float32 rounding: Swift and NumPy are each within the bound of the float64 run"
        : "float32 rounding: NumPy misses the float64 run too, Swift by at most twice as much",
      detail.joined(separator: "\n")
    )
  }
}

extension CaseResult {
  /// The values rounded to the result's dtype: a float32 value read from its shortest
  /// decimal form is the nearest Double, not the Float it stands for.
  public var roundedToDType: CaseResult {
    var copy = self
    if dtype == .float32 {
      for (name, tensor) in tensors {
        copy.tensors[name]?.values = tensor.values.map { Double(Float($0)) }
      }
    }
    return copy
  }
}
