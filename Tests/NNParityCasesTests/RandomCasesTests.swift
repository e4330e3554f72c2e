import NNParity
import NNParityCases
import Testing

/// A random case's name (`random-s<seed>-<index>`) is how a failure is reproduced, from a
/// report of any earlier version: the cases must never change.
@Suite("Random cases")
struct RandomCasesTests {
  /// FNV-1a (64 bits) of some bytes: a digest that needs no library.
  static func digest(_ texts: [String]) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for text in texts {
      for byte in text.utf8 {
        hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
      }
    }
    return hash
  }

  /// The case files of random-s1-0 … random-s1-59 and random-s18446744073709551615-0 … -19.
  static let cases =
    RandomCases(seed: 1).cases(60) + RandomCases(seed: .max).cases(20)

  @Test("the case files are those written before 38b86bc, byte for byte")
  func pinned() {
    let texts = Self.cases.map(\.jsonText)
    // `nnparity case` of 6d2e036 (before the matrices were filled through local arrays).
    #expect(texts.reduce(0) { $0 + $1.utf8.count } == 1_686_248)
    #expect(Self.digest(texts) == 0xd4db_e82e_5c72_2113)
  }

  @Test("those cases reach every branch: soft and one-hot targets, training, both dtypes")
  func branches() {
    let soft = Self.cases.filter { c in c.y.elements.contains { $0 != 0 && $0 != 1 } }
    #expect(soft.count > 5 && soft.count < Self.cases.count - 5)
    let training = Self.cases.filter { $0.training != nil }
    #expect(training.count > 5 && training.count < Self.cases.count - 5)
    #expect(training.contains { $0.training?.configuration.dropout ?? 0 > 0 })
    let float32 = Self.cases.filter { $0.dtype == .float32 }
    #expect(float32.count > 5 && float32.count < Self.cases.count - 5)
  }
}
