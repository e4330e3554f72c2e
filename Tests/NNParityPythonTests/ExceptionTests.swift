import NNParity
import NNParityAudit
import NNParityCases
import NNParityJudging
import NNParityPython
import NNParityTestSupport
import Testing

/// Inputs the reference's own checks reject with its `CaseError`, reached through the bridge.
enum BadInput: String, CaseIterable, Sendable {
  case mismatchedShapes = "w1 does not fit x"
  case notFinite = "a NaN input"
  case tooFewMasks = "fewer masks than epochs"

  /// The field the reference's message starts with.
  var field: String {
    switch self {
    case .mismatchedShapes: "w1"
    case .notFinite: "x[1][2]"
    case .tooFewMasks: "train.masks"
    }
  }

  func call(_ reference: NumPyReference) throws {
    let c = notebookCase
    switch self {
    case .mismatchedShapes:
      _ = try reference.evaluate(
        x: c.x, y: c.y, w1: Matrix<Double>(rows: 5, columns: 4), w2: c.w2,
        semantics: .reference, loss: CrossEntropy())
    case .notFinite:
      var x = c.x.converted(to: Float.self)
      x[1, 2] = .nan
      _ = try reference.evaluate(
        x: x, y: c.y.converted(), w1: c.w1.converted(), w2: c.w2.converted(),
        semantics: .notebook, loss: CrossEntropy())
    case .tooFewMasks:
      _ = try reference.train(
        x: c.x, y: c.y, w1: c.w1, w2: c.w2,
        masks: .explicit([Matrix(rows: 2, columns: 4, repeating: 1)]),
        configuration: TrainingConfiguration(epochs: 3, learningRate: 0.1, dropout: 0.5),
        semantics: .reference, loss: CrossEntropy())
    }
  }
}

@Suite("Python exceptions become Swift errors", .requiresNumPy)
struct ExceptionTests {
  @Test("type, message and traceback", arguments: BadInput.allCases)
  func caseErrors(input: BadInput) throws {
    let reference = try Live.reference
    do {
      try input.call(reference)
      Issue.record("\(input.rawValue): no error")
    } catch let error as PythonError {
      #expect(error.type == "CaseError")
      #expect(error.message.hasPrefix(input.field + ":"), "\(error.message)")
      #expect(error.traceback.hasPrefix("Traceback (most recent call last):"), "\(error.traceback)")
      #expect(error.traceback.contains("nnparity_bridge.py"), "\(error.traceback)")
      #expect(error.traceback.contains("nnparity_reference.py"), "\(error.traceback)")
      #expect(error.traceback.hasSuffix("CaseError: \(error.message)\n"), "\(error.traceback)")
    }
    // The exception was cleared: the next call works.
    #expect(try reference.evaluate(notebookCase).tensors[.loss] != nil)
  }
}
