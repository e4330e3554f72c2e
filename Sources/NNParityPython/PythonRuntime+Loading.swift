import Foundation
import NNParity

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Loading the embedded interpreter: the library, the interpreter's start, the imports.
extension PythonRuntime {
  /// Finds the interpreter and the reference, loads libpython, initialises it and imports
  /// the adapter. Runs once per process.
  static func load() throws(PythonUnavailable) -> PythonRuntime {
    let referenceDirectory = try ReferenceDirectory.locate()
    let interpreter = try PythonInterpreter.discover()
    let api = try loadLibrary(interpreter)
    // Standard output is the caller's (an audit's report): what Python writes there while it
    // starts and imports (a sitecustomize, usercustomize or .pth file that prints, NumPy or
    // the reference printing as they load) goes to standard error instead.
    let diversion = StandardOutputDiversion()
    defer { diversion?.end() }
    // The reference's folder may be this package's resource folder, where a `__pycache__`
    // would be a file the package manager does not expect: no bytecode is written, here or
    // in the workers (which inherit the environment).
    setenv("PYTHONDONTWRITEBYTECODE", "1", 1)
    let initializeHere = api.isInitialized() == 0
    if initializeHere { initialize(api, interpreter) }
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
    let (numpyVersion, bridge) = try importReference(api, formatException: formatException)
    defer { api.decRef(bridge) }
    if initializeHere {
      // This process's standard output is the report's: what the reference prints later,
      // while it computes, goes to standard error, as what it printed while loading did.
      flushStandardOutput(api)
      routePrintsToStandardError(api)
    }
    let environment = PythonEnvironment(
      pythonVersion: interpreter.version, numpyVersion: numpyVersion,
      libraryPath: api.libraryPath, interpreterPath: interpreter.path,
      referenceDirectory: referenceDirectory)
    return try PythonRuntime(
      api: api, environment: environment, interpreter: interpreter,
      formatException: formatException, bridge: bridge)
  }

  /// Initialises the interpreter, named as the one found.
  private static func initialize(_ api: PythonAPI, _ interpreter: PythonInterpreter) {
    if let setProgramName = api.setProgramName,
      let name = api.decodeLocale(interpreter.executable, nil)
    {
      setProgramName(name)  // Python keeps the pointer: deliberately never freed.
    }
    api.initializeEx(0)
  }

  /// Imports NumPy (for its version) and the reference's adapter, `nnparity_bridge` (a new
  /// reference the caller releases).
  private static func importReference(_ api: PythonAPI, formatException: PyObject)
    throws(PythonUnavailable) -> (numpyVersion: String, bridge: PyObject)
  {
    func importModule(_ name: String, failure: String) throws(PythonUnavailable) -> PyObject {
      guard let module = api.importModule(name) else {
        throw PythonUnavailable(
          .importFailed, "\(failure): \(api.fetchError(formatException: formatException))")
      }
      return module
    }
    let numpy = try importModule("numpy", failure: "NumPy import failed")
    let version = api.getAttrString(numpy, "__version__")
    defer { api.decRef(version) }
    api.decRef(numpy)
    let bridge = try importModule("nnparity_bridge", failure: "reference import failed")
    return (api.describe(version) ?? "?", bridge)
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
