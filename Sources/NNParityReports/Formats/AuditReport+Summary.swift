import NNParity
import NNParityAudit
import NNParityCases
import NNParityJudging

extension AuditReport {
  /// The one-screen report: the NumPy and kernels lines, a line per family (its worst
  /// element against its bound), the finite differences, the invariants and the exact
  /// oracle in a line each, every failure in full, and the verdict.
  func summary(width: Int, style: TerminalStyle?, raising: LimitSetting) -> String {
    let numpy = Self.wrapped(numpyLine, width: width)
    let kernels = kernelsLine.map { Self.wrapped($0, width: width) } ?? []
    let failures = failureLines(raising: raising).flatMap { Self.wrapped($0, width: width) }
    let skipped = liveSkippedReason.map { ["live NumPy skipped: \($0)"] } ?? []
    let body =
      summaryLines.flatMap { Self.wrapped($0, width: width) } + skipped
      + (liveThroughputLine.map { [$0] } ?? [])
    let more = passed ? ["(nnparity audit --verbose prints every table)"] : []
    return
      (numpy + kernels + [""] + body + [""] + failures.map { style?.failure($0) ?? $0 }
      + more + [style?.verdict(verdict) ?? verdict])
      .joined(separator: "\n")
  }

  /// A line per family, then one for the finite differences, the invariants and each
  /// dtype's exact oracle.
  private var summaryLines: [String] {
    let families = (goldens + live).map(Self.familyLine)
    let width = families.map { $0.name.count }.max() ?? 0
    var lines = families.map { $0.name.padded(to: width) + "  " + $0.text }
    if !finiteDifferences.isEmpty {
      // The notebook's known non-derivatives disagree by design: their size is in --verbose.
      let promised = finiteDifferences.filter(\.expectedToMatch)
      let worst = promised.map(\.worstErrorBeyondNoise).max() ?? 0
      let failing = finiteDifferences.filter { !$0.passed }.count
      lines.append(
        "finite differences: \(finiteDifferenceCases) cases, worst relative error beyond noise "
          + "\(worst.shortDescription) (bound \(Tolerances.finiteDifferences.scaledBound)) where "
          + "the semantics promise the derivative"
          + (failing > 0 ? ", \(failing) families FAIL" : ""))
    }
    let checked = invariants.filter { $0.cases > 0 }
    lines.append(
      "invariants: \(checked.filter(\.passed).count) of \(checked.count) hold"
        + (checked.count < invariants.count
          ? " (\(invariants.count - checked.count) applied to no case)" : ""))
    for dtype in DType.allCases {
      let tensors = exact.filter { $0.dtype == dtype && $0.cases > 0 }
      guard !tensors.isEmpty else { continue }
      let side = subject == "Swift" ? "Swift" : "subject"
      let bounds = Set(tensors.map(\.bound)).sorted().map { $0.shortDescription }
      lines.append(
        "exact oracle \(dtype.rawValue): \(tensors.count) tensors, \(side) worst "
          + "\((tensors.map(\.swiftMaxScaledError).max() ?? 0).shortDescription) u·C, NumPy worst "
          + "\((tensors.map(\.numpyMaxScaledError).max() ?? 0).shortDescription) u·C (bound "
          + bounds.joined(separator: " or ") + ")" + (tensors.allSatisfy(\.passed) ? "" : ", FAIL"))
    }
    return lines + DType.allCases.compactMap(biasLine)
  }

  /// `bias float64: largest |mean| 0.012 u·C (loss, z +1.3, NumPy +0.005), detects ≥
  /// 0.045–0.110 u·C` (over the dtype's tensors); nil when no tensor of `dtype` was checked.
  private func biasLine(_ dtype: DType) -> String? {
    let tensors = bias.filter { $0.dtype == dtype && $0.subject.count > 0 }
    guard
      let largest = tensors.max(by: { abs($0.subject.mean ?? 0) < abs($1.subject.mean ?? 0) })
    else { return nil }
    let detectable = tensors.compactMap(\.detectable)
    let range = [detectable.min(), detectable.max()].compactMap { $0 }
      .map { String(format: "%.3f", $0) }
    let failing = tensors.filter { !$0.passed }.count
    let small = tensors.filter { !$0.judged }.map(\.tensor.rawValue)
    let unjudged =
      small.isEmpty ? "" : "; not judged (< 2 elements): " + small.joined(separator: ", ")
    return "bias \(dtype.rawValue): largest |mean| "
      + String(format: "%.3f", abs(largest.subject.mean ?? 0)) + " u·C ("
      + "\(largest.tensor.rawValue), z \(BiasSummary.signed(largest.subject.z, digits: 1)), "
      + "NumPy \(BiasSummary.signed(largest.numpy.mean)))"
      + (range.isEmpty ? "" : ", detects ≥ \(Set(range).sorted().joined(separator: "–")) u·C")
      + (failing > 0 ? ", \(failing) FAIL" : "") + unjudged
  }

  /// `goldens float32`, and `41 cases, worst 0.071 of its bound (probs, random-20-…)`.
  private static func familyLine(_ family: FamilySummary) -> (name: String, text: String) {
    let worst = family.tensors.max {
      $0.maxScaledError / max($0.bound, .leastNonzeroMagnitude)
        < $1.maxScaledError / max($1.bound, .leastNonzeroMagnitude)
    }
    let ratio = worst.map { $0.maxScaledError / max($0.bound, .leastNonzeroMagnitude) } ?? 0
    let text =
      "\(family.cases) cases, worst \(ratio.shortDescription) of its bound"
      + (worst.map { " (\($0.name.rawValue), \($0.worstCase))" } ?? "")
      + (family.passed ? "" : ", \(family.failures.count) FAIL")
      + (family.explained.isEmpty ? "" : ", \(family.explained.count) explained")
    return (family.name, text)
  }
}
