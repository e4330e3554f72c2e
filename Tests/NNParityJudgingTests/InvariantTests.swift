import NNParity
import NNParityJudging
import Testing

@testable import NNParityCases

/// Properties that hold for any input, checked for Float and Double on random cases.
/// A failure names the case (`random-s<seed>-<index>`); `RandomCases(seed:).case(index)`
/// draws it again.
@Suite("Invariants")
struct InvariantTests {
  static let cases = RandomCases(seed: 11, maximumSize: 24).cases(40)

  func network<Scalar: NetworkScalar>(_ c: NetworkCase, _: Scalar.Type) -> (
    Network<Scalar>, Matrix<Scalar>, Matrix<Scalar>
  ) {
    (
      Network(w1: c.w1.converted(), w2: c.w2.converted()), c.x.converted(), c.y.converted()
    )
  }

  /// The case in `dtype`, evaluated by the network.
  static func evaluated(_ c: NetworkCase, _ dtype: DType) -> (NetworkCase, CaseResult) {
    var c = c
    c.dtype = dtype
    return (c, c.evaluate())
  }

  @Test("Probability rows sum to 1", arguments: cases)
  func probabilityRows(c: NetworkCase) throws {
    for dtype in DType.allCases {
      let (c, result) = Self.evaluated(c, dtype)
      let check = try #require(Invariants.probabilityRows(c, result))
      #expect(check.holds, "\(c.name ?? "") \(dtype.rawValue): \(check)")
    }
  }

  /// `result` with `tensor`'s element `index` moved by `amount`.
  static func moved(
    _ result: CaseResult, _ tensor: TensorName, at index: Int, by amount: Double
  ) throws -> CaseResult {
    var result = result
    let values = try #require(result.tensors[tensor])
    var moved = values.values
    moved[index] += amount
    result.tensors[tensor] = Tensor(shape: values.shape, values: moved)
    return result
  }

  /// What an invariant must tell apart, from the arithmetic rather than from the bound it
  /// is coded with: a sum of up to 64 terms, each rounded by at most u, may be 64 u off (it
  /// holds); an error of 1e-12 in float64 (about 9,000 u) or 1e-4 in float32 (about 1,700 u)
  /// is a wrong result (it fails).
  static func deviations(_ dtype: DType) -> [(amount: Double, holds: Bool)] {
    [(64 * dtype.unitRoundoff, true), (dtype == .float64 ? 1e-12 : 1e-4, false)]
  }

