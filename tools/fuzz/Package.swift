// swift-tools-version: 6.1
import PackageDescription

// The libFuzzer target for the case reader: a package of its own so the root package stays
// free of fuzzer flags. Build and run it with `tools/fuzz/run [SECONDS]`.
let package = Package(
  name: "NNParityFuzz",
  dependencies: [
    // The root package, named so the products below find it whatever its folder is called.
    .package(name: "NNParity", path: "../..")
  ],
  targets: [
    .executableTarget(
      name: "CaseReaderFuzzer",
      dependencies: [
        .product(name: "NNParity", package: "NNParity"),
        .product(name: "NNParityConformance", package: "NNParity"),
      ],
      // CaseReaderInput.swift is a symbolic link to the regression tests' file; this
      // leaves out its tests and keeps the entry logic they share.
      swiftSettings: [.define("NNPARITY_FUZZER")]
    )
  ],
  swiftLanguageModes: [.v6]
)
