import NNParity
import NNParityAudit
import NNParityCases

/// One positional argument of a call into Python.
enum PythonArgument {
  case int(Int)
  case uint64(UInt64)
  case double(Double)
  case string(String)
  /// A borrowed object (the call takes its own reference).
  case object(PyObject)
  case none
}

extension PythonRuntime {
  /// `function(*arguments)`; returns a new reference. Needs the GIL.
  func call(_ function: PyObject, _ arguments: [PythonArgument]) throws(PythonError) -> PyObject {
    guard let tuple = api.tupleNew(arguments.count) else { throw takeError() }
    defer { api.decRef(tuple) }
    for (index, argument) in arguments.enumerated() {
      let item: PyObject?
      switch argument {
      case .int(let value): item = api.longFromLong(value)
      case .uint64(let value): item = api.longFromUInt64(value)
      case .double(let value): item = api.floatFromDouble(value)
      case .string(let value): item = api.unicodeFromString(value)
      case .object(let object):
        api.incRef(object)
        item = object
      case .none:
        api.incRef(api.none)
        item = api.none
      }
      guard let item else { throw takeError() }
      _ = api.tupleSetItem(tuple, index, item)  // steals `item`
    }
    guard let result = api.call(function, tuple, nil) else { throw takeError() }
    return result
  }

  /// A new zeroed C-contiguous ndarray of `shape` in `dtype` (`nnparity_bridge.new_array`)
  /// and the address of its data, which stays valid while the array lives. Needs the GIL.
  /// Throws a `PythonError`, or a `BridgeError` for an array without data.
  func newArray(_ dtype: DType, shape: [Int]) throws
    -> (array: PyObject, data: UnsafeMutableRawPointer)
  {
    let array = try call(newArrayFunction, [.object(name(dtype))] + shape.map { .int($0) })
    var view = PyBuffer()
    guard api.getBuffer(array, &view, PyConstants.writableContiguous) == 0 else {
      api.decRef(array)
      throw takeError()
    }
    defer { api.releaseBuffer(&view) }
    guard let data = view.buf else {
      api.decRef(array)
      throw BridgeError("an array without data")
    }
    return (array, data)
  }

  /// A new ndarray holding `matrices` one after another, shaped `count × rows × columns`
  /// (the masks of a training run). Needs the GIL.
  func newArray<Scalar: NetworkScalar>(stacking matrices: [Matrix<Scalar>]) throws
    -> PyObject
  {
    let (rows, columns) = (matrices.first?.rows ?? 0, matrices.first?.columns ?? 0)
    guard matrices.allSatisfy({ $0.rows == rows && $0.columns == columns }) else {
      throw BridgeError("the masks differ in shape")
    }
    let (array, data) = try newArray(Scalar.dtype, shape: [matrices.count, rows, columns])
    var offset = 0
    for matrix in matrices {
      matrix.elements.withUnsafeBytes { bytes in
        if let base = bytes.baseAddress {
          (data + offset).copyMemory(from: base, byteCount: bytes.count)
        }
        offset += bytes.count
      }
    }
    return array
  }

  /// The elements of a C-contiguous float32/float64 buffer with `shape` (`[]` for a scalar),
  /// read with the buffer protocol; the format must be native (little-endian) `f` or `d`.
  /// Needs the GIL. Throws a `PythonError`, or a `BridgeError` for another format or shape.
  func elements<Scalar: NetworkScalar>(of object: PyObject, shape: [Int], name: String)
    throws -> [Scalar]
  {
    var view = PyBuffer()
    guard api.getBuffer(object, &view, PyConstants.contiguousWithFormat) == 0 else {
      throw takeError()
    }
    defer { api.releaseBuffer(&view) }
    try ArrayLayout.check(
      format: view.format.map { String(cString: $0) } ?? "B", itemsize: view.itemsize,
      shape: (0..<Int(view.ndim)).map { view.shape?[$0] ?? -1 }, byteCount: view.len,
      dtype: Scalar.dtype, expected: shape, name: name)
    guard let base = view.buf else { throw BridgeError("\(name): an array without data") }
    let count = shape.reduce(1, *)
    return [Scalar](unsafeUninitializedCapacity: count) { destination, initialized in
      if let target = destination.baseAddress {
        target.update(from: base.assumingMemoryBound(to: Scalar.self), count: count)
      }
      initialized = count
    }
  }

  /// Item `index` of a result tuple (borrowed). Needs the GIL.
  func item(_ tuple: PyObject, _ index: Int) throws(PythonError) -> PyObject {
    guard let item = api.tupleGetItem(tuple, index) else { throw takeError() }
    return item
  }

  /// A Python number as Double (exact for float32 and float64 scalars). Needs the GIL.
  func double(_ object: PyObject) throws(PythonError) -> Double {
    let value = api.floatAsDouble(object)
    if value == -1, api.errOccurred() != nil { throw takeError() }
    return value
  }
}

/// What an array the reference answered must be: a C-contiguous buffer of the dtype asked
/// for (native, little-endian, `f` or `d`) with the shape asked for. The embedded bridge's
/// arrays (read with the buffer protocol) and the worker processes' (described from their
/// `memoryview`) are checked alike.
enum ArrayLayout {
  /// Throws a ``BridgeError`` naming the array unless its buffer's `format`, `itemsize`,
  /// `shape` and `byteCount` are those of `dtype` and `expected`.
  static func check(
    format: String, itemsize: Int, shape: [Int], byteCount: Int, dtype: DType, expected: [Int],
    name: String
  ) throws(BridgeError) {
    let code = dtype == .float32 ? "f" : "d"
    let size = dtype == .float32 ? 4 : 8
    guard ["", "@", "=", "<"].contains(where: { $0 + code == format }), itemsize == size,
      shape == expected, byteCount == expected.reduce(1, *) * size
    else {
      throw BridgeError(
        "\(name): expected \(dtype) \(expected), got format \(format) "
          + "itemsize \(itemsize) shape \(shape)")
    }
  }
}
