import NNParity
import NNParityJudging
import Testing

@testable import NNParityCases

/// A whole result against another: every tensor compared, and a tensor on one side only is
/// a failure that names it.
@Suite("Case comparison")
struct CaseComparisonTests {
  static let networkCase = RandomCases(seed: 3).case(0)

  @Test("a result compared with itself passes; one without a tensor fails, naming it")
  func missingTensor() throws {
    let full = Self.networkCase.evaluate()
    #expect(CaseComparison(caseName: "c", expected: full, actual: full).passed)
    for name in full.tensors.keys {
      var partial = full
      partial.tensors[name] = nil
      for (expected, actual) in [(full, partial), (partial, full)] {
        let comparison = CaseComparison(caseName: "c", expected: expected, actual: actual)
        #expect(!comparison.passed, "\(name.rawValue) on one side only passed")
        #expect(comparison.missingTensors == [name])
        let message = try #require(comparison.failureMessage(expectedFrom: "NumPy"))
        #expect(message.contains("\(name.rawValue): present on one side only"), "\(message)")
      }
    }
  }
}
