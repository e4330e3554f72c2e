import Testing

@testable import NNParityKernels

/// The choice of kernels: the CPU check orders the supported sets. The sets this CPU lacks
/// (e.g. AVX-512 on an AVX2 machine) are checked only this far: their tiles are compiled and
/// linked, not run.
@Suite("Kernel dispatch")
struct KernelDispatchTests {
  @Test("Supported sets start with the baseline, slowest first; the active one is among them")
  func supportedOrder() {
    let supported = KernelInstructionSet.supported
    #expect(supported.first == .baseline)
    let order = KernelInstructionSet.allCases
    #expect(supported == order.filter { supported.contains($0) })
    #expect(supported.contains(.active))
    // AVX-512 is only ever offered on top of AVX2 + FMA (the tiles use FMA as well).
    if supported.contains(.avx512) { #expect(supported.contains(.avx2)) }
  }
}
