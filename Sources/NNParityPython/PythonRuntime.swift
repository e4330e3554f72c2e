import NNParity
import NNParityAudit
import NNParityCases

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The embedded interpreter: libpython loaded, initialised once, the reference imported, and
/// the objects every call needs cached (functions, dtype and option names).
///
/// Lifecycle: `Py_InitializeEx(0)` then `PyEval_SaveThread()` once, in `load()`; every later
/// use takes the GIL with `PyGILState_Ensure/Release` around synchronous work. The interpreter
/// is never finalised. The cached objects live as long as the process, so the class is
/// shared freely; the GIL serialises everything that touches them or `inputCache`.
final class PythonRuntime: @unchecked Sendable {
  let api: PythonAPI
  let environment: PythonEnvironment
  let interpreter: PythonInterpreter
  /// `traceback.format_exception`.
  let formatException: PyObject
  /// The adapter's functions (`nnparity_bridge.evaluate`, …).
  let evaluateFunction: PyObject
  let trainFunction: PyObject
  let timeEvaluateFunction: PyObject
  let timeTrainStepFunction: PyObject
  /// `nnparity_bridge.time_peer_step` and `peer_unavailable_reason`: the benchmark's peers.
  let timePeerStepFunction: PyObject
  let peerUnavailableReasonFunction: PyObject
  let newArrayFunction: PyObject
  /// `nnparity_bridge.error_scales_of_arrays`: each result element's error scale, from the
  /// case's input arrays and options.
  let errorScalesOfArraysFunction: PyObject
  /// The reusable input arrays of each dtype; only touched with the GIL held.
  var inputCache: [DType: InputArrays] = [:]
  /// `"float32"`, `"float64"`, the semantics and reduction names, as Python strings.
  private let dtypeNames: [PyObject]
  private let semanticsNames: [PyObject]
  private let reductionNames: [PyObject]

  /// The runtime, loaded on first use (thread-safe: a `static let`), or why it is not.
  static let shared: Result<PythonRuntime, PythonUnavailable> = Result {
    () throws(PythonUnavailable) in try PythonRuntime.load()
  }

  static var availability: PythonAvailability {
    switch shared {
    case .success(let runtime): .available(runtime.environment)
    case .failure(let error): .unavailable(error)
    }
  }

  init(
    api: PythonAPI, environment: PythonEnvironment, interpreter: PythonInterpreter,
    formatException: PyObject, bridge: PyObject
  ) throws(PythonUnavailable) {
    func attribute(_ name: String) throws(PythonUnavailable) -> PyObject {
      guard let object = api.getAttrString(bridge, name) else {
        throw PythonUnavailable(
          .importFailed,
          "reference import failed: \(api.fetchError(formatException: formatException))")
      }
      return object
    }
    func strings(_ names: [String]) throws(PythonUnavailable) -> [PyObject] {
      var objects: [PyObject] = []
      for name in names {
        guard let object = api.unicodeFromString(name) else {
          throw PythonUnavailable(.interpreterFailed, "cannot create a Python string")
        }
        objects.append(object)
      }
      return objects
    }
    self.api = api
    self.environment = environment
    self.interpreter = interpreter
    self.formatException = formatException
    evaluateFunction = try attribute("evaluate")
    trainFunction = try attribute("train")
    timeEvaluateFunction = try attribute("time_evaluate")
    timeTrainStepFunction = try attribute("time_train_step")
    timePeerStepFunction = try attribute("time_peer_step")
    peerUnavailableReasonFunction = try attribute("peer_unavailable_reason")
    newArrayFunction = try attribute("new_array")
    errorScalesOfArraysFunction = try attribute("error_scales_of_arrays")
    dtypeNames = try strings(DType.allCases.map(\.rawValue))
    semanticsNames = try strings(Semantics.allCases.map(\.rawValue))
    reductionNames = try strings(Reduction.allCases.map(\.rawValue))
  }

  // MARK: Calls (all need the GIL)

  /// Takes the GIL (`PyGILState_Ensure`); pair with `releaseGIL`, on the same thread, with
  /// no suspension in between.
  ///
  /// A thread's first call also creates a Python thread state for it and keeps it for the
  /// thread's life (one `PyGILState_Ensure` never released, then `PyEval_SaveThread`), so
  /// later calls do not create and destroy one each time.
  func acquireGIL() -> Int32 {
    if pthread_getspecific(Self.threadStateKey) == nil {
      _ = api.gilEnsure()
      _ = api.saveThread()
      pthread_setspecific(Self.threadStateKey, UnsafeRawPointer(bitPattern: 1))
    }
    return api.gilEnsure()
  }

  /// Releases the GIL taken by `acquireGIL`.
  func releaseGIL(_ state: Int32) { api.gilRelease(state) }

  /// Marks threads that have a lasting Python thread state.
  private static let threadStateKey: pthread_key_t = {
    var key = pthread_key_t()
    pthread_key_create(&key, nil)
    return key
  }()

  /// Runs `body` holding the GIL. `body` must not suspend.
  func withGIL<Result>(_ body: () throws -> Result) rethrows -> Result {
    let state = acquireGIL()
    defer { releaseGIL(state) }
    return try body()
  }

  /// The pending Python exception as a Swift error.
  func takeError() -> PythonError {
    api.fetchError(formatException: formatException)
  }

  func name(_ dtype: DType) -> PyObject { dtypeNames[DType.allCases.firstIndex(of: dtype) ?? 0] }
  func name(_ semantics: Semantics) -> PyObject {
    semanticsNames[Semantics.allCases.firstIndex(of: semantics) ?? 0]
  }
  func name(_ reduction: Reduction) -> PyObject {
    reductionNames[Reduction.allCases.firstIndex(of: reduction) ?? 0]
  }
}

extension PythonRuntime {
  /// `gc.collect(); sys.getallocatedblocks()`: the blocks Python's small-object allocator
  /// holds once garbage cycles (such as exception tracebacks) are collected, for leak checks;
  /// 0 when the library lacks the counter.
  func allocatedBlocks() -> Int {
    withGIL {
      if let gc = api.importModule("gc") {
        if let collect = api.getAttrString(gc, "collect") {
          if let result = try? call(collect, []) { api.decRef(result) }
          api.decRef(collect)
        }
        api.decRef(gc)
      }
      if api.errOccurred() != nil { api.clearError() }
      return api.allocatedBlocks?() ?? 0
    }
  }
}
