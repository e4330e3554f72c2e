import NNParity
import NNParityCases

/// An answer of `live_worker.py` (the protocol is in that file): the reference's error for
/// the case, or the arrays it sent, each as the buffer protocol described it.
enum WorkerAnswer {
  case error(String)
  case arrays([ReceivedArray])

  /// Why an answer could not be taken: the stream ended, or it was not the answer due.
  enum Failure: Error {
    case ended
    case unreadable(String)
  }

  /// Reads the answer to case `number`: a JSON header line, then the arrays' bytes.
  static func read(from stream: SocketStream, number: Int) throws(Failure) -> WorkerAnswer {
    let line = try line(stream)
    let json: JSONValue
    do {
      json = try JSONReader.parse(line)
    } catch {
      throw .unreadable("the NumPy worker answered unreadable JSON: \(error)")
    }
    guard case .number(_, let answered?)? = json["case"], answered == number else {
      var answered = "no case number"
      if case .number(_, let other?)? = json["case"] { answered = "case \(other)" }
      throw .unreadable("the NumPy worker answered \(answered) where case \(number) was due")
    }
    if case .string(let message)? = json["error"] { return .error(message) }
    guard case .bool(true)? = json["ok"], case .array(let described)? = json["arrays"] else {
      throw .unreadable("the NumPy worker answered neither ok with its arrays nor an error")
    }
    var layouts: [ArrayLayoutDescription] = []
    var total = 0
    for item in described {
      let layout = try ArrayLayoutDescription(item)
      guard case let (sum, overflow) = total.addingReportingOverflow(layout.size), !overflow else {
        throw .unreadable("the NumPy worker described arrays too large to read")
      }
      total = sum
      layouts.append(layout)
    }
    var data: ArraySlice<UInt8>
    do { data = try stream.receiveBytes(total) } catch { throw .ended }
    return .arrays(
      layouts.map { layout in
        defer { data = data.dropFirst(layout.size) }
        return ReceivedArray(layout: layout, bytes: data.prefix(layout.size))
      })
  }

  private static func line(_ stream: SocketStream) throws(Failure) -> [UInt8] {
    do { return try stream.receiveLine() } catch { throw .ended }
  }
}

/// How the worker described one array: its buffer format, item size and shape.
struct ArrayLayoutDescription {
  var format: String
  var itemsize: Int
  var shape: [Int]
  /// Its bytes.
  var size: Int

  /// The description `[format, itemsize, [axes…]]`, checked for sizes that overflow.
  init(_ item: JSONValue) throws(WorkerAnswer.Failure) {
    let unreadable = WorkerAnswer.Failure.unreadable(
      "the NumPy worker described an array as \(item)")
    guard case .array(let parts) = item, parts.count == 3, case .string(let format) = parts[0],
      case .number(_, let itemsize?) = parts[1], itemsize <= 64, case .array(let axes) = parts[2]
    else { throw unreadable }
    var shape: [Int] = []
    var size = Int(itemsize)
    for axis in axes {
      guard case .number(_, let length?) = axis, length <= Int.max,
        case let (product, overflow) = size.multipliedReportingOverflow(by: Int(length)),
        !overflow
      else { throw unreadable }
      shape.append(Int(length))
      size = product
    }
    (self.format, self.itemsize, self.shape, self.size) = (format, Int(itemsize), shape, size)
  }
}

/// An array as the worker sent it.
struct ReceivedArray {
  var layout: ArrayLayoutDescription
  var bytes: ArraySlice<UInt8>

  /// The values, when the array is of `dtype` and `shape` (else a ``BridgeError`` naming
  /// it, as the embedded reference's).
  func values(_ dtype: DType, _ expected: [Int], name: String) throws -> [Double] {
    try ArrayLayout.check(
      format: layout.format, itemsize: layout.itemsize, shape: layout.shape,
      byteCount: bytes.count, dtype: dtype, expected: expected, name: name)
    switch dtype {
    case .float32: return decode(as: Float.self).map(Double.init)
    case .float64: return decode(as: Double.self)
    }
  }

  private func decode<Scalar>(as _: Scalar.Type) -> [Scalar] {
    let count = bytes.count / MemoryLayout<Scalar>.size
    return [Scalar](unsafeUninitializedCapacity: count) { destination, initialized in
      bytes.withUnsafeBytes { UnsafeMutableRawBufferPointer(destination).copyMemory(from: $0) }
      initialized = count
    }
  }
}

extension NetworkCase {
  /// The case's result from the arrays of its worker's answer: the tensors in the case's
  /// dtype (the loss as the float64 the bridge reads from it, rounded to the dtype), then
  /// their error scales in float64, checked in the embedded reference's order.
  func result(of arrays: [ReceivedArray]) throws -> CaseResult {
    let names = expectedTensorNames
    guard arrays.count == 2 * names.count else {
      throw WorkerError(
        message: "the NumPy worker answered \(arrays.count) arrays, expected \(2 * names.count)")
    }
    var tensors: [TensorName: Tensor] = [:]
    var scales: [TensorName: Tensor] = [:]
    for (index, name) in names.enumerated() {
      let shape = expectedShape(of: name)
      if name == .loss {
        let loss = try arrays[index].values(.float64, [], name: "loss")[0]
        tensors[name] = Tensor(shape: [], values: [dtype == .float32 ? Double(Float(loss)) : loss])
      } else {
        tensors[name] = Tensor(
          shape: shape, values: try arrays[index].values(dtype, shape, name: name.rawValue))
      }
    }
    for (index, name) in names.enumerated() {
      let shape = expectedShape(of: name)
      scales[name] = Tensor(
        shape: shape,
        values: try arrays[names.count + index].values(
          .float64, shape, name: "error_scale." + name.rawValue))
    }
    return CaseResult(name: name, dtype: dtype, tensors: tensors, errorScales: scales)
  }
}
