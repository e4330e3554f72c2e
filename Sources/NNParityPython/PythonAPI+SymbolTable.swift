#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A libpython loaded with `dlopen(RTLD_NOW | RTLD_GLOBAL)`, whose symbols ``PythonAPI``
/// resolves; the errors name the library and the symbol.
struct SymbolTable {
  private let handle: UnsafeMutableRawPointer
  private let libraryPath: String

  /// Loads the library, once the platform is one whose `Py_buffer` layout this package
  /// copies.
  init(libraryPath: String) throws(PythonUnavailable) {
    guard MemoryLayout<PyBuffer>.size == 80 else {
      throw PythonUnavailable(.libraryNotLoadable, "Py_buffer layout differs on this platform")
    }
    guard let handle = dlopen(libraryPath, RTLD_NOW | RTLD_GLOBAL) else {
      throw PythonUnavailable(
        .libraryNotLoadable, dlerror().map { String(cString: $0) } ?? "dlopen failed")
    }
    self.handle = handle
    self.libraryPath = libraryPath
  }

  /// The function `name`, as the C function type `T`.
  func function<T>(_ name: String) throws(PythonUnavailable) -> T {
    unsafeBitCast(try address(name), to: T.self)
  }

  /// The function `name`, or nil when the library lacks it.
  func optionalFunction<T>(_ name: String) -> T? {
    dlsym(handle, name).map { unsafeBitCast($0, to: T.self) }
  }

  /// The object `name` (a static struct such as `_Py_NoneStruct`).
  func object(_ name: String) throws(PythonUnavailable) -> OpaquePointer {
    OpaquePointer(try address(name))
  }

  private func address(_ name: String) throws(PythonUnavailable) -> UnsafeMutableRawPointer {
    guard let pointer = dlsym(handle, name) else {
      throw PythonUnavailable(.libraryNotLoadable, "\(libraryPath): no symbol \(name)")
    }
    return pointer
  }
}
