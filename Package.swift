// swift-tools-version: 6.1
import PackageDescription

let package = Package(
  name: "NNParity",
  products: [
    .library(name: "NNParity", targets: ["NNParity"]),
    .library(name: "NNParityTesting", targets: ["NNParityTesting"]),
    .executable(name: "nnparity", targets: ["nnparity"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
  ],
  targets: [
    // The network: matrices, forward pass, loss, gradients, SGD. Depends only on its kernels.
    .target(name: "NNParity", dependencies: ["NNParityKernels"]),
    // The matrix products: cache blocking and packing, built once for any CPU; each
    // instruction set's register tiles come from CNNParityKernels.
    .target(name: "NNParityKernels", dependencies: ["CNNParityKernels", "CNNParityCPU"]),
    // The register tiles in C, one function per instruction set (baseline, AVX2 + FMA,
    // AVX-512), each compiled for its set by `__attribute__((target(…)))` rather than by a
    // compiler flag: no `unsafeFlags`, so the package works as a versioned dependency, and
    // the binary still runs on any x86-64 (the library calls a set only where cpuid has it).
    .target(name: "CNNParityKernels"),
    // Reads the CPU's features (cpuid, xgetbv) for that choice.
    .target(name: "CNNParityCPU"),
    // The reference's run-time scripts and the goldens as resources (the target's folder is
    // reference/; the rest of it is left out), for clients that depend on NNParity by version.
    .target(
      name: "NNParityReferenceFiles",
      path: "reference",
      exclude: [
        "README.md", "ruff.toml", "tests", "catalogue.py", "exact_oracle.py", "golden_diff.py",
        "goldens.py", "tolerance_table.py", "tolerances.json",
      ],
      sources: ["ReferenceFiles.swift"],
      resources: [
        .copy("golden"), .copy("nnparity_bridge.py"), .copy("nnparity_reference.py"),
        .copy("case_reader.py"), .copy("json_writer.py"), .copy("conditioning.py"),
        .copy("live_worker.py"), .copy("peers.py"), .copy("reference_cli.py"),
      ]
    ),
    // The case format: cases, results, goldens, random cases, and the strict JSON they are
    // read from and written to.
    .target(name: "NNParityCases", dependencies: ["NNParity", "NNParityReferenceFiles"]),
    // Child processes that cannot hang their caller: both pipes drained, SIGTERM then SIGKILL.
    .target(name: "NNParityProcesses"),
    // Judging results: tolerances, the element-by-element comparison, the float32 arbiter,
    // finite differences and invariants. Pure functions: no files, no processes, no Python.
    .target(name: "NNParityJudging", dependencies: ["NNParity", "NNParityCases"]),
    // The audit: subjects under audit, the live-reference seam, the pipeline from cases to a
    // typed report, and the evidence rules.
    .target(
      name: "NNParityAudit",
      dependencies: ["NNParity", "NNParityCases", "NNParityJudging", "NNParityProcesses"]
    ),
    // The report's renderings: text, markdown, JSON, JUnit and HTML.
    .target(
      name: "NNParityReports",
      dependencies: ["NNParity", "NNParityCases", "NNParityJudging", "NNParityAudit"]),
    // The embedded CPython bridge to the NumPy reference (a live reference for the audit),
    // loaded at run time with dlopen.
    .target(
      name: "NNParityPython",
      dependencies: [
        "NNParity", "NNParityCases", "NNParityAudit", "NNParityProcesses", "NNParityReferenceFiles",
      ]
    ),
    // Your own implementation held to NumPy's numbers from your own `swift test`:
    // `expectParity(_:)` and the plain-Swift types it speaks.
    .target(
      name: "NNParityTesting",
      dependencies: [
        "NNParity", "NNParityCases", "NNParityJudging", "NNParityAudit", "NNParityPython",
        "NNParityReferenceFiles",
      ]
    ),
    // What the case-reader fuzzer does with one input, and the fuzzer: libFuzzer's entry when
    // `tools/fuzz/run` builds it with -sanitize=fuzzer, else a replay of saved inputs.
    .target(name: "NNParityFuzzing", dependencies: ["NNParity", "NNParityCases"]),
    .executableTarget(name: "CaseReaderFuzzer", dependencies: ["NNParityFuzzing"]),
    // `nnparity bench`: one SGD step timed in Swift and in NumPy (not a product).
    .target(
      name: "NNParityBenchmark",
      dependencies: ["NNParity", "NNParityKernels", "NNParityCases", "NNParityPython"]
    ),
    .executableTarget(
      name: "nnparity",
      dependencies: [
        "NNParity", "NNParityKernels", "NNParityCases", "NNParityJudging", "NNParityAudit",
        "NNParityReports", "NNParityPython", "NNParityBenchmark",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // Test targets mirror the modules; NNParityTestSupport holds what several of them share:
    // the package's paths, golden folders made for a test, and `.requiresNumPy`.
    .target(
      name: "NNParityTestSupport",
      dependencies: ["NNParity", "NNParityCases", "NNParityAudit", "NNParityPython"],
      path: "Tests/NNParityTestSupport"),
    .testTarget(name: "NNParityKernelsTests", dependencies: ["NNParityKernels"]),
    .testTarget(
      name: "NNParityTests", dependencies: ["NNParity", "NNParityKernels", "NNParityTestSupport"]
    ),
    .testTarget(
      name: "NNParityCasesTests",
      dependencies: ["NNParity", "NNParityCases", "NNParityFuzzing", "NNParityTestSupport"]
    ),
    .testTarget(
      name: "NNParityJudgingTests",
      dependencies: ["NNParity", "NNParityCases", "NNParityJudging", "NNParityTestSupport"]
    ),
    .testTarget(
      name: "NNParityAuditTests",
      dependencies: [
        "NNParity", "NNParityCases", "NNParityJudging", "NNParityAudit", "NNParityReports",
        "NNParityTestSupport",
      ]
    ),
    .testTarget(
      name: "NNParityReportsTests",
      dependencies: [
        "NNParity", "NNParityCases", "NNParityJudging", "NNParityAudit", "NNParityReports",
        "NNParityTestSupport",
      ]
    ),
    .testTarget(
      name: "NNParityTestingTests",
      dependencies: [
        "NNParity", "NNParityAudit", "NNParityReports", "NNParityTesting", "NNParityTestSupport",
      ]
    ),
    .testTarget(
      name: "NNParityBenchmarkTests",
      dependencies: ["NNParity", "NNParityCases", "NNParityBenchmark", "NNParityPython"]
    ),
    // The command end to end: runs the built `nnparity`.
    .testTarget(
      name: "NNParityCommandTests",
      dependencies: [
        "NNParity", "NNParityCases", "NNParityJudging", "NNParityAudit", "NNParityReports",
        "NNParityPython",
        "nnparity",
        "NNParityTestSupport",
      ]
    ),
    .testTarget(
      name: "NNParityPythonTests",
      dependencies: [
        "NNParity", "NNParityCases", "NNParityJudging", "NNParityAudit", "NNParityReports",
        "NNParityPython", "NNParityTestSupport",
      ]
    ),
  ],
  swiftLanguageModes: [.v6]
)
