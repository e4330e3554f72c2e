import NNParity
import NNParityConformance
import NNParityPython
import Testing

@Test func smoke() throws {
  print(PythonAvailability.current)
  let reference = try Live.reference
  let result = try reference.evaluate(notebookCase)
  print(result.jsonLine)
  print(notebookCase.evaluate().jsonLine)
}
