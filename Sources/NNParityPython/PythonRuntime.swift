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

  private init(
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

  /// Finds the interpreter and the reference, loads libpython, initialises it and imports
  /// the adapter. Runs once per process.
  private static func load() throws(PythonUnavailable) -> PythonRuntime {
    let referenceDirectory = try ReferenceDirectory.locate()
    let interpreter = try PythonInterpreter.discover()
    let api = try loadLibrary(interpreter)
    // Standard output is the caller's (an audit's report): what Python writes there while it
    // starts and imports (a sitecustomize, usercustomize or .pth file that prints, NumPy or
    // the reference printing as they load) goes to standard error instead.
    let diversion = StandardOutputDiversion()
    defer { diversion?.end() }
    let initializeHere = api.isInitialized() == 0
    if initializeHere {
      if let setProgramName = api.setProgramName,
        let name = api.decodeLocale(interpreter.executable, nil)
      {
        setProgramName(name)  // Python keeps the pointer: deliberately never freed.
      }
      api.initializeEx(0)
    }
    let state = initializeHere ? nil : api.gilEnsure()
    defer {
      flushStandardOutput(api)  // what Python holds for standard output, while it is diverted
      if let state { api.gilRelease(state) } else { _ = api.saveThread() }
    }
    try setModulePath([referenceDirectory] + interpreter.modulePath, api: api)
    guard let traceback = api.importModule("traceback"),
      let formatException = api.getAttrString(traceback, "format_exception")
    else {
      throw PythonUnavailable(
        .interpreterFailed,
        "Python's traceback module failed: \(api.fetchError(formatException: nil))")
    }
    api.decRef(traceback)
    func importModule(_ name: String, failure: String) throws(PythonUnavailable) -> PyObject {
      guard let module = api.importModule(name) else {
        throw PythonUnavailable(
          .importFailed, "\(failure): \(api.fetchError(formatException: formatException))")
      }
      return module
    }
    let numpy = try importModule("numpy", failure: "NumPy import failed")
    let numpyVersion = api.getAttrString(numpy, "__version__")
    defer { api.decRef(numpyVersion) }
    api.decRef(numpy)
    let bridge = try importModule("nnparity_bridge", failure: "reference import failed")
    defer { api.decRef(bridge) }
    if initializeHere {
      // This process's standard output is the report's: what the reference prints later,
      // while it computes, goes to standard error, as what it printed while loading did.
      flushStandardOutput(api)
      routePrintsToStandardError(api)
    }
    let environment = PythonEnvironment(
      pythonVersion: interpreter.version, numpyVersion: api.describe(numpyVersion) ?? "?",
      libraryPath: api.libraryPath, interpreterPath: interpreter.path,
      referenceDirectory: referenceDirectory)
    return try PythonRuntime(
      api: api, environment: environment, interpreter: interpreter,
      formatException: formatException, bridge: bridge)
  }

  /// The first library candidate that loads, resolves and has the interpreter's version.
  private static func loadLibrary(_ interpreter: PythonInterpreter) throws(PythonUnavailable)
    -> PythonAPI
  {
    var failures: [String] = []
    for candidate in interpreter.libraryCandidates {
      do {
        let api = try PythonAPI(libraryPath: candidate)
        let version = String(cString: api.getVersion())
        let wanted = interpreter.version.split(separator: ".").prefix(2).joined(separator: ".")
        guard version.hasPrefix(wanted + ".") else {
          failures.append(
            "\(candidate) is Python \(version.prefix(while: { $0 != " " })), "
              + "the interpreter is \(interpreter.version)")
          continue
        }
        return api
      } catch {
        failures.append(error.reason)
      }
    }
    throw PythonUnavailable(
      .libraryNotLoadable,
      "libpython not loadable for \(interpreter.path): "
        + (failures.isEmpty ? "the interpreter names no library" : failures.joined(separator: "; "))
    )
  }

  /// `body(sys.<name>)`, needing the GIL; a Python error on the way is cleared (there is
  /// nothing to tell: standard output then stays as it was).
  private static func withSysAttribute(
    _ name: String, _ api: PythonAPI, _ body: (PyObject) -> Void
  ) {
    defer { if api.errOccurred() != nil { api.clearError() } }
    guard let sys = api.importModule("sys") else { return }
    defer { api.decRef(sys) }
    guard let value = api.getAttrString(sys, name) else { return }
    defer { api.decRef(value) }
    body(value)
  }

  /// `sys.stdout.flush()`.
  private static func flushStandardOutput(_ api: PythonAPI) {
    withSysAttribute("stdout", api) { output in
      guard let flush = api.getAttrString(output, "flush") else { return }
      defer { api.decRef(flush) }
      guard let arguments = api.tupleNew(0) else { return }
      defer { api.decRef(arguments) }
      api.decRef(api.call(flush, arguments, nil))
    }
  }

  /// `sys.stdout = sys.stderr` (a failure leaves the prints on standard output, as before).
  private static func routePrintsToStandardError(_ api: PythonAPI) {
    withSysAttribute("stderr", api) { errors in _ = api.sysSetObject("stdout", errors) }
  }

  /// `sys.path = entries`.
  private static func setModulePath(_ entries: [String], api: PythonAPI) throws(PythonUnavailable) {
    guard let list = api.listNew(0) else {
      throw PythonUnavailable(
        .interpreterFailed, "cannot set sys.path: \(api.fetchError(formatException: nil))")
    }
    defer { api.decRef(list) }
    for entry in entries {
      guard let item = api.unicodeFromString(entry) else { continue }
      _ = api.listAppend(list, item)
      api.decRef(item)
    }
    guard api.sysSetObject("path", list) == 0 else {
      throw PythonUnavailable(
        .interpreterFailed, "cannot set sys.path: \(api.fetchError(formatException: nil))")
    }
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

/// File descriptor 1 pointed at standard error (file descriptor 2) until ``end()``, which
/// points it back: so that what a library writes to standard output meanwhile, from C or
/// from Python, does not reach this process's standard output.
///
/// Process-wide: whatever another thread writes to standard output meanwhile goes to
/// standard error too. Buffered C output is flushed on both sides of the diversion.
private struct StandardOutputDiversion {
  /// A duplicate of the original standard output.
  private let saved: Int32

  /// Diverts standard output; nil (nothing diverted) when its descriptor cannot be copied.
  init?() {
    fflush(nil)
    let saved = dup(STDOUT_FILENO)
    guard saved >= 0 else { return nil }
    guard dup2(STDERR_FILENO, STDOUT_FILENO) >= 0 else {
      close(saved)
      return nil
    }
    self.saved = saved
  }

  /// Points standard output back where it was.
  func end() {
    fflush(nil)
    _ = dup2(saved, STDOUT_FILENO)
    close(saved)
  }
}
