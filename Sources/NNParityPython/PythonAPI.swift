import NNParity
import NNParityAudit
import NNParityCases
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `PyObject *`: opaque to Swift.
typealias PyObject = OpaquePointer

/// The `Py_buffer` struct of CPython 3 (80 bytes on 64-bit platforms), field for field.
struct PyBuffer {
  var buf: UnsafeMutableRawPointer?
  var obj: PyObject?
  var len: Int = 0
  var itemsize: Int = 0
  var readonly: Int32 = 0
  var ndim: Int32 = 0
  var format: UnsafeMutablePointer<CChar>?
  var shape: UnsafeMutablePointer<Int>?
  var strides: UnsafeMutablePointer<Int>?
  var suboffsets: UnsafeMutablePointer<Int>?
  var `internal`: UnsafeMutableRawPointer?
}

/// Constants that are macros in CPython's headers.
enum PyConstants {
  static let bufferWritable: Int32 = 0x1
  /// `PyBUF_C_CONTIGUOUS | PyBUF_FORMAT`: shape, strides and format of a C-contiguous buffer.
  static let contiguousWithFormat: Int32 = 0x38 | 0x4
  /// The same, writable (`| PyBUF_WRITABLE`).
  static let writableContiguous: Int32 = contiguousWithFormat | bufferWritable
}

/// The functions of the CPython C API this package calls, resolved with `dlsym` from a
/// libpython loaded with `dlopen(RTLD_NOW | RTLD_GLOBAL)`.
///
/// Immutable after init, so sharing it between threads is safe; the GIL, not this table,
/// serialises the calls.
final class PythonAPI: @unchecked Sendable {
  typealias Object = PyObject
  typealias ObjectSlot = UnsafeMutablePointer<PyObject?>

  /// The library path as loaded.
  let libraryPath: String

  let isInitialized: @convention(c) () -> Int32
  let initializeEx: @convention(c) (Int32) -> Void
  let setProgramName: (@convention(c) (UnsafePointer<wchar_t>) -> Void)?
  let decodeLocale:
    @convention(c) (UnsafePointer<CChar>, UnsafeMutablePointer<Int>?) -> UnsafeMutablePointer<
      wchar_t
    >?
  let getVersion: @convention(c) () -> UnsafePointer<CChar>
  let saveThread: @convention(c) () -> OpaquePointer?
  let gilEnsure: @convention(c) () -> Int32
  let gilRelease: @convention(c) (Int32) -> Void

  let incRef: @convention(c) (Object?) -> Void
  let decRef: @convention(c) (Object?) -> Void
  let none: Object

  let importModule: @convention(c) (UnsafePointer<CChar>) -> Object?
  let getAttrString: @convention(c) (Object, UnsafePointer<CChar>) -> Object?
  let call: @convention(c) (Object, Object, Object?) -> Object?
  let str: @convention(c) (Object) -> Object?

  let tupleNew: @convention(c) (Int) -> Object?
  let tupleSetItem: @convention(c) (Object, Int, Object) -> Int32
  let tupleGetItem: @convention(c) (Object, Int) -> Object?
  let tupleSize: @convention(c) (Object) -> Int
  let listNew: @convention(c) (Int) -> Object?
  let listAppend: @convention(c) (Object, Object) -> Int32
  let sysSetObject: @convention(c) (UnsafePointer<CChar>, Object) -> Int32

  let longFromLong: @convention(c) (Int) -> Object?
  let longFromUInt64: @convention(c) (UInt64) -> Object?
  let floatFromDouble: @convention(c) (Double) -> Object?
  let floatAsDouble: @convention(c) (Object) -> Double
  let unicodeFromString: @convention(c) (UnsafePointer<CChar>) -> Object?
  let unicodeAsUTF8: @convention(c) (Object, UnsafeMutablePointer<Int>?) -> UnsafePointer<CChar>?
  let unicodeJoin: @convention(c) (Object, Object) -> Object?

  let getBuffer: @convention(c) (Object, UnsafeMutableRawPointer, Int32) -> Int32
  let releaseBuffer: @convention(c) (UnsafeMutableRawPointer) -> Void

  let errOccurred: @convention(c) () -> Object?
  let errFetch: @convention(c) (ObjectSlot, ObjectSlot, ObjectSlot) -> Void
  let errNormalize: @convention(c) (ObjectSlot, ObjectSlot, ObjectSlot) -> Void
  let exceptionSetTraceback: @convention(c) (Object, Object) -> Int32
  /// `sys.getallocatedblocks()`: live blocks of Python's small-object allocator (for leak
  /// checks); nil when the library lacks it.
  let allocatedBlocks: (@convention(c) () -> Int)?

