import Foundation
import NNParity
import NNParityCases
import NNParityJudging
import Testing

/// The bounds, pinned to their one source: a change to one is a change to the contract and
/// must show up here.
@Suite("Tolerances")
struct ToleranceTests {
  /// `reference/tolerances.json`, read independently of the generated Swift copy.
  static var table: [String: Any] {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("../../reference/tolerances.json").standardizedFileURL
    guard let data = try? Data(contentsOf: url),
      let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    else { return [:] }
    return object
  }

  @Test("the parity bounds are tolerances.json's multiples, per dtype and tensor group")
  func parity() throws {
    let groups = try #require(Self.table["groups"] as? [String: [String]])
    let parity = try #require(Self.table["parity"] as? [String: [String: [String: Any]]])
    var checked = 0
    for dtype in DType.allCases {
      for (group, tensors) in groups {
        let multiple = try #require(parity[dtype.rawValue]?[group]?["multiple"] as? Double)
        for tensor in tensors {
          let name = try #require(TensorName(rawValue: tensor))
          let tolerance = Tolerances.parity(dtype, name)
          #expect(tolerance.scaledBound == multiple && tolerance.scale == .errorScale)
          #expect(Tolerances.exact(dtype, name) == tolerance)
          checked += 1
        }
      }
    }
    #expect(checked == 2 * TensorName.allCases.count)
  }

  @Test("every bound gives its reason; float64 invariants are tighter; FD 1e-7")
  func reasons() {
    var all = [Tolerances.finiteDifferences]
    for dtype in DType.allCases {
      all +=
        [Tolerances.invariant(dtype)] + TensorName.allCases.map { Tolerances.parity(dtype, $0) }
    }
    #expect(all.allSatisfy { !$0.reason.isEmpty && $0.scaledBound > 0 })
    #expect(Tolerances.invariant(.float64).scaledBound < Tolerances.invariant(.float32).scaledBound)
    #expect(Tolerances.finiteDifferences.scaledBound == 1e-7)
  }

  @Test("unit roundoff and smallest normal of each dtype")
  func units() {
    #expect(DType.float64.unitRoundoff == 0x1p-53 && DType.float32.unitRoundoff == 0x1p-24)
    #expect(DType.float64.smallestNormal == 0x1p-1022 && DType.float32.smallestNormal == 0x1p-126)
  }

  @Test("the description says what the error is scaled by")
  func description() {
    #expect(
      Tolerance(scaledBound: 0.5, reason: "why").description == "|Δ| ≤ 0.5 × max|expected| (why)")
    #expect(
      Tolerance(scaledBound: 4, scale: .errorScale, reason: "why").description
        == "|Δ| ≤ 4.0 × (u·C + smallest normal) (why)")
  }
}
