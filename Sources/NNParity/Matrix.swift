/// A dense, row-major matrix of `Float` or `Double`.
///
/// Element `(r, c)` is `elements[r * columns + c]`, and `elements.count == rows * columns`
/// always: every initialiser checks it and the storage can be changed only element by
/// element, so code that hands `elements` to the kernels as a raw buffer of `rows × columns`
/// values cannot read past it. Shapes are checked with preconditions: a mismatch is a
/// programmer error inside the library, never a consequence of input (case files are
/// validated before a matrix is built).
public struct Matrix<Scalar: NetworkScalar>: Sendable, Equatable {
  /// The number of rows.
  public let rows: Int
  /// The number of columns.
  public let columns: Int
  /// The elements in row-major order; `count == rows * columns`. Read-only as a whole: change
  /// elements with `subscript(row:column:)` or `subscript(element:)`.
  public private(set) var elements: [Scalar]

  /// A matrix with every element equal to `value`.
  public init(rows: Int, columns: Int, repeating value: Scalar = 0) {
    let count = Self.elementCount(rows: rows, columns: columns)
    self.rows = rows
    self.columns = columns
    self.elements = Array(repeating: value, count: count)
  }

  /// A matrix over existing row-major elements; `elements.count` must be `rows * columns`.
  public init(rows: Int, columns: Int, elements: [Scalar]) {
    let count = Self.elementCount(rows: rows, columns: columns)
    precondition(
      elements.count == count,
      "a \(rows)×\(columns) matrix needs \(count) elements, got \(elements.count)")
    self.rows = rows
    self.columns = columns
    self.elements = elements
  }

  /// A matrix from equal-length rows.
  public init(_ rowArrays: [[Scalar]]) {
    let columns = rowArrays.first?.count ?? 0
    if let ragged = rowArrays.firstIndex(where: { $0.count != columns }) {
      preconditionFailure(
        "ragged rows: row \(ragged) has \(rowArrays[ragged].count) elements, row 0 has \(columns)")
    }
    self.init(rows: rowArrays.count, columns: columns, elements: rowArrays.flatMap { $0 })
  }

  /// `rows * columns`, checked: both non-negative and the product representable.
  private static func elementCount(rows: Int, columns: Int) -> Int {
    precondition(rows >= 0 && columns >= 0, "negative matrix dimension: \(rows)×\(columns)")
    let (count, overflow) = rows.multipliedReportingOverflow(by: columns)
    precondition(!overflow, "a \(rows)×\(columns) matrix has more elements than Int holds")
    return count
  }

  /// The element at `row`, `column`; both must be inside the matrix.
  public subscript(row: Int, column: Int) -> Scalar {
    get {
      precondition(contains(row: row, column: column), "(\(row), \(column)) outside \(shape)")
      return elements[row &* columns &+ column]
    }
    set {
      precondition(contains(row: row, column: column), "(\(row), \(column)) outside \(shape)")
      elements[row &* columns &+ column] = newValue
    }
  }

  /// The element at row-major position `index` (`row * columns + column`).
  public subscript(element index: Int) -> Scalar {
    get { elements[index] }
    set { elements[index] = newValue }
  }

  /// Whether `(row, column)` is inside the matrix.
  private func contains(row: Int, column: Int) -> Bool {
    row >= 0 && row < rows && column >= 0 && column < columns
  }

  /// `"a R×C matrix"`, for messages.
  private var shape: String { "a \(rows)×\(columns) matrix" }

  /// Calls `body` with the elements as a mutable buffer of exactly `rows * columns` values;
  /// the buffer cannot be replaced, so the count cannot change.
  mutating func withUnsafeMutableElements<Result>(
    _ body: (UnsafeMutableBufferPointer<Scalar>) throws -> Result
  ) rethrows -> Result {
    try elements.withUnsafeMutableBufferPointer { buffer in try body(buffer) }
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
  @_specialize(where Scalar == Float, Other == Double)
  @_specialize(where Scalar == Double, Other == Float)
  @_specialize(where Scalar == Double, Other == Double)
  @_specialize(where Scalar == Float, Other == Float)
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
