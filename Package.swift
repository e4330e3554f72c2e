// swift-tools-version: 6.1
import PackageDescription

/// Compiler flags that build a kernel target for an x86-64 CPU model; none elsewhere, where
/// the kernel targets are all built for the default CPU. `unsafeFlags`: fine in the root
/// package and for a path dependency, but SwiftPM refuses a versioned dependency on them.
func targetCPU(_ model: String) -> [SwiftSetting] {
  #if arch(x86_64)
    [.unsafeFlags(["-target-cpu", model])]
  #else
    []
  #endif
}

let package = Package(
  name: "NNParity",
  products: [
    .library(name: "NNParity", targets: ["NNParity"]),
    .library(name: "NNParityConformance", targets: ["NNParityConformance"]),
    .library(name: "NNParityPython", targets: ["NNParityPython"]),
    .executable(name: "nnparity", targets: ["nnparity"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
  ],
  targets: [
    // The network: matrices, forward pass, loss, gradients, SGD. Depends only on its kernels.
    .target(
      name: "NNParity",
      dependencies: [
        "NNParityKernels", "NNParityKernelsAVX2", "NNParityKernelsAVX512", "CNNParityCPU",
      ]
    ),
    // The matrix-product kernels for any CPU (x86-64 without AVX: SSE2, no FMA).
    .target(name: "NNParityKernels"),
    // The same sources (symbolic links to NNParityKernels) built for AVX2 + FMA. Chosen at
    // run time only on a CPU that has them, so the binary still runs on any x86-64.
    .target(
      name: "NNParityKernelsAVX2",
      swiftSettings: [.define("NNPARITY_KERNELS_AVX2")] + targetCPU("haswell")
    ),
    // And for AVX-512 (F, BW, DQ, VL): twice the vector width.
    .target(
      name: "NNParityKernelsAVX512",
      swiftSettings: [.define("NNPARITY_KERNELS_AVX512")] + targetCPU("skylake-avx512")
    ),
    // Reads the CPU's features (cpuid, xgetbv) for that choice.
    .target(name: "CNNParityCPU"),
    // Cases and results (JSON), goldens, the tolerance engine, finite differences.
    .target(name: "NNParityConformance", dependencies: ["NNParity"]),
    // The embedded CPython bridge to the NumPy reference, loaded at run time with dlopen.
    .target(name: "NNParityPython", dependencies: ["NNParity", "NNParityConformance"]),
    // `nnparity bench`: one SGD step timed in Swift and in NumPy (not a product).
    .target(
      name: "NNParityBenchmark",
      dependencies: ["NNParity", "NNParityConformance", "NNParityPython"]
    ),
    .executableTarget(
      name: "nnparity",
      dependencies: [
        "NNParity",
        "NNParityConformance",
        "NNParityPython",
        "NNParityBenchmark",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // Test targets mirror the modules; NNParityTestSupport holds the package's paths for them.
    .target(name: "NNParityTestSupport", path: "Tests/NNParityTestSupport"),
    .testTarget(name: "NNParityTests", dependencies: ["NNParity", "NNParityConformance"]),
    .testTarget(
      name: "NNParityConformanceTests",
      dependencies: ["NNParity", "NNParityConformance", "NNParityTestSupport"]
    ),
    .testTarget(
      name: "NNParityBenchmarkTests",
      dependencies: ["NNParity", "NNParityConformance", "NNParityBenchmark"]
    ),
    // The command end to end: runs the built `nnparity`.
    .testTarget(
      name: "NNParityCommandTests",
      dependencies: ["NNParityConformance", "NNParityPython", "nnparity", "NNParityTestSupport"]
    ),
    .testTarget(
      name: "NNParityPythonTests",
      dependencies: ["NNParity", "NNParityConformance", "NNParityPython"]
    ),
  ],
  swiftLanguageModes: [.v6]
)
