import Testing

@testable import NNParityAudit

/// `--shard K/N`: what it accepts, and which positions a shard owns.
@Suite("Shard specs")
struct ShardSpecTests {
  @Test("K/N with 1 ≤ K ≤ N, else one phrase saying what is wrong")
  func parsing() throws {
    let spec = try ShardSpec(parsing: "3/16")
    #expect(spec.index == 3 && spec.count == 16 && spec.description == "3/16")
    for (text, message) in [
      ("0/4", "K must be from 1 to N (4), not 0"), ("5/4", "K must be from 1 to N (4), not 5"),
      ("x/4", "takes K/N with whole numbers K and N (e.g. 3/16), not 'x/4'"),
      ("3", "takes K/N (shard K of N, e.g. 3/16), not '3'"),
      ("1/0", "N must be at least 1, not 0"), ("-1/4", "K must be from 1 to N (4), not -1"),
      ("1/2/3", "takes K/N (shard K of N, e.g. 3/16), not '1/2/3'"),
    ] {
      #expect(throws: ShardSpecError(message), "\(text)") { try ShardSpec(parsing: text) }
    }
  }

  @Test("N shards own every position exactly once, shard i % N + 1")
  func ownership() throws {
    let shards = try (1...4).map { try ShardSpec(index: $0, count: 4) }
    for position in 0..<40 {
      let owners = shards.filter { $0.owns(position) }.map(\.index)
      #expect(owners == [position % 4 + 1])
    }
    #expect((0..<5).allSatisfy(ShardSpec.whole.owns))
  }
}
