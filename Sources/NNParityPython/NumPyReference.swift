import NNParity
import NNParityConformance

/// The bundled NumPy reference (`reference/nnparity_reference.py`), called in-process
/// through embedded CPython.
///
/// Get it with `NumPyReference.shared` (nil when unavailable; `PythonAvailability.current`
/// says why) or `NumPyReference.require()`. Calls are synchronous and thread-safe: each takes
/// the GIL for its duration, so calls from many tasks take turns inside Python.
public struct NumPyReference: Sendable {
  let runtime: PythonRuntime

  /// The reference, or nil when Python, NumPy or the reference cannot be loaded.
  public static var shared: NumPyReference? {
    try? PythonRuntime.shared.get().reference
  }

  /// The reference, or why it cannot be used.
  public static func require() throws(PythonUnavailable) -> NumPyReference {
    try PythonRuntime.shared.get().reference
  }

  /// The Python, NumPy and library in use.
  public var environment: PythonEnvironment { runtime.environment }

  /// Runs a whole case through NumPy: the evaluation and, when the case trains, the training
  /// (explicit masks, or `mask_seed` passed through so NumPy draws the masks itself).
  ///
  /// Inputs are rounded to the case's dtype first, as `NetworkCase.evaluate()` does.
  /// Throws a `PythonError` when Python raises, a `BridgeError` when its answer is not of
  /// the dtype and shape asked for.
  public func evaluate(_ networkCase: NetworkCase) throws -> CaseResult {
    switch networkCase.dtype {
    case .float32: try evaluate(networkCase, as: Float.self)
    case .float64: try evaluate(networkCase, as: Double.self)
    }
  }

  private func evaluate<Scalar: NetworkScalar>(_ networkCase: NetworkCase, as _: Scalar.Type)
    throws -> CaseResult
  {
    let (x, y, w1, w2) = networkCase.inputs(as: Scalar.self)
    let (semantics, loss) = (networkCase.semantics, networkCase.loss)
    let evaluation = try evaluate(x: x, y: y, w1: w1, w2: w2, semantics: semantics, loss: loss)
    var trained: (w1: Matrix<Scalar>, w2: Matrix<Scalar>, losses: [Scalar])?
    if let training = networkCase.training {
      let result = try train(
        x: x, y: y, w1: w1, w2: w2,
        masks: networkCase.dropoutMasks(training.masks, as: Scalar.self),
        configuration: training.configuration, semantics: semantics, loss: loss)
      trained = (result.w1, result.w2, result.losses)
    }
    return CaseResult(name: networkCase.name, evaluation: evaluation, trained: trained)
  }

  /// `nnparity_reference.evaluate`: probabilities, loss and both gradients at the given
  /// weights, computed by NumPy in `Scalar`'s dtype.
  ///
  /// Shapes are not checked here: the reference checks them, and a mismatch throws its
  /// `CaseError` as a `PythonError`.
  @_specialize(exported:true,where Scalar == Float)
  @_specialize(exported:true,where Scalar == Double)
  public func evaluate<Scalar: NetworkScalar>(
    x: Matrix<Scalar>, y: Matrix<Scalar>, w1: Matrix<Scalar>, w2: Matrix<Scalar>,
    semantics: Semantics, loss: CrossEntropy
  ) throws -> Evaluation<Scalar> {
    try timedEvaluation(x: x, y: y, w1: w1, w2: w2, semantics: semantics, loss: loss).evaluation
  }

