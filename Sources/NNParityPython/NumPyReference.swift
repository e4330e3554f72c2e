import NNParity
import NNParityAudit
import NNParityCases

/// The bundled NumPy reference (`reference/nnparity_reference.py`), called in-process
/// through embedded CPython.
///
/// Get it with `NumPyReference.shared` (nil when unavailable; `PythonAvailability.current`
/// says why) or `NumPyReference.require()`. Calls are synchronous and thread-safe: each takes
/// the GIL for its duration, so calls from many tasks take turns inside Python.
package struct NumPyReference: Sendable {
  let runtime: PythonRuntime

  /// The reference, or nil when Python, NumPy or the reference cannot be loaded.
  package static var shared: NumPyReference? {
    try? PythonRuntime.shared.get().reference
  }

  /// The reference, or why it cannot be used.
  package static func require() throws(PythonUnavailable) -> NumPyReference {
    try PythonRuntime.shared.get().reference
  }

  /// The Python, NumPy and library in use.
  package var environment: PythonEnvironment { runtime.environment }

  /// Runs a whole case through NumPy: the evaluation and, when the case trains, the training
  /// (explicit masks, or `mask_seed` passed through so NumPy draws the masks itself).
  ///
  /// Inputs are rounded to the case's dtype first, as `NetworkCase.evaluate()` does.
  /// Throws a `PythonError` when Python raises, a `BridgeError` when its answer is not of
  /// the dtype and shape asked for.
  package func evaluate(_ networkCase: NetworkCase) throws -> CaseResult {
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
    let masks = networkCase.training.map { networkCase.dropoutMasks($0.masks, as: Scalar.self) }
    if let training = networkCase.training, let masks {
      let result = try train(
        x: x, y: y, w1: w1, w2: w2, masks: masks, configuration: training.configuration,
        semantics: semantics, loss: loss)
      trained = (result.w1, result.w2, result.losses)
    }
    var result = CaseResult(name: networkCase.name, evaluation: evaluation, trained: trained)
    result.errorScales = try errorScales(networkCase, x: x, y: y, w1: w1, w2: w2, masks: masks)
    return result
  }

  /// Each result element's error scale `C`, from the reference's error analysis of the
  /// case (`reference/conditioning.py`): what the parity bounds scale with.
  package func errorScales(_ networkCase: NetworkCase) throws -> [TensorName: Tensor] {
    switch networkCase.dtype {
    case .float32: try errorScales(networkCase, as: Float.self)
    case .float64: try errorScales(networkCase, as: Double.self)
    }
  }

  private func errorScales<Scalar: NetworkScalar>(_ networkCase: NetworkCase, as _: Scalar.Type)
    throws -> [TensorName: Tensor]
  {
    let (x, y, w1, w2) = networkCase.inputs(as: Scalar.self)
    let masks = networkCase.training.map { networkCase.dropoutMasks($0.masks, as: Scalar.self) }
    return try errorScales(networkCase, x: x, y: y, w1: w1, w2: w2, masks: masks)
  }

  /// The error scales of a case whose inputs (rounded to its dtype) and masks are at hand:
  /// passed as arrays (`nnparity_bridge.error_scales_of_arrays`), the same numbers as the
  /// case file would give, without writing and parsing its JSON.
  private func errorScales<Scalar: NetworkScalar>(
    _ networkCase: NetworkCase, x: Matrix<Scalar>, y: Matrix<Scalar>, w1: Matrix<Scalar>,
    w2: Matrix<Scalar>, masks: DropoutMasks<Scalar>?
  ) throws -> [TensorName: Tensor] {
    let runtime = runtime
    let training = networkCase.training?.configuration
    return try runtime.withInputs(x, y, w1, w2) { inputs in
      let (maskArray, seed) = try runtime.maskArgument(
        masks ?? .keepAll, epochs: training?.epochs ?? 0, rows: x.rows, hidden: w1.columns)
      defer { runtime.api.decRef(maskArray) }
      let trainingArguments: [PythonArgument] =
        training.map { [.int($0.epochs), .double($0.learningRate), .double($0.dropout)] }
        ?? [.none, .double(0), .double(0)]
      let result = try runtime.call(
        runtime.errorScalesOfArraysFunction,
        inputs.map { .object($0) } + runtime.options(networkCase.semantics, networkCase.loss)
          + trainingArguments + [maskArray.map { .object($0) } ?? .none, .uint64(seed)])
      defer { runtime.api.decRef(result) }
      var scales: [TensorName: Tensor] = [:]
      for (index, name) in networkCase.expectedTensorNames.enumerated() {
        let shape = networkCase.expectedShape(of: name)
        let values: [Double] = try runtime.elements(
          of: try runtime.item(result, index), shape: shape, name: "error_scale." + name.rawValue)
        scales[name] = Tensor(shape: shape, values: values)
      }
      return scales
    }
  }

  /// `nnparity_reference.evaluate`: probabilities, loss and both gradients at the given
  /// weights, computed by NumPy in `Scalar`'s dtype.
  ///
  /// Shapes are not checked here: the reference checks them, and a mismatch throws its
  /// `CaseError` as a `PythonError`.
  @_specialize(exported:true,where Scalar == Float)
  @_specialize(exported:true,where Scalar == Double)
  package func evaluate<Scalar: NetworkScalar>(
    x: Matrix<Scalar>, y: Matrix<Scalar>, w1: Matrix<Scalar>, w2: Matrix<Scalar>,
    semantics: Semantics, loss: CrossEntropy
  ) throws -> Evaluation<Scalar> {
    try timedEvaluation(x: x, y: y, w1: w1, w2: w2, semantics: semantics, loss: loss).evaluation
  }

  /// `evaluate(x:y:w1:w2:semantics:loss:)`, and the seconds the reference call itself took,
  /// timed inside Python.
  package func timedEvaluation<Scalar: NetworkScalar>(
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
  package func train<Scalar: NetworkScalar>(
    x: Matrix<Scalar>, y: Matrix<Scalar>, w1: Matrix<Scalar>, w2: Matrix<Scalar>,
    masks: DropoutMasks<Scalar>, configuration: TrainingConfiguration, semantics: Semantics,
    loss: CrossEntropy
  ) throws -> ReferenceTraining<Scalar> {
    let runtime = runtime
    let epochs = configuration.epochs
    return try runtime.withInputs(x, y, w1, w2) { inputs in
      let (maskArray, seed) = try runtime.maskArgument(
        masks, epochs: epochs, rows: x.rows, hidden: w1.columns)
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
package struct ReferenceTraining<Scalar: NetworkScalar>: Sendable, Equatable {
  /// The trained first weights, I × H.
  package let w1: Matrix<Scalar>
  /// The trained second weights, H × O.
  package let w2: Matrix<Scalar>
  /// The loss of each epoch, taken before its update.
  package let losses: [Scalar]
}

extension PythonRuntime {
  var reference: NumPyReference { NumPyReference(runtime: self) }

  /// The masks as the adapter takes them: an epochs × B × H array (nil for `.numpy`) and
  /// the seed NumPy draws them from (0 unless `.numpy`). Needs the GIL; the caller releases
  /// the array.
  func maskArgument<Scalar: NetworkScalar>(
    _ masks: DropoutMasks<Scalar>, epochs: Int, rows: Int, hidden: Int
  ) throws -> (array: PyObject?, seed: UInt64) {
    let (matrices, seed) = masks.adapterArgument(epochs: epochs, rows: rows, hidden: hidden)
    return (try matrices.map { try newArray(stacking: $0) }, seed)
  }
}

extension DropoutMasks {
  /// The masks as the adapter (`nnparity_bridge`) takes them: one B × H matrix per epoch
  /// (nil for `.numpy`, which NumPy draws itself) and the seed to draw them from (0 unless
  /// `.numpy`).
  func adapterArgument(epochs: Int, rows: Int, hidden: Int) -> (
    matrices: [Matrix<Scalar>]?, seed: UInt64
  ) {
    switch self {
    case .explicit(let list): (list, 0)
    case .numpy(let seed): (nil, seed)
    case .keepAll:
      (
        Array(repeating: Matrix<Scalar>(rows: rows, columns: hidden, repeating: 1), count: epochs),
        0
      )
    }
  }
}

extension PythonRuntime {
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
