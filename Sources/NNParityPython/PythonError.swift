import NNParity
import NNParityAudit
import NNParityCases

/// A Python exception raised inside the embedded interpreter, as a Swift error.
package struct PythonError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The exception's class name, such as `CaseError` or `ValueError`.
  package let type: String
  /// `str(exception)`.
  package let message: String
  /// The formatted traceback (`traceback.format_exception`), ending with the
  /// `Type: message` line; empty when Python gave none.
  package let traceback: String

  init(type: String, message: String, traceback: String) {
    self.type = type
    self.message = message
    self.traceback = traceback
  }

  /// `Type: message`.
  package var description: String { message.isEmpty ? type : "\(type): \(message)" }
}

extension PythonAPI {
  /// Takes the pending Python exception (clearing it) and describes it. Needs the GIL.
  ///
  /// `formatException` is `traceback.format_exception` when already imported; without it
  /// the traceback is left empty.
  func fetchError(formatException: Object?) -> PythonError {
    var (type, value, traceback): (Object?, Object?, Object?) = (nil, nil, nil)
    errFetch(&type, &value, &traceback)
    guard type != nil else {
      return PythonError(
        type: "SystemError", message: "a call failed without an exception", traceback: "")
    }
    errNormalize(&type, &value, &traceback)
    defer {
      decRef(type)
      decRef(value)
      decRef(traceback)
    }
    if let value, let traceback { _ = exceptionSetTraceback(value, traceback) }
    let typeName = type.flatMap { getAttrString($0, "__name__") }
    defer { decRef(typeName) }
    let name = describe(typeName) ?? "Exception"
    let message = describe(value) ?? ""
    return PythonError(
      type: name, message: message,
      traceback: formatted(type, value, traceback, formatException) ?? "\(name): \(message)")
  }

  /// `"".join(traceback.format_exception(type, value, traceback))`.
  private func formatted(
    _ type: Object?, _ value: Object?, _ traceback: Object?, _ formatException: Object?
  ) -> String? {
    guard let formatException, let type, let arguments = tupleNew(3) else { return nil }
    defer { decRef(arguments) }
    for (index, item) in [type, value ?? none, traceback ?? none].enumerated() {
      incRef(item)
      _ = tupleSetItem(arguments, index, item)
    }
    guard let lines = call(formatException, arguments, nil),
      let empty = unicodeFromString("")
    else {
      clearError()
      return nil
    }
    defer {
      decRef(lines)
      decRef(empty)
    }
    guard let joined = unicodeJoin(empty, lines) else {
      clearError()
      return nil
    }
    defer { decRef(joined) }
    return describe(joined)
  }
}
