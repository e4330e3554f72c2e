import NNParity
import NNParityConformance

/// The bundled NumPy reference (`reference/nnparity_reference.py`), called in-process
/// through embedded CPython.
///
/// Get it with `NumPyReference.shared` (nil when unavailable; `PythonAvailability.current`
/// says why) or `NumPyReference.require()`. Calls are synchronous and thread-safe: each takes
/// the GIL for its duration, so calls from many tasks run one at a time inside Python.
public struct NumPyReference: Sendable {
  let runtime: PythonRuntime

  /// The reference, or nil when Python, NumPy or the reference cannot be loaded.
  public static var shared: NumPyReference? {
    try? PythonRuntime.shared.get().reference
  }

  /// The reference, or an error with the reason it is unavailable.
  public static func require() throws -> NumPyReference {
    switch PythonRuntime.shared {
    case .success(let runtime): runtime.reference
    case .failure(let error): throw PythonUnavailableError(reason: error.reason)
    }
  }

  /// The Python, NumPy and library in use.
  public var environment: PythonEnvironment { runtime.environment }

  /// Runs a whole case through NumPy: the evaluation and, when the case trains, the training
  /// (explicit masks, or `mask_seed` passed through so NumPy draws the masks itself).
  ///
  /// Inputs are rounded to the case's dtype first, as `NetworkCase.evaluate()` does.
  public func evaluate(_ networkCase: NetworkCase) throws -> CaseResult {
    switch networkCase.dtype {
    case .float32: try evaluate(networkCase, as: Float.self)
    case .float64: try evaluate(networkCase, as: Double.self)
    }
  }

  private func evaluate<Scalar: NetworkScalar>(_ networkCase: NetworkCase, as _: Scalar.Type)
    throws -> CaseResult
  {
    let x = networkCase.x.converted(to: Scalar.self)
    let y = networkCase.y.converted(to: Scalar.self)
    let w1 = networkCase.w1.converted(to: Scalar.self)
    let w2 = networkCase.w2.converted(to: Scalar.self)
    let options = (networkCase.semantics, networkCase.loss)
    let evaluation = try evaluate(
      x: x, y: y, w1: w1, w2: w2, semantics: options.0, loss: options.1)
    var tensors: [TensorName: Tensor] = [
      .probs: Tensor(evaluation.probabilities),
      .loss: Tensor(scalar: evaluation.loss),
      .gradW1: Tensor(evaluation.gradientW1),
      .gradW2: Tensor(evaluation.gradientW2),
    ]
    if let training = networkCase.training {
      let trained = try train(
        x: x, y: y, w1: w1, w2: w2,
        masks: networkCase.dropoutMasks(training.masks, as: Scalar.self),
        configuration: training.configuration, semantics: options.0, loss: options.1)
      tensors[.trainedW1] = Tensor(trained.w1)
      tensors[.trainedW2] = Tensor(trained.w2)
      tensors[.losses] = Tensor(vector: trained.losses)
    }
    return CaseResult(name: networkCase.name, dtype: Scalar.dtype, tensors: tensors)
  }

  /// `nnparity_reference.evaluate`: probabilities, loss and both gradients at the given
  /// weights, computed by NumPy in `Scalar`'s dtype.
  ///
  /// Shapes are not checked here: the reference checks them and a mismatch throws its
  /// `CaseError` as a `PythonError`.
  public func evaluate<Scalar: NetworkScalar>(
    x: Matrix<Scalar>, y: Matrix<Scalar>, w1: Matrix<Scalar>, w2: Matrix<Scalar>,
    semantics: Semantics, loss: CrossEntropy
  ) throws -> ReferenceEvaluation<Scalar> {
    let matrices = [x, y, w1, w2]
    return try runtime.withMatrices(matrices) { (views) throws(PythonError) in
      let result = try runtime.call(
        runtime.evaluateFunction,
        runtime.options(Scalar.dtype, semantics, loss) + views)
      defer { runtime.api.decRef(result) }
      let probabilities = try runtime.matrix(result, 0, x.rows, w2.columns, Scalar.self, "probs")
      let lossValue = Scalar(try runtime.double(try runtime.item(result, 1)))
      return ReferenceEvaluation(
        probabilities: probabilities, loss: lossValue,
        gradientW1: try runtime.matrix(result, 2, w1.rows, w1.columns, Scalar.self, "grad_w1"),
        gradientW2: try runtime.matrix(result, 3, w2.rows, w2.columns, Scalar.self, "grad_w2"))
    }
  }

