import NNParity

/// The outputs the spec's result format names, in the order they are written.
package enum TensorName: String, Sendable, CaseIterable, Comparable {
  case probs
  case loss
  case gradW1 = "grad_w1"
  case gradW2 = "grad_w2"
  case trainedW1 = "trained_w1"
  case trainedW2 = "trained_w2"
  case losses

  package static func < (lhs: TensorName, rhs: TensorName) -> Bool {
    allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
  }

  /// The rank the result format writes this tensor with: 0 (number), 1 or 2.
  package var rank: Int {
    switch self {
    case .loss: 0
    case .losses: 1
    default: 2
    }
  }
}

/// A result tensor: its shape (`[]`, `[n]` or `[rows, columns]`) and row-major values.
///
/// Values are held as Double; a float32 result holds Float values exactly.
package struct Tensor: Sendable, Equatable {
  package internal(set) var shape: [Int]
  package internal(set) var values: [Double]

  package init(shape: [Int], values: [Double]) {
    precondition(shape.reduce(1, *) == values.count, "values do not fill the shape")
    self.shape = shape
    self.values = values
  }

  /// A rank-0 tensor.
  package init<Scalar: NetworkScalar>(scalar: Scalar) {
    self.init(shape: [], values: [Double(scalar)])
  }

  /// A rank-1 tensor.
  package init<Scalar: NetworkScalar>(vector: [Scalar]) {
    self.init(shape: [vector.count], values: vector.map(Double.init))
  }

  /// A rank-2 tensor.
  package init<Scalar: NetworkScalar>(_ matrix: Matrix<Scalar>) {
    self.init(shape: [matrix.rows, matrix.columns], values: matrix.elements.map(Double.init))
  }

  /// The multi-index of a flat position, for reports: `[2, 3]`, `[7]` or `[]`.
  package func index(ofFlat position: Int) -> [Int] {
    switch shape.count {
    case 2: [position / shape[1], position % shape[1]]
    case 1: [position]
    default: []
    }
  }

  /// `"[2][3]"`-style text for a flat position.
  package func indexDescription(ofFlat position: Int) -> String {
    index(ofFlat: position).map { "[\($0)]" }.joined()
  }
}

/// What evaluating a case produced (or a golden expects): named tensors in one dtype.
package struct CaseResult: Sendable, Equatable {
  /// The case's name, echoed.
  package internal(set) var name: String?
  /// The dtype the values were computed in.
  package internal(set) var dtype: DType
  /// The tensors present: always probs, loss, grad_w1, grad_w2; the trained ones and
  /// losses only for training cases.
  package internal(set) var tensors: [TensorName: Tensor]
  /// For a reference's result (a golden's or live NumPy's): each element's error scale `C`
  /// (`reference/conditioning.py`, from the case), float64, one tensor per tensor above.
  /// Two correct computations of an element differ by a small multiple of `u · C`. Empty
  /// for a result under test.
  package var errorScales: [TensorName: Tensor] = [:]

  package init(
    name: String?, dtype: DType, tensors: [TensorName: Tensor],
    errorScales: [TensorName: Tensor] = [:]
  ) {
    self.name = name
    self.dtype = dtype
    self.tensors = tensors
    self.errorScales = errorScales
  }

  /// The present tensors in the result format's order.
  package var orderedTensors: [(name: TensorName, tensor: Tensor)] {
    TensorName.allCases.compactMap { name in tensors[name].map { (name, $0) } }
  }
}
