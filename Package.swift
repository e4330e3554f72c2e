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
    // The network: matrices, forward pass, loss, gradients, SGD. No dependencies.
    .target(name: "NNParity"),
    // Cases and results (JSON), goldens, the tolerance engine, finite differences.
    .target(name: "NNParityConformance", dependencies: ["NNParity"]),
    // The embedded CPython bridge to the NumPy reference, loaded at run time with dlopen.
    .target(name: "NNParityPython", dependencies: ["NNParity", "NNParityConformance"]),
    .executableTarget(
      name: "nnparity",
      dependencies: [
        "NNParity",
        "NNParityConformance",
        "NNParityPython",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .testTarget(name: "NNParityTests", dependencies: ["NNParity", "NNParityConformance"]),
    .testTarget(
      name: "NNParityConformanceTests",
      dependencies: ["NNParity", "NNParityConformance", "nnparity"]
    ),
    .testTarget(
      name: "NNParityPythonTests",
      dependencies: ["NNParity", "NNParityConformance", "NNParityPython"]
    ),
  ],
  swiftLanguageModes: [.v6]
)
