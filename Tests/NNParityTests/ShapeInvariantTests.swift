import NNParity
import Testing

/// A wrong shape where safe code hands buffers to the kernels stops the process with a
/// precondition that names the shapes, instead of reading or writing out of bounds. Each
/// test runs its body in a child process (an exit test) and reads its standard error.
@Suite("Shape invariants at the pointer boundary")
struct ShapeInvariantTests {
  /// The notebook's shape, B=2 I=3 H=4 O=2, for the bodies below (which capture nothing).
  static func problem() -> (network: Network<Double>, x: Matrix<Double>, y: Matrix<Double>) {
    let network = Network(
      w1: Matrix(rows: 3, columns: 4, repeating: 0.1),
      w2: Matrix(rows: 4, columns: 2, repeating: 0.2)
    )
    return (network, Matrix(rows: 2, columns: 3, repeating: 1), Matrix([[0, 1], [1, 0]]))
  }

  /// Expects `body`'s process to fail with standard error containing `message`.
  static func expectStop(
    _ message: String, sourceLocation: SourceLocation = #_sourceLocation,
    _ result: ExitTest.Result?
  ) {
    let standardError = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
    #expect(
      standardError.contains(message), "standard error: \(standardError)",
      sourceLocation: sourceLocation)
  }

  @Test("a matrix whose element count is not rows × columns is refused")
  func matrixCount() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Matrix<Double>(rows: 2, columns: 3, elements: [1, 2, 3, 4, 5])
    }
    Self.expectStop("a 2×3 matrix needs 6 elements, got 5", result)
  }

  @Test("an element outside the matrix is refused, even where its flat index is inside")
  func elementOutside() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let m = Matrix<Double>(rows: 2, columns: 3)
      _ = m[0, 4]  // flat index 4 exists; (0, 4) does not
    }
    Self.expectStop("(0, 4) outside a 2×3 matrix", result)
  }

  @Test("pass(…dropout:) with a B×(H−1) mask stops before the fused pass reads it")
  func passMask() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let (network, x, y) = ShapeInvariantTests.problem()
      let mask = DropoutMask(keep: Matrix<Double>(rows: 2, columns: 3, repeating: 1), rate: 0.5)
      _ = network.pass(x, targets: y, dropout: mask, semantics: .reference, loss: .notebook)
    }
    Self.expectStop("the dropout mask is 2×3, expected B×H = 2×4", result)
  }

  @Test("step(…keep:) with a (B−1)×H mask stops")
  func stepMask() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      var (network, x, y) = ShapeInvariantTests.problem()
      let workspace = NetworkWorkspace<Double>(batch: 2, inputs: 3, hidden: 4, outputs: 2)
      _ = network.step(
        x, targets: y, keep: Matrix(rows: 1, columns: 4, repeating: 1), dropout: 0.5,
        learningRate: 0.1, semantics: .notebook, loss: .notebook, workspace: workspace)
    }
    Self.expectStop("the dropout mask is 1×4, expected B×H = 2×4", result)
  }

  @Test("train(.explicit) with a misshapen mask in a later epoch stops")
  func trainMask() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      var (network, x, y) = ShapeInvariantTests.problem()
      let good = Matrix<Double>(rows: 2, columns: 4, repeating: 1)
      let bad = Matrix<Double>(rows: 4, columns: 2, repeating: 1)  // same count, wrong shape
      _ = network.train(
        x, targets: y, masks: .explicit([good, bad]),
        configuration: TrainingConfiguration(epochs: 2, learningRate: 0.1, dropout: 0.5),
        semantics: .reference, loss: .notebook)
    }
    Self.expectStop("the dropout mask is 4×2, expected B×H = 2×4", result)
  }

  @Test("a network whose weights were replaced no longer fits its workspace")
  func workspaceCounts() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      var (network, x, y) = ShapeInvariantTests.problem()
      let workspace = NetworkWorkspace<Double>(batch: 2, inputs: 3, hidden: 4, outputs: 2)
      network.w2 = Matrix(rows: 3, columns: 2, repeating: 0.2)  // H × O no longer
      _ = network.step(
        x, targets: y, keep: Matrix(rows: 2, columns: 4, repeating: 1), dropout: 0,
        learningRate: 0.1, semantics: .reference, loss: .notebook, workspace: workspace)
    }
    Self.expectStop("w2 is 3×2 with 6 elements, but the workspace is for H×O = 4×2", result)
  }

  @Test("the same calls with the right shapes run")
  func rightShapes() {
    var (network, x, y) = Self.problem()
    let mask = DropoutMask(keep: Matrix<Double>(rows: 2, columns: 4, repeating: 1), rate: 0.5)
    let evaluation = network.pass(
      x, targets: y, dropout: mask, semantics: .reference, loss: .notebook)
    #expect(evaluation.probabilities.rows == 2 && evaluation.probabilities.columns == 2)
    let losses = network.train(
      x, targets: y, masks: .explicit([mask.keep, mask.keep]),
      configuration: TrainingConfiguration(epochs: 2, learningRate: 0.1, dropout: 0.5),
      semantics: .reference, loss: .notebook)
    #expect(losses.count == 2)
  }
}
