import NNParity
import NNParityAudit
import NNParityCases

/// A ``NetworkImplementation`` as the audit's subject: each case handed over in plain
/// Swift values, each result read back.
struct ImplementationSubject<Implementation: NetworkImplementation>: AuditSubject {
  let implementation: Implementation

  var name: String { implementation.name }

  func evaluate(_ cases: [NetworkCase]) -> [Result<CaseResult, SubjectError>] {
    cases.map { c in
      do {
        switch c.dtype {
        case .float32:
          return .success(try implementation.evaluate(ParityCase<Float>(c)).caseResult(for: c))
        case .float64:
          return .success(try implementation.evaluate(ParityCase<Double>(c)).caseResult(for: c))
        }
      } catch {
        return .failure(SubjectError("\(c.name ?? "a case"): \(name) threw \(error)"))
      }
    }
  }
}

extension ParityMatrix where Scalar: NetworkScalar {
  /// The network's matrix in plain values.
  init(_ matrix: Matrix<Scalar>) {
    self.init(rows: matrix.rows, columns: matrix.columns, elements: matrix.elements)
  }

  /// The values as a result tensor; a count that does not fit the shape is given the shape
  /// it has, so that the comparison reports it rather than anything crashing.
  var tensor: Tensor {
    let shape = elements.count == rows * columns ? [rows, columns] : [elements.count]
    return Tensor(shape: shape, values: elements.map(Double.init))
  }
}

extension ParityCase where Scalar: NetworkScalar {
  /// The audit's case with its inputs, ε, the learning rate and the masks rounded to `Scalar`.
  init(_ c: NetworkCase) {
    let (x, y, w1, w2) = c.inputs(as: Scalar.self)
    name = c.name ?? "unnamed"
    semantics = c.semantics == .reference ? .reference : .notebook
    (self.x, self.y, self.w1, self.w2) = (.init(x), .init(y), .init(w1), .init(w2))
    lossEpsilon = Scalar(c.loss.epsilon)
    reduction = c.loss.reduction == .sum ? .sum : .mean
    training = c.training.map { training in
      let configuration = training.configuration
      let masks = c.dropoutMasks(training.masks, as: Scalar.self).matrices(
        epochs: configuration.epochs, rows: x.rows, hidden: w1.columns,
        dropout: configuration.dropout)
      return ParityTraining(
        epochs: configuration.epochs, learningRate: Scalar(configuration.learningRate),
        dropout: Scalar(configuration.dropout), keepMasks: masks.map(ParityMatrix.init))
    }
  }
}

extension ParityResult where Scalar: NetworkScalar {
  /// The result as the audit reads a subject's: the case's tensors, in its dtype.
  func caseResult(for c: NetworkCase) -> CaseResult {
    var tensors: [TensorName: Tensor] = [
      .probs: probabilities.tensor, .loss: Tensor(scalar: loss),
      .gradW1: gradientW1.tensor, .gradW2: gradientW2.tensor,
    ]
    if c.training != nil, let training {
      tensors[.trainedW1] = training.w1.tensor
      tensors[.trainedW2] = training.w2.tensor
      tensors[.losses] = Tensor(vector: training.losses)
    }
    return CaseResult(name: c.name, dtype: c.dtype, tensors: tensors)
  }
}
