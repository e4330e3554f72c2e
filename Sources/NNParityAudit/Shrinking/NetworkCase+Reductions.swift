import NNParity
import NNParityCases

/// One of a case's sizes that shrinking reduces: each keeps at least one, the outputs two
/// (a case file's O is at least 2, so a shrunk case must be one to be read back).
package enum CaseDimension: String, Sendable, CaseIterable {
  case epochs, rows, outputs, inputs, hidden

  /// The fewest a shrunk case keeps.
  var minimum: Int { self == .outputs ? 2 : 1 }
}

extension NetworkCase {
  /// How many of `dimension` the case has (epochs: 0 without training).
  func count(of dimension: CaseDimension) -> Int {
    switch dimension {
    case .epochs: training?.configuration.epochs ?? 0
    case .rows: x.rows
    case .outputs: y.columns
    case .inputs: x.columns
    case .hidden: w1.columns
    }
  }

  /// The case without the `removed` indices of `dimension`: every matrix that has the
  /// dimension loses those rows or columns, so the shapes stay consistent. Explicit masks
  /// are needed for rows, hidden units and epochs (`withExplicitMasks`).
  func removing(_ removed: Set<Int>, of dimension: CaseDimension) -> NetworkCase {
    var c = self
    let kept = (0..<count(of: dimension)).filter { !removed.contains($0) }
    switch dimension {
    case .epochs:
      guard let training else { return c }
      var masks = training.masks
      if case .explicit(let list) = masks { masks = .explicit(kept.map { list[$0] }) }
      c.training = NetworkCase.Training(
        configuration: training.configuration.with(epochs: kept.count), masks: masks)
    case .rows:
      (c.x, c.y) = (x.keeping(rows: kept), y.keeping(rows: kept))
      c.mapMasks { $0.keeping(rows: kept) }
    case .outputs:
      (c.y, c.w2) = (y.keeping(columns: kept), w2.keeping(columns: kept))
    case .inputs:
      (c.x, c.w1) = (x.keeping(columns: kept), w1.keeping(rows: kept))
    case .hidden:
      (c.w1, c.w2) = (w1.keeping(columns: kept), w2.keeping(rows: kept))
      c.mapMasks { $0.keeping(columns: kept) }
    }
    return c
  }

  /// The same case with NumPy's seeded masks written out, so that removing rows, hidden
  /// units or epochs keeps the masks of the others.
  var withExplicitMasks: NetworkCase {
    guard let training, case .seed(let seed) = training.masks else { return self }
    var c = self
    let configuration = training.configuration
    let masks = DropoutMasks<Double>.numpy(seed: seed).matrices(
      epochs: configuration.epochs, rows: x.rows, hidden: w1.columns,
      dropout: configuration.dropout)
    c.training = NetworkCase.Training(configuration: configuration, masks: .explicit(masks))
    return c
  }

  /// Simpler dropout: every unit kept at the same rate, then no dropout at all; nil when
  /// there is nothing simpler.
  var simplerDropout: [NetworkCase] {
    guard let training, training.masks != .keepAll else { return [] }
    let configuration = training.configuration
    var candidates: [NetworkCase] = []
    if case .explicit(let masks) = training.masks,
      masks.contains(where: { $0.elements.contains(0) })
    {
      var c = self
      c.training = NetworkCase.Training(
        configuration: configuration,
        masks: .explicit(masks.map { Matrix(rows: $0.rows, columns: $0.columns, repeating: 1) }))
      candidates.append(c)
    }
    var c = self
    c.training = NetworkCase.Training(
      configuration: configuration.with(dropout: 0), masks: .keepAll)
    candidates.append(c)
    return candidates
  }

  /// Applies `transform` to each explicit mask.
  private mutating func mapMasks(_ transform: (Matrix<Double>) -> Matrix<Double>) {
    guard let training, case .explicit(let masks) = training.masks else { return }
    self.training = NetworkCase.Training(
      configuration: training.configuration, masks: .explicit(masks.map(transform)))
  }
}

extension TrainingConfiguration {
  /// The same configuration with another number of epochs.
  func with(epochs: Int) -> TrainingConfiguration {
    TrainingConfiguration(epochs: epochs, learningRate: learningRate, dropout: dropout)
  }

  /// The same configuration with another dropout rate.
  func with(dropout: Double) -> TrainingConfiguration {
    TrainingConfiguration(epochs: epochs, learningRate: learningRate, dropout: dropout)
  }
}

extension Matrix {
  /// The rows at `indices`, in their order.
  func keeping(rows indices: [Int]) -> Matrix {
    Matrix(
      rows: indices.count, columns: columns,
      elements: indices.flatMap { r in elements[(r * columns)..<((r + 1) * columns)] })
  }

  /// The columns at `indices`, in their order.
  func keeping(columns indices: [Int]) -> Matrix {
    Matrix(
      rows: rows, columns: indices.count,
      elements: (0..<rows).flatMap { r in indices.map { elements[r * columns + $0] } })
  }
}
