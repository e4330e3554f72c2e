/// A dense, row-major matrix of `Float` or `Double`.
///
/// Element `(r, c)` is `elements[r * columns + c]`. Shapes are checked with
/// preconditions: a mismatch is a programmer error inside the library, never a
/// consequence of input (case files are validated before a matrix is built).
public struct Matrix<Scalar: NetworkScalar>: Sendable, Equatable {
  /// The number of rows.
  public let rows: Int
  /// The number of columns.
  public let columns: Int
  /// The elements in row-major order; `count == rows * columns`.
  public var elements: [Scalar]

  /// A matrix with every element equal to `value`.
  public init(rows: Int, columns: Int, repeating value: Scalar = 0) {
    precondition(rows >= 0 && columns >= 0, "negative matrix dimension")
    self.rows = rows
    self.columns = columns
    self.elements = Array(repeating: value, count: rows * columns)
  }

  /// A matrix over existing row-major elements.
  public init(rows: Int, columns: Int, elements: [Scalar]) {
    precondition(rows >= 0 && columns >= 0, "negative matrix dimension")
    precondition(elements.count == rows * columns, "element count does not match the shape")
    self.rows = rows
    self.columns = columns
    self.elements = elements
  }

  /// A matrix from equal-length rows.
  public init(_ rowArrays: [[Scalar]]) {
    let columns = rowArrays.first?.count ?? 0
    precondition(rowArrays.allSatisfy { $0.count == columns }, "ragged rows")
    self.init(rows: rowArrays.count, columns: columns, elements: rowArrays.flatMap { $0 })
  }

  /// The element at `row`, `column`.
  @inlinable
  public subscript(row: Int, column: Int) -> Scalar {
    get { elements[row * columns + column] }
    set { elements[row * columns + column] = newValue }
  }

  /// The rows as arrays.
  public var rowArrays: [[Scalar]] {
    (0..<rows).map { r in Array(elements[(r * columns)..<((r + 1) * columns)]) }
  }

  /// The transpose, materialised (for tests and reports; the kernels never need it).
  public var transposed: Matrix {
    var result = Matrix(rows: columns, columns: rows)
    for r in 0..<rows {
      for c in 0..<columns { result[c, r] = self[r, c] }
    }
    return result
  }

  /// The same matrix converted to another scalar type, rounding to nearest.
  public func converted<Other: NetworkScalar>(to _: Other.Type = Other.self) -> Matrix<Other> {
    Matrix<Other>(rows: rows, columns: columns, elements: elements.map { Other($0) })
  }

  /// The element-wise image under `transform`.
  public func map(_ transform: (Scalar) -> Scalar) -> Matrix {
    Matrix(rows: rows, columns: columns, elements: elements.map(transform))
  }

  /// The sum of each row.
  public var rowSums: [Scalar] {
    (0..<rows).map { r in
      var sum: Scalar = 0
      for c in 0..<columns { sum += self[r, c] }
      return sum
    }
  }

  /// Whether both matrices have the same shape.
  public func hasSameShape(as other: Matrix) -> Bool {
    rows == other.rows && columns == other.columns
  }
}
