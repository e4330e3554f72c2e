/// A matrix of the network in plain Swift values: `rows × columns`, row-major.
///
/// The values are stored as given; a matrix whose element count is not `rows × columns` is
/// reported as a failure of the result that holds it, never a crash.
public struct ParityMatrix<Scalar: BinaryFloatingPoint & Sendable>: Sendable, Equatable {
  /// The number of rows.
  public var rows: Int
  /// The number of columns.
  public var columns: Int
  /// The elements, row by row.
  public var elements: [Scalar]

  /// A matrix of `rows × columns` elements, row by row.
  public init(rows: Int, columns: Int, elements: [Scalar]) {
    self.rows = rows
    self.columns = columns
    self.elements = elements
  }

  /// A matrix of `rows × columns` elements, each `value`.
  public init(rows: Int, columns: Int, repeating value: Scalar) {
    self.init(
      rows: rows, columns: columns, elements: Array(repeating: value, count: rows * columns))
  }

  /// A matrix from its rows (all of one length).
  public init(_ rows: [[Scalar]]) {
    self.init(rows: rows.count, columns: rows.first?.count ?? 0, elements: rows.flatMap { $0 })
  }

  /// The element at `row`, `column`.
  public subscript(row: Int, column: Int) -> Scalar {
    get { elements[row * columns + column] }
    set { elements[row * columns + column] = newValue }
  }

  /// The rows, as nested arrays.
  public var nested: [[Scalar]] {
    guard columns > 0 else { return Array(repeating: [], count: rows) }
    return stride(from: 0, to: elements.count, by: columns).map {
      Array(elements[$0..<min($0 + columns, elements.count)])
    }
  }
}
