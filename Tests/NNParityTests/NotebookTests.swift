import NNParity
import Testing

/// The notebook's printed numbers (an independent source): `docs/notebook.md`.
@Suite("The notebook's printed numbers")
struct NotebookTests {
  static let x: [[Double]] = [[1, 2, 3], [4, 5, 6]]
  static let y: [[Double]] = [[0, 1], [1, 0]]
  static let w1: [[Double]] = [[0.1, 0.2, 0.3, 0.4], [0.5, 0.6, 0.7, 0.8], [0.9, 1.0, 1.1, 1.2]]
  static let w2: [[Double]] = [[0.2, 0.3], [0.4, 0.5], [0.6, 0.7], [0.8, 0.9]]

  func evaluate<Scalar: NetworkScalar>(
    _: Scalar.Type, semantics: Semantics, loss: CrossEntropy
  ) -> Evaluation<Scalar> {
    func m(_ rows: [[Double]]) -> Matrix<Scalar> { Matrix(rows).converted(to: Scalar.self) }
    return Network(w1: m(Self.w1), w2: m(Self.w2))
      .evaluate(m(Self.x), targets: m(Self.y), semantics: semantics, loss: loss)
  }

  /// Every element within half a unit of the last printed decimal.
  func expectPrinted<Scalar: NetworkScalar>(
    _ actual: Matrix<Scalar>, _ printed: [[Double]], decimals: Int,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    var halfUnit = 0.5
    for _ in 0..<decimals { halfUnit /= 10 }
    for (r, row) in printed.enumerated() {
      for (c, value) in row.enumerated() {
        #expect(
          abs(Double(actual[r, c]) - value) <= halfUnit,
          "[\(r)][\(c)]: \(actual[r, c]) does not print as \(value)", sourceLocation: sourceLocation
        )
      }
    }
  }

  @Test("Task 1, PyTorch cell (float32, 4 decimals)")
  func task1PyTorch() {
    let result = evaluate(Float.self, semantics: .reference, loss: .pytorchCell)
    expectPrinted(result.probabilities, [[0.1324, 0.8676], [0.0145, 0.9855]], decimals: 4)
  }

  @Test("Task 1, NumPy cell (float64, 8 decimals)")
  func task1NumPy() {
    let result = evaluate(Double.self, semantics: .notebook, loss: .notebook)
    expectPrinted(
      result.probabilities, [[0.13238887, 0.86761113], [0.01448572, 0.98551428]], decimals: 8)
  }

  @Test("Task 2, PyTorch cell: w1 gradient (float32, ε = 1e-7, 4 decimals)")
  func task2PyTorch() {
    let result = evaluate(Float.self, semantics: .reference, loss: .pytorchCell)
    expectPrinted(
      result.gradientW1,
      [
        [0.3810, 0.3810, 0.3810, 0.3810], [0.4663, 0.4663, 0.4663, 0.4663],
        [0.5516, 0.5516, 0.5516, 0.5516],
      ], decimals: 4)
  }

  @Test("Task 2, NumPy cell: w1 gradient (float64, 8 decimals)")
  func task2NumPy() {
    let result = evaluate(Double.self, semantics: .notebook, loss: .notebook)
    let rows = [0.38096682, 0.46627936, 0.5515919].map { Array(repeating: $0, count: 4) }
    expectPrinted(result.gradientW1, rows, decimals: 8)
  }

  /// Task 3's printed weights come from unseeded dropout, so they cannot be reproduced;
  /// but both cells' printed w2 keep every row sum of the initial w2 (0.2 + 0.3 = 0.5,
  /// 0.2899 + 0.2101 = 0.5, 0.17448702 + 0.32551298 = 0.5, …), and so must ours.
  @Test("Task 3: SGD keeps the printed row sums of w2", arguments: Semantics.allCases)
  func task3RowSums(semantics: Semantics) {
    let printedRowSums = [
      Semantics.reference: [0.2899 + 0.2101, 0.4139 + 0.4861, 0.5957 + 0.7043, 0.8643 + 0.8357],
      .notebook: [
        0.17448702 + 0.32551298, 0.42927113 + 0.47072887, 0.68405524 + 0.61594476,
        0.93883934 + 0.76116066,
      ],
    ]
    var network = Network(w1: Matrix(Self.w1), w2: Matrix(Self.w2))
    _ = network.train(
      Matrix(Self.x), targets: Matrix(Self.y), masks: .numpy(seed: 2024),
      configuration: TrainingConfiguration(epochs: 100, learningRate: 0.01, dropout: 0.4),
      semantics: semantics, loss: .notebook)
    for (r, sum) in network.w2.rowSums.enumerated() {
      #expect(abs(sum - (printedRowSums[semantics]?[r] ?? .nan)) <= 1e-4 + 1e-12)
    }
  }
}
