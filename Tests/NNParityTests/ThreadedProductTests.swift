import NNParityKernels
import Testing

@testable import NNParity

/// Products and training steps on several threads give the same bits as on one: the
/// threads split the output's rows or columns, never the depth sum.
@Suite("Threaded products")
struct ThreadedProductTests {
  /// Shapes whose split bands end inside a register tile (m not a multiple of 6, n not
  /// one of the tile's width), cross the row block (144 Float / 72 Double rows), the column
  /// block (4,080), and the depth block (256; AVX-512: 128), splitting rows and columns.
  static let shapes: [KernelTests.Shape] = [
    .init(m: 151, n: 37, k: 300), .init(m: 7, n: 4_100, k: 40), .init(m: 1_000, n: 10, k: 257),
    .init(m: 13, n: 523, k: 97), .init(m: 77, n: 75, k: 131),
  ]

  @Test("2, 3 and 7 threads: bit for bit the one-thread product", arguments: shapes)
  func products(shape: KernelTests.Shape) {
    var generator = SplitMix(seed: UInt64(shape.m * 31 + shape.n * 7 + shape.k))
    let a = (0..<(shape.m * shape.k)).map { _ in generator.nextUnit() * 2 - 1 }
    let b = (0..<(shape.k * shape.n)).map { _ in generator.nextUnit() * 2 - 1 }
    for instructionSet in KernelInstructionSet.supported {
      for (transposeA, transposeB) in [
        (Transpose.none, Transpose.none), (.transposed, .transposed),
      ] {
        let context = "\(instructionSet) \(shape) \(transposeA)/\(transposeB)"
        let float = bits(a, transposeA, b, transposeB, shape, Float.self, instructionSet)
        let double = bits(a, transposeA, b, transposeB, shape, Double.self, instructionSet)
        for threads in [2, 3, 7] {
          #expect(
            bits(a, transposeA, b, transposeB, shape, Float.self, instructionSet, threads)
              == float, "Float \(context), \(threads) threads")
          #expect(
            bits(a, transposeA, b, transposeB, shape, Double.self, instructionSet, threads)
              == double, "Double \(context), \(threads) threads")
        }
        // The split happened: several parts need more scratch than one.
        #expect(
          instructionSet.scratchCount(Float.self, m: shape.m, n: shape.n, k: shape.k, threads: 3)
            > instructionSet.scratchCount(Float.self, m: shape.m, n: shape.n, k: shape.k),
          "no split: \(context)")
      }
    }
  }

  /// A hidden layer of 449 × 451 (three parts of the element-wise passes on 3 threads, the
  /// last shorter) and a W1 of 300 × 451 (two parts), in both semantics, with and without
  /// dropout.
  static let stepSettings: [(Semantics, Bool)] = [
    (.reference, true), (.notebook, true), (.reference, false), (.notebook, false),
  ]

  @Test(
    "a training step on 1 and 3 threads: the same weights and loss, bit for bit",
    arguments: stepSettings)
  func trainingStep(semantics: Semantics, withDropout: Bool) {
    let (b, i, h, o) = (449, 300, 451, 13)
    #expect(b * h / ElementwiseParts.minimumPart == 3 && i * h / ElementwiseParts.minimumPart == 2)
    var generator = SplitMix(seed: 9)
    func matrix(_ rows: Int, _ columns: Int, _ scale: Double) -> Matrix<Double> {
      Matrix(
        rows: rows, columns: columns,
        elements: (0..<(rows * columns)).map { _ in (generator.nextUnit() * 2 - 1) * scale })
    }
    let (x, w1, w2) = (matrix(b, i, 1), matrix(i, h, 0.1), matrix(h, o, 0.1))
    var y = Matrix<Double>(rows: b, columns: o)
    for row in 0..<b { y[row, row % o] = 1 }
    let keep = Matrix(
      rows: b, columns: h,
      elements: (0..<(b * h)).map { _ in generator.nextUnit() >= 0.4 ? 1.0 : 0.0 })
    func steps<Scalar: NetworkScalar>(_: Scalar.Type, threads: Int) -> [Scalar] {
      var network = Network(w1: w1.converted(to: Scalar.self), w2: w2.converted(to: Scalar.self))
      let workspace = NetworkWorkspace<Scalar>(
        batch: b, inputs: i, hidden: h, outputs: o, threads: threads)
      let mask = withDropout ? DropoutMask(keep: keep.converted(to: Scalar.self), rate: 0.4) : nil
      var losses: [Scalar] = []
      for _ in 0..<2 {
        losses.append(
          Network.withDropout(mask, batch: b, hidden: h) { dropout in
            network.step(
              x.converted(to: Scalar.self), targets: y.converted(to: Scalar.self),
              dropout: dropout, learningRate: 0.01, semantics: semantics, loss: .notebook,
              workspace: workspace)
          })
      }
      return losses + network.w1.elements + network.w2.elements
    }
    // The first difference, not the arrays: a failure would otherwise print (and diff)
    // two arrays of 135,000 values.
    func firstDifference<Scalar: NetworkScalar>(_: Scalar.Type) -> String? {
      let (threaded, single) = (steps(Scalar.self, threads: 3), steps(Scalar.self, threads: 1))
      guard threaded.count == single.count else {
        return "\(threaded.count) values against \(single.count)"
      }
      for (index, (left, right)) in zip(threaded, single).enumerated()
      where left.sign != right.sign || left.exponentBitPattern != right.exponentBitPattern
        || left.significandBitPattern != right.significandBitPattern
      {
        return "value \(index) (losses, then w1, w2): \(left) on 3 threads, \(right) on 1"
      }
      return nil
    }
    #expect(firstDifference(Float.self) == nil)
    #expect(firstDifference(Double.self) == nil)
  }

  /// The bytes of `op(a) · op(b)` in `Scalar` on `threads` threads.
  func bits<Scalar: NetworkScalar>(
    _ a: [Double], _ transposeA: Transpose, _ b: [Double], _ transposeB: Transpose,
    _ shape: KernelTests.Shape, _: Scalar.Type, _ instructionSet: KernelInstructionSet,
    _ threads: Int = 1
  ) -> [UInt8] {
    let (a, b) = (a.map { Scalar($0) }, b.map { Scalar($0) })
    var c = [Scalar](repeating: .nan, count: shape.m * shape.n)
    a.withUnsafeBufferPointer { a in
      b.withUnsafeBufferPointer { b in
        c.withUnsafeMutableBufferPointer { c in
          MatrixKernels.multiply(
            a, transposeA, b, transposeB, into: c, m: shape.m, n: shape.n, k: shape.k,
            accumulate: false, using: instructionSet, threads: threads)
        }
      }
    }
    return c.withUnsafeBytes { Array($0) }
  }
}
