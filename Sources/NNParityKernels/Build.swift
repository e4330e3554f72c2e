/// What distinguishes this build of the kernel sources: the same files are compiled once
/// per instruction set, each target defining at most one of the conditions below
/// (`NNParityKernels`: none; `NNParityKernelsAVX2`; `NNParityKernelsAVX512`).
enum Build {
  #if NNPARITY_KERNELS_AVX512
    /// The instruction set's name, as `NNPARITY_KERNELS` takes it.
    static let instructionSet = "avx512"
    /// One register of Floats and of Doubles.
    typealias FloatVector = SIMD16<Float>
    typealias DoubleVector = SIMD8<Double>
    /// The depth of a packed block: its micro-panel of `op(b)` (two 64-byte vectors per
    /// depth step) stays in a 32 KiB L1 cache.
    static let blockDepth = 128
  #elseif NNPARITY_KERNELS_AVX2
    static let instructionSet = "avx2"
    typealias FloatVector = SIMD8<Float>
    typealias DoubleVector = SIMD4<Double>
    static let blockDepth = 256
  #else
    static let instructionSet = "baseline"
    typealias FloatVector = SIMD4<Float>
    typealias DoubleVector = SIMD2<Double>
    static let blockDepth = 256
  #endif

  /// Whether a multiply-add is one fused instruction: with FMA on x86-64 (not in its
  /// default target, where `addingProduct` calls `fma` per lane), always on arm64.
  #if NNPARITY_KERNELS_AVX2 || NNPARITY_KERNELS_AVX512 || !arch(x86_64)
    static let fusesMultiplyAdd = true
  #else
    static let fusesMultiplyAdd = false
  #endif
}
