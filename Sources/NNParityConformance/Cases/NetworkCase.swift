import NNParity

/// One case in the spec's format (`nnparity.case/1`): inputs, weights, and what to compute.
///
/// Numbers are kept as read (Double); a float32 case rounds them to Float when it runs.
public struct NetworkCase: Sendable, Equatable {
  /// The schema this type reads and writes.
  public static let schema = "nnparity.case/1"

  /// The case's name, echoed into its result.
  public var name: String?
  /// The element type every operation is done in.
  public var dtype: DType
  /// Which of the notebook's implementations to follow.
  public var semantics: Semantics
  /// The loss: ε and reduction.
  public var loss: CrossEntropy
  /// Inputs, B × I.
  public var x: Matrix<Double>
  /// Targets, B × O.
  public var y: Matrix<Double>
  /// First weights, I × H.
  public var w1: Matrix<Double>
  /// Second weights, H × O.
  public var w2: Matrix<Double>
  /// SGD training, when the case asks for it.
  public var training: Training?

  /// The `train` object of a case.
  public struct Training: Sendable, Equatable {
    /// Epochs, learning rate and dropout rate.
    public var configuration: TrainingConfiguration
    /// Where the keep-masks come from.
    public var masks: MaskSource

    public init(configuration: TrainingConfiguration, masks: MaskSource) {
      self.configuration = configuration
      self.masks = masks
    }
  }

  /// The keep-masks of a training case.
  public enum MaskSource: Sendable, Equatable {
    /// One B × H matrix of 0/1 per epoch, as written in the case.
    case explicit([Matrix<Double>])
    /// `numpy.random.default_rng(seed)`.
    case seed(UInt64)
    /// Neither given: only valid with dropout 0, where every mask is all ones.
    case keepAll
  }

  /// A case; the caller guarantees consistent shapes (the JSON reader checks them).
  public init(
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
  public var shape: (batch: Int, inputs: Int, hidden: Int, outputs: Int) {
    (x.rows, x.columns, w1.columns, w2.columns)
  }

  /// "B×I-H-O", as benchmarks and reports name a size.
  public var shapeDescription: String {
    "\(shape.batch)x\(shape.inputs)-\(shape.hidden)-\(shape.outputs)"
  }
}
