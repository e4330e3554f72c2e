import Foundation
import NNParity
import NNParityAudit
import NNParityCases
import NNParityJudging
import NNParityTestSupport
import Testing

@testable import NNParityPython

/// The live error scales (the audit's: the case's arrays handed to
/// `nnparity_bridge.error_scales_of_arrays`) are those `tools/regen` wrote into each golden
/// from the case file (`error_scales`, through JSON), for every golden: explicit masks,
/// mask seeds, no training, both dtypes and semantics.
@Suite("Live error scales are the goldens'", .requiresNumPy)
struct ErrorScaleTests {
  @Test("every golden's error_scale, within its 3 recorded significant digits")
  func liveScalesAreTheGoldens() throws {
    let reference = try PythonRuntime.shared.get().reference
    let directory = TestFiles.packageRoot.appendingPathComponent(GoldenDirectory.relativePath)
    let goldens = try Golden.all(in: directory.path).map { try $0.get() }
    #expect(goldens.count >= 60)
    for golden in goldens {
      let live = try reference.errorScales(golden.networkCase)
      #expect(Set(live.keys) == Set(golden.expected.errorScales.keys), "\(golden.name)")
      for (name, recorded) in golden.expected.errorScales {
        let values = live[name]?.values ?? []
        #expect(values.count == recorded.values.count, "\(golden.name) \(name.rawValue)")
        for (index, (got, want)) in zip(values, recorded.values).enumerated() {
          let agrees = got == want || abs(got - want) <= 0.01 * abs(want)
          #expect(
            agrees, "\(golden.name) error_scale.\(name.rawValue)[\(index)]: \(got) vs \(want)")
        }
      }
    }
  }
}
