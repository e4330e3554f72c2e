import NNParity
import NNParityCases

/// The four input arrays of a call (x, y, w1, w2): ndarrays owned by Python that Swift fills
/// in place, so a call creates no arrays when the shapes repeat.
///
/// Every member is used only with the GIL held. The runtime caches one set per dtype; `busy`
/// marks the cached set while a call uses it, because NumPy may release the GIL inside a
/// call and let another thread in, which then uses a fresh set of its own.
final class InputArrays {
  /// rows and columns of x, y, w1, w2.
  let shape: [Int]
  /// The arrays (owned references).
  let arrays: [PyObject]
  private let data: [UnsafeMutableRawPointer]
  var busy = false
  /// Used for one call only (the cached set was busy), then released.
  var isTemporary = false

  /// Four new zeroed arrays of the given shape. Needs the GIL.
  init(_ runtime: PythonRuntime, dtype: DType, shape: [Int]) throws {
    var arrays: [PyObject] = []
    var data: [UnsafeMutableRawPointer] = []
    for index in 0..<4 {
      do {
        let (array, pointer) = try runtime.newArray(
          dtype, shape: [shape[2 * index], shape[2 * index + 1]])
        arrays.append(array)
        data.append(pointer)
      } catch {
        arrays.forEach(runtime.api.decRef)
        throw error
      }
    }
    self.shape = shape
    self.arrays = arrays
    self.data = data
  }

  /// Copies the matrices in (their shapes must be `shape`). Needs the GIL.
  func fill<Scalar: NetworkScalar>(_ matrices: [Matrix<Scalar>]) {
    for (matrix, destination) in zip(matrices, data) {
      matrix.elements.withUnsafeBytes { bytes in
        if let base = bytes.baseAddress {
          destination.copyMemory(from: base, byteCount: bytes.count)
        }
      }
    }
  }

  /// Drops the arrays. Needs the GIL; the object must not be used afterwards.
  func release(_ api: PythonAPI) { arrays.forEach(api.decRef) }
}

extension PythonRuntime {
  /// Runs `body` holding the GIL, with Python arrays holding x, y, w1 and w2 (in that order).
  func withInputs<Scalar: NetworkScalar, Result>(
    _ x: Matrix<Scalar>, _ y: Matrix<Scalar>, _ w1: Matrix<Scalar>, _ w2: Matrix<Scalar>,
    _ body: ([PyObject]) throws -> Result
  ) throws -> Result {
    let shape = [x.rows, x.columns, y.rows, y.columns, w1.rows, w1.columns, w2.rows, w2.columns]
    let state = acquireGIL()
    defer { releaseGIL(state) }
    let inputs: InputArrays
    if let cached = inputCache[Scalar.dtype], !cached.busy, cached.shape == shape {
      inputs = cached
    } else {
      // Creating arrays runs Python, which may let another thread in: look at the cache
      // again afterwards, not before.
      inputs = try InputArrays(self, dtype: Scalar.dtype, shape: shape)
      if let cached = inputCache[Scalar.dtype], cached.busy {
        inputs.isTemporary = true
      } else {
        inputCache[Scalar.dtype]?.release(api)
        inputCache[Scalar.dtype] = inputs
      }
    }
    inputs.fill([x, y, w1, w2])
    inputs.busy = true
    defer {
      inputs.busy = false
      if inputs.isTemporary { inputs.release(api) }
    }
    return try body(inputs.arrays)
  }
}
