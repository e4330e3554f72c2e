import Foundation
import NNParity
import NNParityCases
import NNParityJudging

/// The bias check of one tensor and dtype: the subject's mean signed error against the
/// goldens' exact values, in units of each element's u·C, with its standard error. A
/// per-element bound must accept any correct rounding, so it cannot see a small error that
/// always leans one way (a fast `exp`, a low-precision accumulator); their mean can.
/// NumPy's own mean (the goldens' expected values) is kept beside it for comparison.
package struct BiasSummary: Sendable, Equatable {
  package let tensor: TensorName
  package let dtype: DType
  /// Each golden's sums, by position in the run: the figures are their sum in that order.
  package private(set) var parts: [BiasPart] = []

  package init(tensor: TensorName, dtype: DType, parts: [BiasPart] = []) {
    self.tensor = tensor
    self.dtype = dtype
    self.parts = parts.sorted { $0.position < $1.position }
  }

  /// Adds one golden's elements (goldens come in the run's order).
  package mutating func add(_ part: BiasPart) {
    parts.append(part)
    if let last = parts.dropLast().last, last.position > part.position {
      parts.sort { $0.position < $1.position }
    }
  }

  /// The subject's mean signed error over every element.
  package var subject: SignedErrorMean { parts.reduce(SignedErrorMean()) { $0 + $1.subject } }
  /// NumPy's, from the goldens' expected values.
  package var numpy: SignedErrorMean { parts.reduce(SignedErrorMean()) { $0 + $1.numpy } }

  package var threshold: BiasThreshold { Tolerances.bias(dtype) }

  /// Whether the subject shows no bias.
  package var passed: Bool { !threshold.flags(subject) }

  /// Whether there were elements enough (two) for a standard error, and so a verdict: a
  /// tensor that was not judged passes, and the reports say it was not judged.
  package var judged: Bool { subject.standardError != nil }

  /// The smallest |mean| (u·C) this tensor's evidence can flag; nil with too few elements.
  package var detectable: Double? { threshold.detectable(with: subject) }

  /// The failure, in a line: the mean, its standard error and the threshold.
  package var failureLine: String {
    "bias: \(dtype.rawValue) \(tensor.rawValue): the subject's mean signed error "
      + "\(Self.signed(subject.mean)) u·C over \(subject.count) elements (standard error "
      + "\(subject.standardError.map { String(format: "%.3f", $0) } ?? "–"), z "
      + "\(Self.signed(subject.z, digits: 1))) is a bias: beyond |mean| ≥ "
      + "\(threshold.minimumMean.shortDescription) and |z| ≥ "
      + "\(threshold.minimumZ.shortDescription); NumPy's own is \(Self.signed(numpy.mean)) "
      + "(z \(Self.signed(numpy.z, digits: 1)))"
  }

  /// `+0.087`, `−0.010`; "–" for none.
  package static func signed(_ value: Double?, digits: Int = 3) -> String {
    guard let value else { return "–" }
    guard value.isFinite else { return value > 0 ? "+∞" : "−∞" }
    let text = String(format: "%+.\(digits)f", value)
    return text.hasPrefix("-") ? "−" + text.dropFirst() : text
  }
}

/// One golden's contribution to a ``BiasSummary``.
package struct BiasPart: Sendable, Equatable {
  /// The golden's position in the order one whole run judges the cases.
  package let position: Int
  package let subject: SignedErrorMean
  package let numpy: SignedErrorMean

  package init(position: Int, subject: SignedErrorMean, numpy: SignedErrorMean) {
    (self.position, self.subject, self.numpy) = (position, subject, numpy)
  }
}
