import NNParity

/// The outputs the spec's result format names, in the order they are written.
public enum TensorName: String, Sendable, CaseIterable, Comparable {
  case probs
  case loss
  case gradW1 = "grad_w1"
  case gradW2 = "grad_w2"
  case trainedW1 = "trained_w1"
  case trainedW2 = "trained_w2"
  case losses

  public static func < (lhs: TensorName, rhs: TensorName) -> Bool {
    allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
  }

  /// The rank the result format writes this tensor with: 0 (number), 1 or 2.
  public var rank: Int {
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
public struct Tensor: Sendable, Equatable {
  public internal(set) var shape: [Int]
  public internal(set) var values: [Double]

  public init(shape: [Int], values: [Double]) {
    precondition(shape.reduce(1, *) == values.count, "values do not fill the shape")
    self.shape = shape
    self.values = values
  }

  /// A rank-0 tensor.
  public init<Scalar: NetworkScalar>(scalar: Scalar) {
    self.init(shape: [], values: [Double(scalar)])
  }

  /// A rank-1 tensor.
  public init<Scalar: NetworkScalar>(vector: [Scalar]) {
    self.init(shape: [vector.count], values: vector.map(Double.init))
  }

  /// A rank-2 tensor.
  public init<Scalar: NetworkScalar>(_ matrix: Matrix<Scalar>) {
    self.init(shape: [matrix.rows, matrix.columns], values: matrix.elements.map(Double.init))
  }

  /// The multi-index of a flat position, for reports: `[2, 3]`, `[7]` or `[]`.
  public func index(ofFlat position: Int) -> [Int] {
    switch shape.count {
    case 2: [position / shape[1], position % shape[1]]
    case 1: [position]
    default: []
    }
  }

  /// `"[2][3]"`-style text for a flat position.
  public func indexDescription(ofFlat position: Int) -> String {
    index(ofFlat: position).map { "[\($0)]" }.joined()
  }
}

/// What evaluating a case produced (or a golden expects): named tensors in one dtype.
public struct CaseResult: Sendable, Equatable {
  /// The case's name, echoed.
  public internal(set) var name: String?
  /// The dtype the values were computed in.
  public internal(set) var dtype: DType
  /// The tensors present: always probs, loss, grad_w1, grad_w2; the trained ones and
  /// losses only for training cases.
  public internal(set) var tensors: [TensorName: Tensor]

  public init(name: String?, dtype: DType, tensors: [TensorName: Tensor]) {
    self.name = name
    self.dtype = dtype
    self.tensors = tensors
  }

  /// The present tensors in the result format's order.
  public var orderedTensors: [(name: TensorName, tensor: Tensor)] {
    TensorName.allCases.compactMap { name in tensors[name].map { (name, $0) } }
  }
}
