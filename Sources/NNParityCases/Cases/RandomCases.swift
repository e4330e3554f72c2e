import NNParity

/// Repeatable random cases: case `index` of seed `seed` is always the same case, and its
/// name (`random-s<seed>-<index>`) says how to draw it again.
package struct RandomCases: Sendable {
  /// The seed of the whole family.
  package var seed: UInt64
  /// The largest B, I, H and O drawn (O is at least 2).
  package var maximumSize: Int
  /// Whether cases may train (with explicit masks).
  package var includeTraining: Bool

  package init(seed: UInt64, maximumSize: Int = 32, includeTraining: Bool = true) {
    precondition(maximumSize >= 2, "sizes go up to at least 2")
    self.seed = seed
    self.maximumSize = maximumSize
    self.includeTraining = includeTraining
  }

  /// Case number `index`, drawn from its own generator so cases are independent.
  package func `case`(_ index: Int) -> NetworkCase {
    var random = NumPyGenerator(seed: seed &* 1_000_003 &+ UInt64(index))
    func size(_ minimum: Int = 1) -> Int { minimum + random.int(below: maximumSize - minimum + 1) }
    let (b, i, h, o) = (size(), size(), size(), size(2))
    let dtype: DType = random.int(below: 2) == 0 ? .float32 : .float64
    func matrix(_ rows: Int, _ columns: Int, _ draw: (inout NumPyGenerator) -> Double)
      -> Matrix<Double>
    {
      // The elements in a local array, not through Matrix's subscript: from this module
      // that is an unspecialized generic call per element, which cost more than the draws.
      let elements = (0..<(rows * columns)).map { _ in
        let value = draw(&random)
        // float32 cases hold exactly representable numbers, so the file says what runs.
        return dtype == .float32 ? Double(Float(value)) : value
      }
      return Matrix(rows: rows, columns: columns, elements: elements)
    }
    let x = matrix(b, i) { 4 * $0.random() - 2 }
    let w1 = matrix(i, h) { 2 * $0.random() - 1 }
    let w2 = matrix(h, o) { 2 * $0.random() - 1 }
    let y = Self.targets(rows: b, columns: o, dtype: dtype, &random)
    let semantics: Semantics = random.int(below: 2) == 0 ? .reference : .notebook
    let loss = CrossEntropy(
      epsilon: random.int(below: 3) == 0 ? 1e-7 : 0,
      reduction: random.int(below: 3) == 0 ? .mean : .sum)
    var training: NetworkCase.Training?
    if includeTraining && random.int(below: 2) == 0 {
      let epochs = 1 + random.int(below: 4)
      let dropout = [0, 0.25, 0.4, 0.5][random.int(below: 4)]
      let masks = (0..<epochs).map { _ in
        matrix(b, h) { $0.random() >= dropout ? 1 : 0 }
      }
      training = NetworkCase.Training(
        configuration: TrainingConfiguration(epochs: epochs, learningRate: 0.01, dropout: dropout),
        masks: .explicit(masks))
    }
    return NetworkCase(
      name: "random-s\(seed)-\(index)", dtype: dtype, semantics: semantics, loss: loss,
      x: x, y: y, w1: w1, w2: w2, training: training)
  }

  /// B × O targets: one-hot rows, or (one case in four) soft targets drawn in [0, 1).
  private static func targets(
    rows b: Int, columns o: Int, dtype: DType, _ random: inout NumPyGenerator
  ) -> Matrix<Double> {
    var targets = [Double](repeating: 0, count: b * o)
    let softTargets = random.int(below: 4) == 0
    for r in 0..<b {
      if softTargets {
        for c in 0..<o {
          targets[r * o + c] = dtype == .float32 ? Double(Float(random.random())) : random.random()
        }
      } else {
        targets[r * o + random.int(below: o)] = 1
      }
    }
    return Matrix(rows: b, columns: o, elements: targets)
  }

  /// The first `count` cases.
  package func cases(_ count: Int) -> [NetworkCase] { (0..<count).map(self.case) }
}

extension NumPyGenerator {
  /// A whole number in `0..<bound`, by scaling a double (bias below 2^-40 for bounds
  /// this small; these draws choose test shapes, not masks).
  mutating func int(below bound: Int) -> Int {
    min(Int(random() * Double(bound)), bound - 1)
  }
}
