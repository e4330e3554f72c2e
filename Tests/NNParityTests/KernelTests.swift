import NNParity
import Testing

/// The matrix-product kernels against a plain triple loop, for every instruction set this
/// CPU supports, Float and Double, and the forms a·b, aᵀ·b, a·bᵀ (and aᵀ·bᵀ).
///
/// Tolerance: each element `c_ij` of a product of depth k must be within
/// `k · ε · Σ_p |a_ip| |b_pj|` of the exact value, with ε the scalar's `ulpOfOne`
/// (2⁻²³ for Float, 2⁻⁵² for Double): twice the first-order bound `k · u · Σ|a||b|`
/// (u = ε / 2, the unit roundoff) of any order of summation, fused or not. The reference
/// is computed in Double from the same (rounded) inputs, as a compensated dot product
/// (TwoProduct and TwoSum), so its own error is far below the bound for both types.
/// Products of small integers are checked to be exact, which catches any indexing slip.
@Suite("Product kernels")
struct KernelTests {
  /// A product shape: `op(a)` is m × k, `op(b)` is k × n.
  struct Shape: Sendable, CustomStringConvertible {
    var m: Int
    var n: Int
    var k: Int
    var description: String { "\(m)x\(k)·\(k)x\(n)" }
  }

  /// Odd shapes from 1 to 70, the edges of the register tile (6 rows, 8 to 32 columns)
  /// and of the cache blocks (144/72 rows, depth 256), and 1024-wide products.
  static let shapes: [Shape] = {
    var generator = SplitMix(seed: 42)
    var shapes = (0..<16).map { _ in
      Shape(
        m: generator.next(in: 1...70), n: generator.next(in: 1...70), k: generator.next(in: 1...70))
    }
    shapes += [
      Shape(m: 1, n: 1, k: 1), Shape(m: 2, n: 2, k: 3), Shape(m: 5, n: 7, k: 1),
      Shape(m: 6, n: 16, k: 32), Shape(m: 7, n: 17, k: 33), Shape(m: 12, n: 32, k: 20),
      Shape(m: 13, n: 33, k: 9), Shape(m: 71, n: 9, k: 40), Shape(m: 73, n: 8, k: 31),
      Shape(m: 143, n: 5, k: 30), Shape(m: 145, n: 3, k: 30), Shape(m: 20, n: 20, k: 255),
      Shape(m: 9, n: 11, k: 257), Shape(m: 3, n: 17, k: 513),
      Shape(m: 1, n: 1024, k: 600), Shape(m: 1024, n: 2, k: 300), Shape(m: 1024, n: 129, k: 1),
      Shape(m: 1024, n: 10, k: 30), Shape(m: 10, n: 1024, k: 30),
    ]
    return shapes
  }()

  static let forms: [(Transpose, Transpose)] = [
    (.none, .none), (.transposed, .none), (.none, .transposed), (.transposed, .transposed),
  ]

  @Test("Within k·ε·Σ|a||b| of the exact product, Float and Double", arguments: shapes)
  func accuracy(shape: Shape) {
    // Inputs representable in Float, so that both types multiply the same numbers.
    var generator = SplitMix(seed: UInt64(shape.m * 1_000_003 + shape.n * 1_009 + shape.k))
    let a = (0..<(shape.m * shape.k)).map { _ in Double(Float(generator.nextUnit() * 2 - 1)) }
    let b = (0..<(shape.k * shape.n)).map { _ in Double(Float(generator.nextUnit() * 2 - 1)) }
    for (transposeA, transposeB) in Self.forms {
      let exact = reference(a, transposeA, b, transposeB, shape)
      for instructionSet in KernelInstructionSet.supported {
        let context = "\(instructionSet) \(shape) \(transposeA)/\(transposeB)"
        let float = product(a, transposeA, b, transposeB, shape, Float.self, instructionSet)
        #expect(worstError(float, exact, shape.k, Float.ulpOfOne) <= 1, "Float \(context)")
        let double = product(a, transposeA, b, transposeB, shape, Double.self, instructionSet)
        #expect(worstError(double, exact, shape.k, Double.ulpOfOne) <= 1, "Double \(context)")
      }
    }
  }

  @Test("Exact on small integers", arguments: shapes)
  func exactness(shape: Shape) {
    var generator = SplitMix(seed: UInt64(shape.m + shape.n * 71 + shape.k * 5_041))
    let a = (0..<(shape.m * shape.k)).map { _ in Double(generator.next(in: -4...4)) }
    let b = (0..<(shape.k * shape.n)).map { _ in Double(generator.next(in: -4...4)) }
    for (transposeA, transposeB) in Self.forms {
      let exact = reference(a, transposeA, b, transposeB, shape).sums
      for instructionSet in KernelInstructionSet.supported {
        let context = "\(instructionSet) \(shape) \(transposeA)/\(transposeB)"
        let float = product(a, transposeA, b, transposeB, shape, Float.self, instructionSet)
        #expect(float == exact.map { Float($0) }, "Float \(context)")
        let double = product(a, transposeA, b, transposeB, shape, Double.self, instructionSet)
        #expect(double == exact, "Double \(context)")
      }
    }
  }

