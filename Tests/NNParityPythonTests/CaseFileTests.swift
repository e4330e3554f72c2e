import Foundation
import NNParity
import NNParityAudit
import NNParityCases
import NNParityJudging
import NNParityTestSupport
import Testing

@testable import NNParityPython

/// What a failing live case leaves behind reproduces it: the case file reads back to the
/// same case in Swift, and the reference script, run as a separate process on that file,
/// prints exactly what the bridge computed in-process.
@Suite("Failing-case files reproduce", .requiresNumPy)
struct CaseFileTests {
  /// The first live cases with explicit masks and with a mask seed, one without training,
  /// and the notebook's case in float32.
  static let cases: [NetworkCase] = {
    let live = (0..<100).map(LiveCases.case)
    func first(_ matches: (NetworkCase.MaskSource?) -> Bool) -> [NetworkCase] {
      live.first { matches($0.training?.masks) }.map { [$0] } ?? []
    }
    return first { if case .explicit = $0 { true } else { false } }
      + first { if case .seed = $0 { true } else { false } } + first { $0 == nil }
      + [notebookCase.with(dtype: .float32)]
  }()

  @Test("the case file round-trips and the reference script agrees with the bridge bit for bit")
  func reproduces() throws {
    let runtime = try PythonRuntime.shared.get()
    try TestFiles.withTemporaryDirectory { directory in
      #expect(Self.cases.count == 4)
      for networkCase in Self.cases {
        let path = try networkCase.write(to: directory)
        #expect(try CaseFile.load(path) == networkCase)
        let script = runtime.environment.referenceDirectory + "/nnparity_reference.py"
        let output = try PythonInterpreter.run(runtime.interpreter.path, arguments: [script, path])
        let fromScript = try CaseResult(
          json: try JSONReader.parse(Array(output.utf8)), path: "", for: networkCase)
        // The script prints float32 values in their shortest form: round them back to Float.
        // (The bridge's result also carries the error scales, which the script does not print.)
        let fromBridge = try runtime.reference.evaluate(networkCase)
        #expect(fromScript.roundedToDType.tensors == fromBridge.tensors, "\(path)")
        #expect(Set(fromBridge.errorScales.keys) == Set(fromBridge.tensors.keys))
      }
    }
  }
}
