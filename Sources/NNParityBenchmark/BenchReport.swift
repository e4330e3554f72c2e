import NNParity

/// The benchmark's results: one row per shape, dtype and NumPy thread setting.
package struct BenchReport: Sendable, Equatable {
  package var results: [BenchResult]
  /// The bridge's own cost per call, in seconds; nil without NumPy.
  package var bridgeOverhead: Double?
  /// The kernels Swift ran (`KernelInstructionSet`'s name).
  package var kernels: String
  /// Why NumPy was not timed, when it was not.
  package var numpyUnavailable: String?

  package init(
    results: [BenchResult], bridgeOverhead: Double?, kernels: String, numpyUnavailable: String?
  ) {
    (self.results, self.bridgeOverhead, self.kernels, self.numpyUnavailable) = (
      results, bridgeOverhead, kernels, numpyUnavailable
    )
  }

  /// One report from those of the thread settings, in order: every row, the smallest
  /// bridge overhead, the first kernels and the first reason NumPy was unavailable.
  package static func merging(_ reports: [BenchReport]) -> BenchReport {
    let overheads = reports.compactMap(\.bridgeOverhead)
    return BenchReport(
      results: reports.flatMap(\.results), bridgeOverhead: overheads.min(),
      kernels: reports.first?.kernels ?? KernelInstructionSet.active.rawValue,
      numpyUnavailable: reports.compactMap(\.numpyUnavailable).first)
  }
}
