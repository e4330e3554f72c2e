// swift-tools-version: 6.1
import PackageDescription

// A user's own network, held to NumPy's numbers from its own `swift test` with NNParityTesting.
// It depends on NNParity by path (this repository); a real client depends on it by URL and
// version.
let package = Package(
  name: "ParityExample",
  dependencies: [.package(name: "NNParity", path: "../..")],
  targets: [
    .target(name: "TinyNetwork"),
    .testTarget(
      name: "TinyNetworkTests",
      dependencies: [
        "TinyNetwork", .product(name: "NNParityTesting", package: "NNParity"),
      ]
    ),
  ],
  swiftLanguageModes: [.v6]
)