  /// `evaluate(x:y:w1:w2:semantics:loss:)`, and the seconds the reference call itself took,
  /// timed inside Python.
  func timedEvaluation<Scalar: NetworkScalar>(
    x: Matrix<Scalar>, y: Matrix<Scalar>, w1: Matrix<Scalar>, w2: Matrix<Scalar>,
    semantics: Semantics, loss: CrossEntropy
  ) throws -> (evaluation: Evaluation<Scalar>, seconds: Double) {
    let runtime = runtime
    return try runtime.withInputs(x, y, w1, w2) { inputs in
      let result = try runtime.call(
        runtime.evaluateFunction, inputs.map { .object($0) } + runtime.options(semantics, loss))
      defer { runtime.api.decRef(result) }
      let evaluation = Evaluation(
        probabilities: try runtime.matrix(result, 0, x.rows, w2.columns, "probs"),
        loss: Scalar(try runtime.double(try runtime.item(result, 1))),
        gradientW1: try runtime.matrix(result, 2, w1.rows, w1.columns, "grad_w1"),
        gradientW2: try runtime.matrix(result, 3, w2.rows, w2.columns, "grad_w2"))
      return (evaluation, try runtime.double(try runtime.item(result, 4)))
    }
  }

  /// `nnparity_reference.train`: SGD with dropout from the given weights, computed by NumPy
  /// in `Scalar`'s dtype. `.numpy(seed:)` masks are drawn by NumPy
  /// (`nnparity_reference.draw_masks`); `.keepAll` passes all-ones masks.
  @_specialize(exported:true,where Scalar == Float)
  @_specialize(exported:true,where Scalar == Double)
  public func train<Scalar: NetworkScalar>(
    x: Matrix<Scalar>, y: Matrix<Scalar>, w1: Matrix<Scalar>, w2: Matrix<Scalar>,
    masks: DropoutMasks<Scalar>, configuration: TrainingConfiguration, semantics: Semantics,
    loss: CrossEntropy
  ) throws -> ReferenceTraining<Scalar> {
    let runtime = runtime
    let epochs = configuration.epochs
    return try runtime.withInputs(x, y, w1, w2) { inputs in
      var seed: UInt64 = 0
      var maskArray: PyObject?
      switch masks {
      case .explicit(let list): maskArray = try runtime.newArray(stacking: list)
      case .numpy(let maskSeed): seed = maskSeed
      case .keepAll:
        let ones = Matrix<Scalar>(rows: x.rows, columns: w1.columns, repeating: 1)
        maskArray = try runtime.newArray(stacking: Array(repeating: ones, count: epochs))
      }
      defer { runtime.api.decRef(maskArray) }
      let result = try runtime.call(
        runtime.trainFunction,
        inputs.map { .object($0) } + runtime.options(semantics, loss) + [
          .int(epochs), .double(configuration.learningRate), .double(configuration.dropout),
          maskArray.map { .object($0) } ?? .none, .uint64(seed),
        ])
      defer { runtime.api.decRef(result) }
      return ReferenceTraining(
        w1: try runtime.matrix(result, 0, w1.rows, w1.columns, "trained_w1"),
        w2: try runtime.matrix(result, 1, w2.rows, w2.columns, "trained_w2"),
        losses: try runtime.elements(
          of: try runtime.item(result, 2), shape: [epochs], name: "losses"))
    }
  }
}

/// What the reference's training produced.
public struct ReferenceTraining<Scalar: NetworkScalar>: Sendable, Equatable {
  /// The trained first weights, I × H.
  public let w1: Matrix<Scalar>
  /// The trained second weights, H × O.
  public let w2: Matrix<Scalar>
  /// The loss of each epoch, taken before its update.
  public let losses: [Scalar]
}

extension PythonRuntime {
  var reference: NumPyReference { NumPyReference(runtime: self) }

  /// The adapter's option arguments: semantics, ε, reduction.
  func options(_ semantics: Semantics, _ loss: CrossEntropy) -> [PythonArgument] {
    [.object(name(semantics)), .double(loss.epsilon), .object(name(loss.reduction))]
  }

  /// Item `index` of a result tuple as a `rows × columns` matrix. Needs the GIL.
  func matrix<Scalar: NetworkScalar>(
    _ tuple: PyObject, _ index: Int, _ rows: Int, _ columns: Int, _ name: String
  ) throws -> Matrix<Scalar> {
    let values: [Scalar] = try elements(
      of: try item(tuple, index), shape: [rows, columns], name: name)
    return Matrix(rows: rows, columns: columns, elements: values)
  }
}

extension NumPyReference: LiveReference {}
