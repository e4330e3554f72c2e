import Foundation

/// The floating-point types the network runs in.
public protocol TinyFloat: BinaryFloatingPoint, Sendable {
  /// The natural exponential.
  static func exponential(_ x: Self) -> Self
  /// The natural logarithm.
  static func logarithm(_ x: Self) -> Self
}

extension Float: TinyFloat {
  /// `expf`.
  public static func exponential(_ x: Float) -> Float { exp(x) }
  /// `logf`.
  public static func logarithm(_ x: Float) -> Float { log(x) }
}

extension Double: TinyFloat {
  /// `exp`.
  public static func exponential(_ x: Double) -> Double { exp(x) }
  /// `log`.
  public static func logarithm(_ x: Double) -> Double { log(x) }
}

/// A dense row-major matrix, as plain as it gets.
public struct Grid<Scalar: TinyFloat>: Sendable, Equatable {
  /// Rows and columns.
  public var rows: Int
  public var columns: Int
  /// The elements, row by row.
  public var values: [Scalar]

  /// A matrix of `rows × columns` values, row by row.
  public init(rows: Int, columns: Int, values: [Scalar]) {
    (self.rows, self.columns, self.values) = (rows, columns, values)
  }

  /// A matrix of zeros.
  public init(rows: Int, columns: Int) {
    self.init(rows: rows, columns: columns, values: Array(repeating: 0, count: rows * columns))
  }

  /// The element at `r`, `c`.
  public subscript(_ r: Int, _ c: Int) -> Scalar {
    get { values[r * columns + c] }
    set { values[r * columns + c] = newValue }
  }

  /// `self · other`, summed in order.
  public func times(_ other: Grid) -> Grid {
    var out = Grid(rows: rows, columns: other.columns)
    for r in 0..<rows {
      for c in 0..<other.columns {
        var sum: Scalar = 0
        for k in 0..<columns { sum += self[r, k] * other[k, c] }
        out[r, c] = sum
      }
    }
    return out
  }

  /// The transpose.
  public var transposed: Grid {
    var out = Grid(rows: columns, columns: rows)
    for r in 0..<rows { for c in 0..<columns { out[c, r] = self[r, c] } }
    return out
  }

  /// Element by element with `other`.
  public func zip(_ other: Grid, _ body: (Scalar, Scalar) -> Scalar) -> Grid {
    Grid(rows: rows, columns: columns, values: Swift.zip(values, other.values).map(body))
  }

  /// Each element through `body`.
  public func map(_ body: (Scalar) -> Scalar) -> Grid {
    Grid(rows: rows, columns: columns, values: values.map(body))
  }
}
