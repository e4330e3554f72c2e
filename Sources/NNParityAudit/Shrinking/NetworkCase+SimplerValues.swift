import NNParity
import NNParityCases

/// A matrix of a case whose values shrinking simplifies.
package enum CaseMatrix: String, Sendable, CaseIterable {
  case x, y, w1, w2
}

/// How simple a value is, for shrinking: 0, then ±1, then small integers, then the rest.
enum ValueSimplicity: Int, Comparable {
  case zero, one, smallInteger, other

  init(_ value: Double) {
    self =
      switch value {
      case 0: .zero
      case 1, -1: .one
      case _ where value == value.rounded() && abs(value) <= 10: .smallInteger
      default: .other
      }
  }

  static func < (lhs: ValueSimplicity, rhs: ValueSimplicity) -> Bool {
    lhs.rawValue < rhs.rawValue
  }
}

/// What shrinking tries in place of a value, simplest first.
enum Replacement: CaseIterable {
  case zero, one, minusOne, rounded

  func callAsFunction(_ value: Double) -> Double {
    switch self {
    case .zero: 0
    case .one: 1
    case .minusOne: -1
    case .rounded: value.rounded()
    }
  }
}

extension NetworkCase {
  /// The matrix `which`.
  subscript(matrix which: CaseMatrix) -> Matrix<Double> {
    get {
      switch which {
      case .x: x
      case .y: y
      case .w1: w1
      case .w2: w2
      }
    }
    set {
      switch which {
      case .x: x = newValue
      case .y: y = newValue
      case .w1: w1 = newValue
      case .w2: w2 = newValue
      }
    }
  }

  /// The changes of one element of `which` to `replacement` of its value that make it
  /// simpler (targets stay non-negative), as (element, value) pairs.
  func simplerElements(of which: CaseMatrix, replacement: Replacement) -> [(Int, Double)] {
    let m = self[matrix: which]
    return m.elements.indices.compactMap { i in
      let value = m.elements[i]
      let simpler = replacement(value)
      guard ValueSimplicity(simpler) < ValueSimplicity(value), which != .y || simpler >= 0 else {
        return nil
      }
      return (i, simpler)
    }
  }

  /// The case with `changes` made to `which`.
  func changing(_ which: CaseMatrix, _ changes: [(Int, Double)]) -> NetworkCase {
    var c = self
    var m = self[matrix: which]
    for (i, value) in changes { m[element: i] = value }
    c[matrix: which] = m
    return c
  }
}
