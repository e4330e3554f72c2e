import NNParity
import NNParityCases
import NNParityJudging
import Testing

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

  func probabilityRowsSumToOne<Scalar: NetworkScalar>(_ c: NetworkCase, _: Scalar.Type) {
    let (network, x, y) = network(c, Scalar.self)
    let p = network.evaluate(x, targets: y, semantics: c.semantics, loss: c.loss).probabilities
    let bound = Tolerances.invariant(Scalar.dtype).scaledBound
    for (r, sum) in p.rowSums.enumerated() {
      #expect(abs(Double(sum) - 1) <= bound, "\(c.name ?? "") \(Scalar.self) row \(r): \(sum)")
    }
  }

  @Test("Probability rows sum to 1", arguments: cases)
  func probabilityRows(c: NetworkCase) {
    probabilityRowsSumToOne(c, Float.self)
    probabilityRowsSumToOne(c, Double.self)
  }

  /// With ε = 0, `reference`'s dz2 = p·rowsum(y) − y has zero row sums for any targets,
  /// and so has every row of gW2 = a1ᵀ·dz2; an SGD step then keeps w2's row sums, with or
  /// without dropout.
  func sgdKeepsRowSumsOfW2<Scalar: NetworkScalar>(_ c: NetworkCase, _: Scalar.Type) {
    var (network, x, y) = network(c, Scalar.self)
    let before = network.w2.rowSums
    let loss = CrossEntropy(epsilon: 0, reduction: c.loss.reduction)
    let gradient = network.evaluate(x, targets: y, semantics: .reference, loss: loss).gradientW2
    _ = network.train(
      x, targets: y, masks: .numpy(seed: 5),
      configuration: TrainingConfiguration(epochs: 3, learningRate: 0.01, dropout: 0.4),
      semantics: .reference, loss: loss)
    let bound = Tolerances.invariant(Scalar.dtype).scaledBound
    let scale = Double(gradient.elements.map(abs).max() ?? 0) + 1
    for (r, sum) in gradient.rowSums.enumerated() {
      #expect(abs(Double(sum)) <= bound * scale, "\(c.name ?? "") gW2 row \(r) sums to \(sum)")
    }
    for (r, (old, new)) in zip(before, network.w2.rowSums).enumerated() {
      let rowScale = Double(network.w2.elements.map(abs).max() ?? 0) + 1
      #expect(
        abs(Double(new - old)) <= bound * rowScale,
        "\(c.name ?? "") \(Scalar.self) w2 row \(r): \(old) → \(new)")
    }
  }

  @Test("SGD keeps the row sums of w2 (reference, ε = 0)", arguments: cases)
  func rowSums(c: NetworkCase) {
    sgdKeepsRowSumsOfW2(c, Float.self)
    sgdKeepsRowSumsOfW2(c, Double.self)
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

  /// A hidden unit whose column of w1 is ≤ 0 against non-negative inputs is dead for every
  /// sample: its column of gW1 and its row of gW2 are exactly zero, in both semantics.
  func deadUnitGetsNoGradient<Scalar: NetworkScalar>(_ c: NetworkCase, _: Scalar.Type) {
    var (network, x, y) = network(c, Scalar.self)
    x = x.map(abs)
    let dead = c.w1.columns / 2
    for i in 0..<network.inputCount { network.w1[i, dead] = -abs(network.w1[i, dead]) - 0.5 }
    let g = network.evaluate(x, targets: y, semantics: c.semantics, loss: c.loss)
    for i in 0..<network.inputCount {
      #expect(g.gradientW1[i, dead] == 0, "\(c.name ?? "") gW1[\(i)][\(dead)]")
    }
    for o in 0..<network.outputCount {
      #expect(g.gradientW2[dead, o] == 0, "\(c.name ?? "") gW2[\(dead)][\(o)]")
    }
  }

  @Test("A dead hidden unit gets zero gradient", arguments: cases)
  func deadUnit(c: NetworkCase) {
    deadUnitGetsNoGradient(c, Float.self)
    deadUnitGetsNoGradient(c, Double.self)
  }
}

extension NetworkCase: CustomTestStringConvertible {
  public var testDescription: String {
    "\(name ?? "unnamed") \(shapeDescription) \(dtype.rawValue)"
  }
}