  /// Loads the library and resolves every symbol; the error text says what failed.
  init(libraryPath: String) throws(PythonUnavailable) {
    guard MemoryLayout<PyBuffer>.size == 80 else {
      throw PythonUnavailable(.libraryNotLoadable, "Py_buffer layout differs on this platform")
    }
    guard let handle = dlopen(libraryPath, RTLD_NOW | RTLD_GLOBAL) else {
      throw PythonUnavailable(.libraryNotLoadable, Self.dlerrorText())
    }
    func symbol<T>(_ name: String) throws(PythonUnavailable) -> T {
      guard let pointer = dlsym(handle, name) else {
        throw PythonUnavailable(.libraryNotLoadable, "\(libraryPath): no symbol \(name)")
      }
      return unsafeBitCast(pointer, to: T.self)
    }
    self.libraryPath = libraryPath
    isInitialized = try symbol("Py_IsInitialized")
    initializeEx = try symbol("Py_InitializeEx")
    setProgramName = dlsym(handle, "Py_SetProgramName").map {
      unsafeBitCast($0, to: (@convention(c) (UnsafePointer<wchar_t>) -> Void).self)
    }
    decodeLocale = try symbol("Py_DecodeLocale")
    getVersion = try symbol("Py_GetVersion")
    saveThread = try symbol("PyEval_SaveThread")
    gilEnsure = try symbol("PyGILState_Ensure")
    gilRelease = try symbol("PyGILState_Release")
    incRef = try symbol("Py_IncRef")
    decRef = try symbol("Py_DecRef")
    guard let noneStruct = dlsym(handle, "_Py_NoneStruct") else {
      throw PythonUnavailable(.libraryNotLoadable, "\(libraryPath): no symbol _Py_NoneStruct")
    }
    none = OpaquePointer(noneStruct)
    importModule = try symbol("PyImport_ImportModule")
    getAttrString = try symbol("PyObject_GetAttrString")
    call = try symbol("PyObject_Call")
    str = try symbol("PyObject_Str")
    tupleNew = try symbol("PyTuple_New")
    tupleSetItem = try symbol("PyTuple_SetItem")
    tupleGetItem = try symbol("PyTuple_GetItem")
    tupleSize = try symbol("PyTuple_Size")
    listNew = try symbol("PyList_New")
    listAppend = try symbol("PyList_Append")
    sysSetObject = try symbol("PySys_SetObject")
    longFromLong = try symbol("PyLong_FromLong")
    longFromUInt64 = try symbol("PyLong_FromUnsignedLongLong")
    floatFromDouble = try symbol("PyFloat_FromDouble")
    floatAsDouble = try symbol("PyFloat_AsDouble")
    unicodeFromString = try symbol("PyUnicode_FromString")
    unicodeAsUTF8 = try symbol("PyUnicode_AsUTF8AndSize")
    unicodeJoin = try symbol("PyUnicode_Join")
    getBuffer = try symbol("PyObject_GetBuffer")
    releaseBuffer = try symbol("PyBuffer_Release")
    errOccurred = try symbol("PyErr_Occurred")
    errFetch = try symbol("PyErr_Fetch")
    errNormalize = try symbol("PyErr_NormalizeException")
    exceptionSetTraceback = try symbol("PyException_SetTraceback")
    allocatedBlocks = dlsym(handle, "_Py_GetAllocatedBlocks").map {
      unsafeBitCast($0, to: (@convention(c) () -> Int).self)
    }
  }

  private static func dlerrorText() -> String {
    dlerror().map { String(cString: $0) } ?? "dlopen failed"
  }

  /// `str(object)` as a Swift string; nil (with the Python error cleared) when that fails.
  /// Needs the GIL.
  func describe(_ object: Object?) -> String? {
    guard let object, let text = str(object) else {
      clearError()
      return nil
    }
    defer { decRef(text) }
    guard let utf8 = unicodeAsUTF8(text, nil) else {
      clearError()
      return nil
    }
    return String(cString: utf8)
  }

  /// Discards a pending Python exception.
  func clearError() {
    var (type, value, traceback): (Object?, Object?, Object?) = (nil, nil, nil)
    errFetch(&type, &value, &traceback)
    decRef(type)
    decRef(value)
    decRef(traceback)
  }
}
