/// An implementation of the notebook's network to hold to NumPy's numbers with
/// ``expectParity(_:options:sourceLocation:)``.
///
/// It gets each case in the dtype the case names, with its inputs rounded to it, and
/// computes in that dtype. A case it cannot evaluate throws: the error is that case's
/// failure.
public protocol NetworkImplementation: Sendable {
  /// How failures name it; "your implementation" unless you say otherwise.
  var name: String { get }
  /// A float32 case, computed in `Float`.
  func evaluate(_ networkCase: ParityCase<Float>) throws -> ParityResult<Float>
  /// A float64 case, computed in `Double`.
  func evaluate(_ networkCase: ParityCase<Double>) throws -> ParityResult<Double>
}

extension NetworkImplementation {
  /// "your implementation".
  public var name: String { "your implementation" }
}
