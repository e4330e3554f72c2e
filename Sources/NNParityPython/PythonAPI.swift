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
    let library = try SymbolTable(libraryPath: libraryPath)
    self.libraryPath = libraryPath
    isInitialized = try library.function("Py_IsInitialized")
    initializeEx = try library.function("Py_InitializeEx")
    setProgramName = library.optionalFunction("Py_SetProgramName")
    decodeLocale = try library.function("Py_DecodeLocale")
    getVersion = try library.function("Py_GetVersion")
    saveThread = try library.function("PyEval_SaveThread")
    gilEnsure = try library.function("PyGILState_Ensure")
    gilRelease = try library.function("PyGILState_Release")
    incRef = try library.function("Py_IncRef")
    decRef = try library.function("Py_DecRef")
    none = try library.object("_Py_NoneStruct")
    importModule = try library.function("PyImport_ImportModule")
    getAttrString = try library.function("PyObject_GetAttrString")
    call = try library.function("PyObject_Call")
    str = try library.function("PyObject_Str")
    tupleNew = try library.function("PyTuple_New")
    tupleSetItem = try library.function("PyTuple_SetItem")
    tupleGetItem = try library.function("PyTuple_GetItem")
    tupleSize = try library.function("PyTuple_Size")
    listNew = try library.function("PyList_New")
    listAppend = try library.function("PyList_Append")
    sysSetObject = try library.function("PySys_SetObject")
    longFromLong = try library.function("PyLong_FromLong")
    longFromUInt64 = try library.function("PyLong_FromUnsignedLongLong")
    floatFromDouble = try library.function("PyFloat_FromDouble")
    floatAsDouble = try library.function("PyFloat_AsDouble")
    unicodeFromString = try library.function("PyUnicode_FromString")
    unicodeAsUTF8 = try library.function("PyUnicode_AsUTF8AndSize")
    unicodeJoin = try library.function("PyUnicode_Join")
    getBuffer = try library.function("PyObject_GetBuffer")
    releaseBuffer = try library.function("PyBuffer_Release")
    errOccurred = try library.function("PyErr_Occurred")
    errFetch = try library.function("PyErr_Fetch")
    errNormalize = try library.function("PyErr_NormalizeException")
    exceptionSetTraceback = try library.function("PyException_SetTraceback")
    allocatedBlocks = library.optionalFunction("_Py_GetAllocatedBlocks")
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
