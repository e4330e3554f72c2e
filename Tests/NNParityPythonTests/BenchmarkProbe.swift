import Foundation
import NNParity
import NNParityConformance
import NNParityPython
import Testing

@Test(.enabled(if: ProcessInfo.processInfo.environment["NNPARITY_BENCH"] != nil))
func benchProbe() throws {
  let reference = try Live.reference
  for dtype in [DType.float64, .float32] {
    var c = notebookCase
    c.dtype = dtype
    let b = try reference.benchmarkEvaluation(c)
    print(dtype, "round trip", b.roundTripMedian * 1e6, "numpy", b.numpyMedian * 1e6, "overhead", b.bridgeOverheadMedian * 1e6)
  }
}