  /// `nnparity_reference.train`: SGD with dropout from the given weights, computed by NumPy
  /// in `Scalar`'s dtype. `.numpy(seed:)` masks are drawn by NumPy
  /// (`nnparity_reference.draw_masks`); `.keepAll` passes all-ones masks.
  public func train<Scalar: NetworkScalar>(
    x: Matrix<Scalar>, y: Matrix<Scalar>, w1: Matrix<Scalar>, w2: Matrix<Scalar>,
    masks: DropoutMasks<Scalar>, configuration: TrainingConfiguration, semantics: Semantics,
    loss: CrossEntropy
  ) throws -> ReferenceTraining<Scalar> {
    let epochs = configuration.epochs
    var maskList: [Matrix<Scalar>] = []
    var seed: UInt64 = 0
    switch masks {
    case .explicit(let list): maskList = list
    case .numpy(let maskSeed): seed = maskSeed
    case .keepAll:
      maskList = Array(repeating: Matrix(rows: x.rows, columns: w1.columns, repeating: 1), count: epochs)
    }
    let maskShape = [maskList.count, maskList.first?.rows ?? 0, maskList.first?.columns ?? 0]
    guard maskList.allSatisfy({ $0.rows == maskShape[1] && $0.columns == maskShape[2] }) else {
      throw PythonError(type: "ValueError", message: "the masks differ in shape", traceback: "")
    }
    // All masks as one (count·B) × H matrix, viewed by the adapter as count × B × H.
    let packedMasks = maskList.isEmpty ? [] : [
      Matrix(rows: maskShape[0] * maskShape[1], columns: maskShape[2], elements: maskList.flatMap(\.elements))
    ]
    return try runtime.withMatrices([x, y, w1, w2] + packedMasks) {
      (views) throws(PythonError) in
      let maskArgument = packedMasks.isEmpty ? PythonArgument.none : views[12]
      let arguments =
        runtime.options(Scalar.dtype, semantics, loss)
        + [
          .int(epochs), .double(configuration.learningRate), .double(configuration.dropout),
          maskArgument, .int(maskShape[0]), .int(maskShape[1]), .int(maskShape[2]), .uint64(seed),
        ] + views.prefix(12)
      let result = try runtime.call(runtime.trainFunction, arguments)
      defer { runtime.api.decRef(result) }
      return ReferenceTraining(
        w1: try runtime.matrix(result, 0, w1.rows, w1.columns, Scalar.self, "trained_w1"),
        w2: try runtime.matrix(result, 1, w2.rows, w2.columns, Scalar.self, "trained_w2"),
        losses: try runtime.elements(
          of: try runtime.item(result, 2), shape: [epochs], as: Scalar.self, name: "losses"))
    }
  }
}

/// What the reference computed at the given weights (the outputs of `Evaluation`).
public struct ReferenceEvaluation<Scalar: NetworkScalar>: Sendable, Equatable {
  /// Row-wise softmax probabilities, B × O.
  public var probabilities: Matrix<Scalar>
  /// The loss.
  public var loss: Scalar
  /// ∂L/∂w1 as the semantics defines it, I × H.
  public var gradientW1: Matrix<Scalar>
  /// ∂L/∂w2 as the semantics defines it, H × O.
  public var gradientW2: Matrix<Scalar>
}

/// What the reference's training produced.
public struct ReferenceTraining<Scalar: NetworkScalar>: Sendable, Equatable {
  /// The trained first weights, I × H.
  public var w1: Matrix<Scalar>
  /// The trained second weights, H × O.
  public var w2: Matrix<Scalar>
  /// The loss of each epoch, taken before its update.
  public var losses: [Scalar]
}

/// Thrown by `NumPyReference.require()` when the reference cannot be used.
public struct PythonUnavailableError: Error, Sendable, CustomStringConvertible {
  /// Why: the same text as `PythonAvailability.current.unavailableReason`.
  public var reason: String
  public var description: String { "NumPy reference unavailable: \(reason)" }
}

extension PythonRuntime {
  var reference: NumPyReference { NumPyReference(runtime: self) }

  /// The leading arguments of every adapter call: dtype, semantics, ε, reduction.
  func options(_ dtype: DType, _ semantics: Semantics, _ loss: CrossEntropy) -> [PythonArgument] {
    [.object(name(dtype)), .object(name(semantics)), .double(loss.epsilon), .object(name(loss.reduction))]
  }

  /// Copies `matrices` into one buffer and runs `body` holding the GIL with the adapter's
  /// view of each: `memoryview, rows, columns`, in order.
  func withMatrices<Scalar: NetworkScalar, Result>(
    _ matrices: [Matrix<Scalar>], _ body: ([PythonArgument]) throws(PythonError) -> Result
  ) throws(PythonError) -> Result {
    let counts = matrices.map(\.elements.count)
    let buffer = UnsafeMutableBufferPointer<Scalar>.allocate(capacity: max(counts.reduce(0, +), 1))
    defer { buffer.deallocate() }
    var offset = 0
    for matrix in matrices {
      _ = UnsafeMutableBufferPointer(rebasing: buffer[offset...]).initialize(from: matrix.elements)
      offset += matrix.elements.count
    }
    let state = api.gilEnsure()
    defer { api.gilRelease(state) }
    let views = try memoryViews(over: buffer, counts: counts)
    defer { views.forEach(api.decRef) }
    var arguments: [PythonArgument] = []
    arguments.reserveCapacity(3 * matrices.count)
    for (view, matrix) in zip(views, matrices) {
      arguments += [.object(view), .int(matrix.rows), .int(matrix.columns)]
    }
    return try body(arguments)
  }

  /// Item `index` of a result tuple as a `rows × columns` matrix. Needs the GIL.
  func matrix<Scalar: NetworkScalar>(
    _ tuple: PyObject, _ index: Int, _ rows: Int, _ columns: Int, _: Scalar.Type, _ name: String
  ) throws(PythonError) -> Matrix<Scalar> {
    let values = try elements(of: try item(tuple, index), shape: [rows, columns], as: Scalar.self, name: name)
    return Matrix(rows: rows, columns: columns, elements: values)
  }
}
