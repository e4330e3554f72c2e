// swift-tools-version: 6.1
import PackageDescription

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
    .target(name: "NNParity", dependencies: ["NNParityKernels", "CNNParityCPU"]),
    // The matrix products: cache blocking and packing, built once for any CPU; each
    // instruction set's register tiles come from CNNParityKernels.
    .target(name: "NNParityKernels", dependencies: ["CNNParityKernels"]),
    // The register tiles in C, one function per instruction set (baseline, AVX2 + FMA,
    // AVX-512), each compiled for its set by `__attribute__((target(…)))` rather than by a
    // compiler flag: no `unsafeFlags`, so the package works as a versioned dependency, and
    // the binary still runs on any x86-64 (the library calls a set only where cpuid has it).
    .target(name: "CNNParityKernels"),
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
    .testTarget(
      name: "NNParityTests", dependencies: ["NNParity", "NNParityConformance", "NNParityKernels"]
    ),
    .testTarget(
      name: "NNParityConformanceTests",
      dependencies: ["NNParity", "NNParityConformance", "NNParityTestSupport"]
    ),
    .testTarget(
      name: "NNParityBenchmarkTests",
      dependencies: ["NNParity", "NNParityConformance", "NNParityBenchmark", "NNParityPython"]
    ),
    // The command end to end: runs the built `nnparity`.
    .testTarget(
      name: "NNParityCommandTests",
      dependencies: ["NNParityConformance", "NNParityPython", "nnparity", "NNParityTestSupport"]
    ),
    .testTarget(
      name: "NNParityPythonTests",
      dependencies: ["NNParity", "NNParityConformance", "NNParityPython", "NNParityTestSupport"]
    ),
  ],
  swiftLanguageModes: [.v6]
)
