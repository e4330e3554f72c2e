import CNNParityCPU

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The instruction sets the matrix-product kernels are built for.
///
/// The register tiles of the kernels are compiled once per instruction set (C functions with
/// per-function target attributes, in `CNNParityKernels`) and the fastest set this CPU
/// supports is chosen when the library first multiplies, so one binary runs correctly on
/// any x86-64 and fast on a CPU with AVX2. The environment
/// variable `NNPARITY_KERNELS` (`baseline`, `avx2`, `avx512`) selects another supported set, e.g.
/// to run the conformance tests on the baseline kernels; an unsupported or unknown value
/// is ignored by the library (``environmentProblem`` says why, and `nnparity` refuses it).
public enum KernelInstructionSet: String, Sendable, CaseIterable, CustomStringConvertible {
  /// The default target of the platform: SSE2 without FMA on x86-64; on arm64, NEON.
  case baseline
  /// AVX2 with FMA (x86-64 CPUs since 2013–2015), operating system support included.
  case avx2
  /// AVX-512 F, BW, DQ and VL (Intel since Skylake-SP, AMD since Zen 4), with the
  /// operating system saving the ZMM registers.
  case avx512

  /// The environment variable that overrides the choice.
  public static let environmentVariable = "NNPARITY_KERNELS"

  /// The sets this CPU can run, slowest first.
  public static let supported: [KernelInstructionSet] = {
    #if arch(x86_64)
      let features = Int(nnparity_cpu_features())
      var sets: [KernelInstructionSet] = [.baseline]
      if features & NNPARITY_CPU_AVX2_FMA != 0 { sets.append(.avx2) }
      if features & NNPARITY_CPU_AVX512 != 0 { sets.append(.avx512) }
      return sets
    #else
      return [.baseline]
    #endif
  }()

  /// The set the library uses: `NNPARITY_KERNELS` when it names a supported set, else the
  /// fastest supported one.
  public static let active: KernelInstructionSet = environmentChoice ?? supported.last ?? .baseline

  /// `NNPARITY_KERNELS` as this process started with it; nil when unset or empty.
  private static let environmentValue: String? = getenv(environmentVariable).map {
    String(cString: $0)
  }.flatMap { $0.isEmpty ? nil : $0 }

  /// The set `NNPARITY_KERNELS` names, when it names a supported one.
  public static let environmentChoice: KernelInstructionSet? = environmentValue.flatMap {
    KernelInstructionSet(rawValue: $0.lowercased())
  }.flatMap { supported.contains($0) ? $0 : nil }

  /// Why `NNPARITY_KERNELS` cannot be followed (an unknown name, or a set this CPU lacks);
  /// nil when it is unset, empty or names a supported set.
  public static let environmentProblem: String? = {
    guard let chosen = environmentValue, environmentChoice == nil else { return nil }
    let names = supported.map(\.rawValue).joined(separator: ", ")
    return KernelInstructionSet(rawValue: chosen.lowercased()) == nil
      ? "\(environmentVariable)=\(chosen) is not a kernel set (this CPU runs \(names))"
      : "\(environmentVariable)=\(chosen): this CPU cannot run it (it runs \(names))"
  }()

  /// Why ``active`` is the set it is, in words.
  public static var activeReason: String {
    environmentChoice == nil
      ? "the widest set this CPU supports" : "\(environmentVariable)=\(active.rawValue)"
  }

  /// The set's name, as `NNPARITY_KERNELS` takes it.
  public var description: String { rawValue }
}
