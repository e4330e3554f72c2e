import NNParityCases

/// What shrinking made of a failing case: a smaller case that fails the same way, or why
/// there is none.
package indirect enum ShrinkOutcome: Sendable, Equatable {
  case shrunk(ShrunkCase)
  case notShrunk(reason: String)
}

/// A smaller case that still fails as the original did.
package struct ShrunkCase: Sendable, Equatable {
  /// The case, named after the original with `-shrunk`.
  package let networkCase: NetworkCase
  /// What it still fails: a tensor's name, or the subject's error.
  package let target: ShrinkTarget
  /// The original case's shape, as `shapeText` writes it.
  package let originalShape: String
  /// How many candidate cases the subject evaluated.
  package let evaluations: Int
  /// The shrunk case's own failure (its tensors and worst elements).
  package let failure: CaseFailure
  /// Commands that reproduce it, and the file `--save-failures` is to hold it in.
  package internal(set) var reproduce: [String]
  package internal(set) var savedFile: String?

  /// A shrunk case as a report records it.
  package init(
    networkCase: NetworkCase, target: ShrinkTarget, originalShape: String, evaluations: Int,
    failure: CaseFailure, reproduce: [String], savedFile: String?
  ) {
    self.networkCase = networkCase
    self.target = target
    self.originalShape = originalShape
    self.evaluations = evaluations
    self.failure = failure
    self.reproduce = reproduce
    self.savedFile = savedFile
  }
}

/// What a shrunk case must still fail.
package enum ShrinkTarget: Sendable, Hashable, CustomStringConvertible {
  /// This tensor is beyond its bound (or on one side only).
  case tensor(TensorName)
  /// The subject gives no result for it.
  case subjectError

  package var description: String {
    switch self {
    case .tensor(let name): name.rawValue
    case .subjectError: "no result from the subject"
    }
  }
}

extension NetworkCase {
  /// "B×I → H → O", and the epochs of a training case: "28×14 → 31 → 3, 2 epochs".
  package var shapeText: String {
    let (b, i, h, o) = shape
    let epochs = training.map { $0.configuration.epochs }
    return "\(b)×\(i) → \(h) → \(o)"
      + (epochs.map { ", \($0) epoch" + ($0 == 1 ? "" : "s") } ?? ", no training")
  }
}
