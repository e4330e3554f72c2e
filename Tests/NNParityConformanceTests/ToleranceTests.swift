import NNParity
import NNParityConformance
import Testing

/// The bounds the README and the issue state, pinned: a change to one is a change to the
/// contract and must show up here.
@Suite("Tolerances")
struct ToleranceTests {
  @Test("Swift against NumPy: 1e-12 in float64, 1e-5 in float32 (README)")
  func parity() {
    #expect(Tolerances.parity(.float64).scaledBound == 1e-12)
    #expect(Tolerances.parity(.float32).scaledBound == 1e-5)
  }

  @Test("the exact oracle uses the parity bounds; finite differences 1e-7 (README, issue)")
  func others() {
    for dtype in DType.allCases {
      #expect(Tolerances.exact(dtype) == Tolerances.parity(dtype))
    }
    #expect(Tolerances.finiteDifferences.scaledBound == 1e-7)
  }

  @Test("every bound gives its reason, and the invariants are tighter in float64")
  func reasons() {
    var all = [Tolerances.finiteDifferences]
    for dtype in DType.allCases {
      all += [Tolerances.parity(dtype), Tolerances.exact(dtype), Tolerances.invariant(dtype)]
    }
    #expect(all.allSatisfy { !$0.reason.isEmpty && $0.scaledBound > 0 })
    #expect(Tolerances.invariant(.float64).scaledBound < Tolerances.invariant(.float32).scaledBound)
  }

  @Test("the description states the bound relative to the largest expected magnitude")
  func description() {
    let tolerance = Tolerance(scaledBound: 0.5, reason: "why")
    #expect(tolerance.description == "|Δ| ≤ 0.5 × max|expected| (why)")
  }
}
