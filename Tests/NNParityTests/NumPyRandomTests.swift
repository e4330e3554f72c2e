import Foundation
import NNParityTestSupport
import Testing

@testable import NNParity

private let goldenSeeds = RNGGolden.seeds

@Suite("NumPy random: SeedSequence, PCG64, Generator.random")
struct NumPyRandomTests {
  @Test("the first 10,000 doubles equal NumPy's bit for bit", arguments: goldenSeeds)
  func goldenDoubles(seed: UInt64) throws {
    let golden = try RNGGolden(seed: seed)
    #expect(golden.schema == "nnparity.rng/1")
    #expect(golden.seed == String(seed))
    #expect(golden.count == 10_000)
    try #require(
      golden.doubles.count == golden.count, "golden holds \(golden.doubles.count) doubles")

    var generator = NumPyGenerator(seed: seed)
    let actual = generator.random(count: golden.count)
    let firstDifference = actual.indices.first {
      actual[$0].bitPattern != golden.doubles[$0].bitPattern
    }
    if let index = firstDifference {
      Issue.record(
        """
        seed \(seed): first difference at index \(index): \
        expected \(golden.doubles[index]), actual \(actual[index])
        """)
    }
  }

  // python3 -c "import numpy as np; s = np.random.SeedSequence(0); \
  //   print([hex(x) for x in s.pool], [hex(x) for x in s.generate_state(4, np.uint64)])"
  @Test func seedSequenceMatchesNumPy() {
    let zero = NumPySeedSequence(seed: 0)
    #expect(zero.pool == [0xfe40_eb07, 0x4f36_3a36, 0x4eb2_009d, 0xc89a_7aa7])
    #expect(
      zero.generateState64(count: 4) == [
        0xdb2c_d7e7_b0f4_78be, 0xabf4_641a_2c71_ba49, 0x20c6_ed6d_9d7b_8d41, 0x2c40_99de_223c_39d4,
      ])
    let max = NumPySeedSequence(seed: .max)
    #expect(max.pool == [0xfaf3_ecf4, 0xfa0f_8930, 0xe9f8_9a67, 0x0e23_d1f9])
    #expect(
      max.generateState64(count: 4) == [
        0xaebc_a151_928c_ad0d, 0x119c_3044_8638_dc7a, 0x1bbb_1556_59e6_42a7, 0xa76b_11e3_e8c4_a8f6,
      ])
  }

  // python3 -c "import numpy as np; g = np.random.PCG64(7); \
  //   print({k: hex(v) for k, v in g.state['state'].items()}, [hex(x) for x in g.random_raw(3)])"
  @Test func pcg64SeedingAndRawOutputMatchNumPy() {
    var generator = PCG64(seed: 7)
    let words = generator.stateWords
    #expect(words.state == (0x9d0a_ecc4_e7b1_8891, 0x9ae2_415a_6b29_2038))
    #expect(words.increment == (0xc475_1896_ce8a_cebf, 0x6688_7f5a_c070_d959))
    let raw = (0..<3).map { _ in generator.next() }
    #expect(raw == [0xa006_41a9_f1e5_4a8b, 0xe5af_cdbc_af26_6a95, 0xc693_565f_940a_f962])
  }

  @Test func singleDrawsContinueTheSameStream() {
    var one = NumPyGenerator(seed: 2024)
    var bulk = NumPyGenerator(seed: 2024)
    let singles = (0..<100).map { _ in one.random() }
    let batch = bulk.random(count: 60) + bulk.random(count: 40)
    #expect(singles.map(\.bitPattern) == batch.map(\.bitPattern))
  }

  // Dropout keep-masks (1 = kept), row-major, three epochs in a row from one generator:
  // python3 -c "import numpy as np; rng = np.random.default_rng(7); \
  //   [print((rng.random((3, 5)) >= 0.4).astype(int).tolist()) for _ in range(3)]"
  @Test func dropoutMasksMatchNumPy() {
    let expected: [[[Int]]] = [
      [[1, 1, 1, 0, 0], [1, 0, 1, 1, 1], [0, 0, 0, 1, 1]],
      [[1, 1, 1, 1, 1], [0, 0, 1, 0, 0], [1, 1, 1, 1, 1]],
      [[1, 0, 0, 0, 1], [0, 0, 0, 1, 0], [0, 1, 1, 1, 1]],
    ]
    let (batch, hidden, q) = (3, 5, 0.4)
    var generator = NumPyGenerator(seed: 7)
    for epoch in expected.indices {
      let draws = generator.random(count: batch * hidden)
      let mask = (0..<batch).map { row in
        (0..<hidden).map { column in draws[row * hidden + column] >= q ? 1 : 0 }
      }
      #expect(mask == expected[epoch], "epoch \(epoch)")
    }
  }
}
