import NNParity
import NNParityCases
import NNParityPython

/// The benchmark's results: one row per shape, dtype and NumPy thread setting.
package struct BenchReport: Sendable, Equatable {
  package var results: [BenchResult]
  /// The bridge's own cost per call, in seconds; nil without NumPy.
  package var bridgeOverhead: Double?
  /// The kernels Swift ran (`KernelInstructionSet`'s name).
  package var kernels: String
  /// Why NumPy was not timed, when it was not.
  package var numpyUnavailable: String?
  /// Why PyTorch was not timed, when it was not.
  package var torchUnavailable: String?
  /// How ``kernels`` was chosen: `"measured"` (the fastest of ``kernelTimings``) or
  /// `"NNPARITY_KERNELS"`; nil when not recorded.
  package var kernelChoice: String?
  /// Each supported kernel set's seconds on the measuring product, in order.
  package var kernelTimings: [(name: String, seconds: Double)] = []

  package static func == (left: BenchReport, right: BenchReport) -> Bool {
    left.results == right.results && left.bridgeOverhead == right.bridgeOverhead
      && left.kernels == right.kernels && left.numpyUnavailable == right.numpyUnavailable
      && left.torchUnavailable == right.torchUnavailable && left.kernelChoice == right.kernelChoice
      && left.kernelTimings.map(\.name) == right.kernelTimings.map(\.name)
      && left.kernelTimings.map(\.seconds) == right.kernelTimings.map(\.seconds)
  }

  package init(
    results: [BenchResult], bridgeOverhead: Double?, kernels: String, numpyUnavailable: String?
  ) {
    (self.results, self.bridgeOverhead, self.kernels, self.numpyUnavailable) = (
      results, bridgeOverhead, kernels, numpyUnavailable
    )
  }

  /// One report from those of the thread settings, in order: every row, the smallest
  /// bridge overhead, the first kernels and the first reasons NumPy and PyTorch were
  /// unavailable.
  package static func merging(_ reports: [BenchReport]) -> BenchReport {
    let overheads = reports.compactMap(\.bridgeOverhead)
    var merged = BenchReport(
      results: reports.flatMap(\.results), bridgeOverhead: overheads.min(),
      kernels: reports.first?.kernels ?? KernelInstructionSet.active.rawValue,
      numpyUnavailable: reports.compactMap(\.numpyUnavailable).first)
    merged.torchUnavailable = reports.compactMap(\.torchUnavailable).first
    return merged
  }
}

extension BenchReport {
  /// Each row's peak per core raised to `peaks[dtype]` where that is larger (a second
  /// calibration); rows without a peak keep none.
  package mutating func raisePeaks(to peaks: [DType: Double]) {
    for index in results.indices {
      guard let old = results[index].peakGflopsPerCore, let new = peaks[results[index].dtype]
      else { continue }
      results[index].peakGflopsPerCore = Swift.max(old, new)
    }
  }
}
