/// Why a case (or golden) cannot be evaluated: the field at fault and what is wrong.
public struct CaseError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The file, when the case came from one.
  public var file: String?
  /// The field path, such as `train.masks[3][1][0]`; nil for whole-file problems.
  public var field: String?
  /// What is wrong, in a few words.
  public var message: String

  public init(file: String? = nil, field: String?, message: String) {
    self.file = file
    self.field = field
    self.message = message
  }

  /// One line: `FILE: FIELD: MESSAGE`.
  public var description: String {
    [file, field, message].compactMap { $0 }.joined(separator: ": ")
  }

  /// The same error, attributed to `file`.
  public func inFile(_ file: String) -> CaseError {
    var copy = self
    copy.file = file
    return copy
  }
}
