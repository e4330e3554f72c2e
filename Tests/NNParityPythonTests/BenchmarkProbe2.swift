import Foundation
import NNParity
import NNParityConformance
@testable import NNParityPython
import Testing

@Test(.enabled(if: ProcessInfo.processInfo.environment["NNPARITY_BENCH"] != nil))
func benchProbe2() throws {
  let runtime = try PythonRuntime.shared.get()
  func time(_ label: String, _ n: Int = 100_000, _ body: () throws -> Void) rethrows {
    for _ in 0..<1000 { try body() }
    let start = DispatchTime.now().uptimeNanoseconds
    for _ in 0..<n { try body() }
    print(label, Double(DispatchTime.now().uptimeNanoseconds - start) / Double(n) / 1000, "µs")
  }
  time("gil") { runtime.withGIL {} }
  let ensure = runtime.api.gilEnsure()
  _ = runtime.api.saveThread()
  time("gil with persistent tstate") { runtime.withGIL {} }
  _ = ensure
  let x = notebookCase.x, y = notebookCase.y, w1 = notebookCase.w1, w2 = notebookCase.w2
  try time("withMatrices") { try runtime.withMatrices([x, y, w1, w2]) { (_) throws(PythonError) in } }
  let reference = runtime.reference
  try time("evaluate", 20000) { _ = try reference.evaluate(x: x, y: y, w1: w1, w2: w2, semantics: .reference, loss: CrossEntropy()) }
}
