import NNParity

/// One case in the spec's format (`nnparity.case/1`): inputs, weights, and what to compute.
///
/// Numbers are kept as read (Double); a float32 case rounds them to Float when it runs.
package struct NetworkCase: Sendable, Equatable {
  /// The schema this type reads and writes.
  package static let schema = "nnparity.case/1"

  /// The case's name, echoed into its result.
  package var name: String?
  /// The element type every operation is done in.
  package var dtype: DType
  /// Which of the notebook's implementations to follow.
  package var semantics: Semantics
  /// The loss: ε and reduction.
  package var loss: CrossEntropy
  /// Inputs, B × I.
  package var x: Matrix<Double>
  /// Targets, B × O.
  package var y: Matrix<Double>
  /// First weights, I × H.
  package var w1: Matrix<Double>
  /// Second weights, H × O.
  package var w2: Matrix<Double>
  /// SGD training, when the case asks for it.
  package var training: Training?

  /// The `train` object of a case.
  package struct Training: Sendable, Equatable {
    /// Epochs, learning rate and dropout rate.
    package var configuration: TrainingConfiguration
    /// Where the keep-masks come from.
    package var masks: MaskSource

    package init(configuration: TrainingConfiguration, masks: MaskSource) {
      self.configuration = configuration
      self.masks = masks
    }
  }

  /// The keep-masks of a training case.
  package enum MaskSource: Sendable, Equatable {
    /// One B × H matrix of 0/1 per epoch, as written in the case.
    case explicit([Matrix<Double>])
    /// `numpy.random.default_rng(seed)`.
    case seed(UInt64)
    /// Neither given: only valid with dropout 0, where every mask is all ones.
    case keepAll
  }

  /// A case; the caller guarantees consistent shapes (the JSON reader checks them).
  package init(
    name: String? = nil, dtype: DType = .float64, semantics: Semantics = .reference,
    loss: CrossEntropy = CrossEntropy(), x: Matrix<Double>, y: Matrix<Double>,
    w1: Matrix<Double>, w2: Matrix<Double>, training: Training? = nil
  ) {
    self.name = name
    self.dtype = dtype
    self.semantics = semantics
    self.loss = loss
    self.x = x
    self.y = y
    self.w1 = w1
    self.w2 = w2
    self.training = training
  }

  /// B, I, H, O.
  package var shape: (batch: Int, inputs: Int, hidden: Int, outputs: Int) {
    (x.rows, x.columns, w1.columns, w2.columns)
  }

  /// "B×I-H-O", as benchmarks and reports name a size.
  package var shapeDescription: String {
    "\(shape.batch)x\(shape.inputs)-\(shape.hidden)-\(shape.outputs)"
  }
}
