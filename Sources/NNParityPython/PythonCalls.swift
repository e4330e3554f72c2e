import NNParity

/// One positional argument of a call into Python.
enum PythonArgument {
  case int(Int)
  case uint64(UInt64)
  case double(Double)
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

  /// Read-only memoryviews over consecutive `counts` elements of `buffer`, as new references.
  /// Needs the GIL; Python must not keep them beyond the call that uses them.
  func memoryViews<Scalar>(over buffer: UnsafeMutableBufferPointer<Scalar>, counts: [Int])
    throws(PythonError) -> [PyObject]
  {
    guard let base = UnsafeMutableRawPointer(buffer.baseAddress) else {
      throw PythonError(type: "BridgeError", message: "an empty input buffer", traceback: "")
    }
    var views: [PyObject] = []
    var offset = 0
    for count in counts {
      let start = base.advanced(by: offset * MemoryLayout<Scalar>.stride)
      guard
        let view = api.memoryViewFromMemory(
          start.assumingMemoryBound(to: CChar.self), count * MemoryLayout<Scalar>.stride,
          PyConstants.bufferRead)
      else {
        views.forEach(api.decRef)
        throw takeError()
      }
      views.append(view)
      offset += count
    }
    return views
  }

  /// The elements of a C-contiguous float32/float64 buffer with `shape` (`[]` for a scalar),
  /// read with the buffer protocol. Needs the GIL.
  func elements<Scalar: NetworkScalar>(
    of object: PyObject, shape: [Int], as _: Scalar.Type, name: String
  ) throws(PythonError) -> [Scalar] {
    var view = PyBuffer()
    guard api.getBuffer(object, &view, PyConstants.contiguousWithFormat) == 0 else {
      throw takeError()
    }
    defer { api.releaseBuffer(&view) }
    let format = view.format.map { String(cString: $0) } ?? "B"
    let actualShape = (0..<Int(view.ndim)).map { view.shape?[$0] ?? -1 }
    guard format.last == (Scalar.dtype == .float32 ? "f" : "d"),
      view.itemsize == MemoryLayout<Scalar>.size, actualShape == shape,
      view.len == shape.reduce(1, *) * MemoryLayout<Scalar>.size, let base = view.buf
    else {
      throw PythonError(
        type: "BridgeError",
        message: "\(name): expected \(Scalar.dtype) \(shape), got format \(format) "
          + "itemsize \(view.itemsize) shape \(actualShape)", traceback: "")
    }
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
