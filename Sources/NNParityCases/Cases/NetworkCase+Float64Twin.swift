import NNParity

extension NetworkCase {
  /// The float64 twin of a float32 case: every input, ε and the learning rate rounded to
  /// Float first, so the run differs from the float32 one only in its arithmetic.
  package var float64Twin: NetworkCase {
    var wide = self
    let (x, y, w1, w2) = inputs(as: Float.self)
    (wide.x, wide.y) = (x.converted(to: Double.self), y.converted(to: Double.self))
    (wide.w1, wide.w2) = (w1.converted(to: Double.self), w2.converted(to: Double.self))
    wide.loss = CrossEntropy(
      epsilon: Double(Float(loss.epsilon)), reduction: loss.reduction)
    if var training = wide.training {
      training.configuration = TrainingConfiguration(
        epochs: training.configuration.epochs,
        learningRate: Double(Float(training.configuration.learningRate)),
        dropout: training.configuration.dropout)
      wide.training = training
    }
    wide.dtype = .float64
    return wide
  }
}

extension CaseResult {
  /// The values rounded to the result's dtype: a float32 value read from its shortest
  /// decimal form is the nearest Double, not the Float it stands for.
  package var roundedToDType: CaseResult {
    var copy = self
    if dtype == .float32 {
      for (name, tensor) in tensors {
        copy.tensors[name] = Tensor(
          shape: tensor.shape, values: tensor.values.map { Double(Float($0)) })
      }
    }
    return copy
  }
}

extension CaseResult {
  /// A float64 twin's result seen as float32: every value rounded to Float, what the float32
  /// arbiter compares both float32 sides with.
  package var roundedToFloat32: CaseResult {
    var copy = self
    copy.dtype = .float32
    return copy.roundedToDType
  }
}