  @Test("Accumulates into c, and a depth of 0 gives zeros")
  func accumulateAndEmptyDepth() {
    for instructionSet in KernelInstructionSet.supported {
      var generator = SplitMix(seed: 7)
      let shape = Shape(m: 13, n: 21, k: 300)
      let a = (0..<(shape.m * shape.k)).map { _ in Double(generator.next(in: -4...4)) }
      let b = (0..<(shape.k * shape.n)).map { _ in Double(generator.next(in: -4...4)) }
      let start = (0..<(shape.m * shape.n)).map { _ in Double(generator.next(in: -4...4)) }
      var c = start
      multiply(a, .none, b, .none, &c, shape, accumulate: true, instructionSet)
      let expected = reference(a, .none, b, .none, shape)
      #expect(c == zip(start, expected.sums).map { $0 + $1 }, "\(instructionSet)")
      var empty = [Double](repeating: 5, count: 6)
      multiply(
        [], .none, [], .none, &empty, Shape(m: 2, n: 3, k: 0), accumulate: false, instructionSet)
      #expect(empty == [Double](repeating: 0, count: 6), "\(instructionSet)")
    }
  }

  @Test("Matrix.product uses the kernels and keeps the public shape rules")
  func matrixProduct() {
    let a = Matrix<Double>([[1, 2, 3], [4, 5, 6]])
    let b = Matrix<Double>([[1, 0], [0, 1], [1, 1]])
    #expect(Matrix.product(a, b) == Matrix([[4, 5], [10, 11]]))
    #expect(Matrix.product(a, a, transposeB: .transposed) == Matrix([[14, 32], [32, 77]]))
    #expect(Matrix.product(a, a, transposeA: .transposed) == Matrix.product(a.transposed, a))
  }

  // MARK: - Helpers

  /// `op(a) · op(b)` computed in `Scalar` by the kernels of `instructionSet`.
  func product<Scalar: NetworkScalar>(
    _ a: [Double], _ transposeA: Transpose, _ b: [Double], _ transposeB: Transpose,
    _ shape: Shape, _: Scalar.Type, _ instructionSet: KernelInstructionSet
  ) -> [Scalar] {
    var c = [Scalar](repeating: .nan, count: shape.m * shape.n)
    multiply(
      a.map { Scalar($0) }, transposeA, b.map { Scalar($0) }, transposeB, &c, shape,
      accumulate: false, instructionSet)
    return c
  }

  /// The largest error of `c` as a multiple of its bound `k · ε · Σ|a||b|`.
  func worstError<Scalar: NetworkScalar>(
    _ c: [Scalar], _ exact: Exact, _ k: Int, _ epsilon: Scalar
  ) -> Double {
    let scale = Double(k) * Double(epsilon)
    var worst = 0.0
    for (i, value) in c.map(Double.init).enumerated() {
      let error = abs(value - exact.sums[i])
      worst = Swift.max(worst, error == 0 ? 0 : error / (scale * exact.magnitudes[i]))
    }
    return worst
  }

  /// `c = op(a) · op(b)` through the public kernel entry point.
  func multiply<Scalar: NetworkScalar>(
    _ a: [Scalar], _ transposeA: Transpose, _ b: [Scalar], _ transposeB: Transpose,
    _ c: inout [Scalar], _ shape: Shape, accumulate: Bool, _ instructionSet: KernelInstructionSet
  ) {
    a.withUnsafeBufferPointer { a in
      b.withUnsafeBufferPointer { b in
        c.withUnsafeMutableBufferPointer { c in
          MatrixKernels.multiply(
            a, transposeA, b, transposeB, into: c, m: shape.m, n: shape.n, k: shape.k,
            accumulate: accumulate, using: instructionSet)
        }
      }
    }
  }

  /// A product computed to about Double's precision, and `Σ_p |a_ip| |b_pj|`, per element.
  struct Exact {
    var sums: [Double] = []
    var magnitudes: [Double] = []
  }

  /// The exact product of `op(a)` and `op(b)`, to about Double's precision.
  func reference(
    _ a: [Double], _ transposeA: Transpose, _ b: [Double], _ transposeB: Transpose, _ shape: Shape
  ) -> Exact {
    let (m, n, k) = (shape.m, shape.n, shape.k)
    // Rows of op(a) and columns of op(b), each contiguous (a test may materialise them).
    let rowsA =
      transposeA == .none ? a : Matrix(rows: k, columns: m, elements: a).transposed.elements
    let columnsB =
      transposeB == .none ? Matrix(rows: k, columns: n, elements: b).transposed.elements : b
    var result = Exact()
    result.sums.reserveCapacity(m * n)
    result.magnitudes.reserveCapacity(m * n)
    rowsA.withUnsafeBufferPointer { rowsA in
      columnsB.withUnsafeBufferPointer { columnsB in
        for i in 0..<m {
          for j in 0..<n {
            let (x, y) = (rowsA[(i * k)..<(i * k + k)], columnsB[(j * k)..<(j * k + k)])
            // Compensated dot product: each product split exactly into p + e (TwoProduct),
            // each sum into s + error (TwoSum); the errors summed apart.
            var sum = 0.0
            var compensation = 0.0
            var magnitude = 0.0
            for (u, v) in zip(x, y) {
              let product = u * v
              let productError = (-product).addingProduct(u, v)
              let newSum = sum + product
              let z = newSum - sum
              compensation += (sum - (newSum - z)) + (product - z) + productError
              sum = newSum
              magnitude += abs(product)
            }
            result.sums.append(sum + compensation)
            result.magnitudes.append(magnitude)
          }
        }
      }
    }
    return result
  }
}

/// A small deterministic generator (SplitMix64), so that a failure names a reproducible case.
struct SplitMix {
  var state: UInt64
  init(seed: UInt64) { state = seed }

  mutating func nextBits() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_CE4E_5B9B
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// Uniform in [0, 1).
  mutating func nextUnit() -> Double { Double(nextBits() >> 11) * 0x1p-53 }

  /// Uniform in `range` (slightly biased; fine for test data).
  mutating func next(in range: ClosedRange<Int>) -> Int {
    range.lowerBound + Int(nextBits() % UInt64(range.count))
  }
}