  @Test(
    "a probability row 64 u off holds; 1e-12 (float64) or 1e-4 (float32) off fails",
    arguments: DType.allCases)
  func probabilityRowsPower(dtype: DType) throws {
    let (c, result) = Self.evaluated(Self.cases[0], dtype)
    for (amount, holds) in Self.deviations(dtype) {
      let check = try #require(
        Invariants.probabilityRows(c, try Self.moved(result, .probs, at: 0, by: amount)))
      #expect(check.holds == holds, "\(dtype.rawValue) off by \(amount): \(check)")
    }
  }

  /// The case with ε = 0, `reference` semantics and 3 epochs of dropout 0.4 (NumPy's masks,
  /// seed 5), in `dtype`, and the network's result.
  static func trained(_ c: NetworkCase, _ dtype: DType) -> (NetworkCase, CaseResult) {
    var c = c
    c.semantics = .reference
    c.loss = CrossEntropy(epsilon: 0, reduction: c.loss.reduction)
    c.training = .init(
      configuration: TrainingConfiguration(epochs: 3, learningRate: 0.01, dropout: 0.4),
      masks: .seed(5))
    return evaluated(c, dtype)
  }

  /// With ε = 0, `reference`'s dz2 = p·rowsum(y) − y has zero row sums for any targets,
  /// and so has every row of gW2 = a1ᵀ·dz2; an SGD step then keeps w2's row sums, with or
  /// without dropout.
  @Test("SGD keeps the row sums of w2 (reference, ε = 0)", arguments: cases)
  func rowSums(c: NetworkCase) throws {
    for dtype in DType.allCases {
      let (c, result) = Self.trained(c, dtype)
      let check = try #require(Invariants.w2RowSums(c, result))
      #expect(check.holds, "\(c.name ?? "") \(dtype.rawValue): \(check)")
      let gradient = try #require(result.tensors[.gradW2])
      let scale = (gradient.values.map(abs).max() ?? 0) + 1
      for r in 0..<c.w2.rows {
        let sum = gradient.values[(r * c.w2.columns)..<((r + 1) * c.w2.columns)].reduce(0, +)
        #expect(
          abs(sum) <= Tolerances.invariant(dtype).scaledBound * scale,
          "\(c.name ?? "") \(dtype.rawValue) gW2 row \(r) sums to \(sum)")
      }
    }
  }

  @Test(
    "a trained w2 row 64 u per epoch off holds; 1e-12 (float64) or 1e-4 (float32) fails",
    arguments: DType.allCases)
  func rowSumsPower(dtype: DType) throws {
    let (c, result) = Self.trained(Self.cases[0], dtype)
    let trained = try #require(result.tensors[.trainedW2])
    // The deviation is relative to the largest weight (at least 1), over three epochs.
    let scale = max(trained.values.map(abs).max() ?? 0, c.w2.elements.map(abs).max() ?? 0, 1)
    for (amount, holds) in Self.deviations(dtype) {
      let epochs = holds ? 3.0 : 1.0
      let moved = try Self.moved(result, .trainedW2, at: 0, by: amount * epochs * scale)
      let check = try #require(Invariants.w2RowSums(c, moved))
      #expect(check.holds == holds, "\(dtype.rawValue) off by \(amount): \(check)")
    }
  }

  /// One epoch without dropout moves each weight by exactly `lr · g` (the product rounded,
  /// then the difference, as NumPy's `w - lr * g`), with g the gradient the evaluation
  /// reports: the row-sum invariant alone would also hold for a trainer that never updates.
  func sgdMovesByLearningRateTimesGradient<Scalar: NetworkScalar>(
    _ c: NetworkCase, _: Scalar.Type
  ) {
    var (network, x, y) = network(c, Scalar.self)
    let (w1, w2) = (network.w1, network.w2)
    let g = network.evaluate(x, targets: y, semantics: c.semantics, loss: c.loss)
    let rate = 0.0625  // exact in both types
    _ = network.train(
      x, targets: y, masks: .keepAll,
      configuration: TrainingConfiguration(epochs: 1, learningRate: rate, dropout: 0),
      semantics: c.semantics, loss: c.loss)
    let lr = Scalar(rate)
    for (label, before, gradient, after) in [
      ("w1", w1, g.gradientW1, network.w1), ("w2", w2, g.gradientW2, network.w2),
    ] {
      let expected = zip(before.elements, gradient.elements).map { $0 - lr * $1 }
      #expect(
        after.elements == expected, "\(c.name ?? "") \(Scalar.self) \(label) after one step")
    }
    #expect(
      g.gradientW2.elements.allSatisfy { $0 == 0 } || network.w2 != w2,
      "\(c.name ?? "") \(Scalar.self): a nonzero gradient must move w2")
  }

  @Test("One SGD step moves the weights by exactly lr · gradient", arguments: cases)
  func sgdStep(c: NetworkCase) {
    sgdMovesByLearningRateTimesGradient(c, Float.self)
    sgdMovesByLearningRateTimesGradient(c, Double.self)
  }

  /// The case with hidden unit H/2 dead for every sample (its column of w1 ≤ 0 against
  /// non-negative inputs), and the network's result in `dtype`.
  static func withDeadUnit(_ c: NetworkCase, _ dtype: DType) -> (NetworkCase, CaseResult, Int) {
    var c = c
    c.x = c.x.map(abs)
    let dead = c.w1.columns / 2
    for i in 0..<c.w1.rows { c.w1[i, dead] = -abs(c.w1[i, dead]) - 0.5 }
    let (evaluatedCase, result) = evaluated(c, dtype)
    return (evaluatedCase, result, dead)
  }

  /// A dead unit's column of gW1 and row of gW2 are exactly zero, in both semantics.
  @Test("A dead hidden unit gets zero gradient", arguments: cases)
  func deadUnit(c: NetworkCase) throws {
    for dtype in DType.allCases {
      let (c, result, _) = Self.withDeadUnit(c, dtype)
      let check = try #require(Invariants.deadUnits(c, result), "the dead unit is not seen")
      #expect(check.holds && check.deviation == 0, "\(c.name ?? "") \(dtype.rawValue): \(check)")
    }
  }

  @Test("any gradient at a dead unit fails the invariant", arguments: DType.allCases)
  func deadUnitPower(dtype: DType) throws {
    let (c, result, dead) = Self.withDeadUnit(Self.cases[0], dtype)
    let moved = try Self.moved(result, .gradW1, at: dead, by: 1e-30)
    let check = try #require(Invariants.deadUnits(c, moved))
    #expect(!check.holds, "\(dtype.rawValue): \(check)")
  }
}

extension NetworkCase: CustomTestStringConvertible {
  public var testDescription: String {
    "\(name ?? "unnamed") \(shapeDescription) \(dtype.rawValue)"
  }
}
