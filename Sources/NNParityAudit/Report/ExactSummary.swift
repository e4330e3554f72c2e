import NNParity
import NNParityCases
import NNParityJudging

/// The subject (Swift, or the audited command) and NumPy each against the exact (50-digit)
/// value, for one tensor and dtype: both must sit within the parity bound of the truth, and
/// the counts say which side is closer. The `swift…` figures are the subject's.
package struct ExactSummary: Sendable, Equatable {
  package let tensor: TensorName
  package let dtype: DType
  package var cases = 0
  /// The largest ulp distance from the exact value, rounded to the dtype.
  package var swiftMaxULPs: UInt64 = 0
  package var numpyMaxULPs: UInt64 = 0
  /// The largest `|value − exact| / (u·C + smallest normal)`: the error in units of the
  /// element's own error scale, what `bound` limits. An element that cancels to near zero
  /// has a large ulp count but a small figure here.
  package var swiftMaxScaledError = 0.0
  package var numpyMaxScaledError = 0.0
  /// The case with the largest of the two, and the failures (case: detail).
  package var worstCase = ""
  package var failures: [CheckFailure] = []
  /// The worst case's position in the order one whole run judges the cases (`AuditPlan`);
  /// nil before any.
  package var worstPosition: Int?
  /// Elements where one side is strictly closer than the other.
  package var swiftCloser = 0
  package var numpyCloser = 0
  /// Elements compared.
  package var elements = 0

  /// How failures name the subject (`AuditReport.subject`).
  package let subject: String

  package init(tensor: TensorName, dtype: DType, subject: String = "Swift") {
    self.tensor = tensor
    self.dtype = dtype
    self.subject = subject
  }

  /// The bound both sides are held to.
  package var bound: Double { Tolerances.exact(dtype, tensor).scaledBound }

  /// Whether Swift and NumPy are both within the bound of the exact values.
  package var passed: Bool { failures.isEmpty }

  mutating func add(
    exact: Tensor, swift: Tensor, numpy: Tensor, errorScale: Tensor?, caseName: String,
    position: Int
  ) {
    guard exact.shape == swift.shape, exact.shape == numpy.shape else { return }
    cases += 1
    let tolerance = Tolerances.exact(dtype, tensor)
    func compare(_ side: Tensor) -> TensorComparison {
      TensorComparison(
        tensor, expected: exact, actual: side, dtype: dtype, tolerance: tolerance,
        errorScale: errorScale)
    }
    let (s, n) = (compare(swift), compare(numpy))
    if max(s.maxScaledError, n.maxScaledError) >= max(swiftMaxScaledError, numpyMaxScaledError) {
      worstCase = caseName
      worstPosition = position
    }
    swiftMaxScaledError = max(swiftMaxScaledError, s.maxScaledError)
    numpyMaxScaledError = max(numpyMaxScaledError, n.maxScaledError)
    for (side, comparison) in [(subject, s), ("NumPy (golden)", n)] where !comparison.passed {
      failures.append(
        CheckFailure(
          caseName: caseName, measure: "\(side) against the exact value",
          value: comparison.maxScaledError, bound: comparison.tolerance.scaledBound,
          text: "\(side) against the exact value: \(comparison.summary)", position: position))
    }
    for (e, (sv, nv)) in zip(exact.values, zip(swift.values, numpy.values)) {
      let (su, nu) = (
        ULPDistance.between(e, sv, dtype: dtype), ULPDistance.between(e, nv, dtype: dtype)
      )
      elements += 1
      swiftMaxULPs = max(swiftMaxULPs, su)
      numpyMaxULPs = max(numpyMaxULPs, nu)
      if su < nu { swiftCloser += 1 }
      if nu < su { numpyCloser += 1 }
    }
  }
}

/// The exact oracle over many goldens: one `ExactSummary` per dtype and tensor.
struct ExactOracle {
  let subject: String
  private var byTensor: [String: ExactSummary] = [:]
  private var biasByTensor: [String: BiasSummary] = [:]

  init(subject: String) { self.subject = subject }

  /// The subject's and NumPy's results for `golden` against its exact values, tensor by
  /// tensor (a tensor either side lacks is left out).
  mutating func add(_ golden: Golden, _ actual: CaseResult, position: Int) {
    let dtype = golden.networkCase.dtype
    for (name, exact) in golden.exact?.orderedTensors ?? [] {
      guard let value = actual.tensors[name], let numpy = golden.expected.tensors[name] else {
        continue
      }
      byTensor[
        "\(dtype.rawValue) \(name.rawValue)",
        default: ExactSummary(
          tensor: name, dtype: dtype, subject: subject)
      ]
      .add(
        exact: exact, swift: value, numpy: numpy,
        errorScale: golden.expected.errorScales[name], caseName: golden.name, position: position)
      guard let scale = golden.expected.errorScales[name] else { continue }
      biasByTensor[
        "\(dtype.rawValue) \(name.rawValue)", default: BiasSummary(tensor: name, dtype: dtype)
      ]
      .add(
        BiasPart(
          position: position,
          subject: SignedErrorMean(value, exact: exact, errorScale: scale, dtype: dtype),
          numpy: SignedErrorMean(numpy, exact: exact, errorScale: scale, dtype: dtype)))
    }
  }

  /// The summaries, by dtype, then tensor.
  var summaries: [ExactSummary] {
    byTensor.values.sorted { ($0.dtype.rawValue, $0.tensor) < ($1.dtype.rawValue, $1.tensor) }
  }

  /// The bias check's summaries, in the same order.
  var biasSummaries: [BiasSummary] {
    biasByTensor.values.sorted { ($0.dtype.rawValue, $0.tensor) < ($1.dtype.rawValue, $1.tensor) }
  }
}
