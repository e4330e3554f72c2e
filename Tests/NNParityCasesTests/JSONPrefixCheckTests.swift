import Foundation
import NNParity
import NNParityTestSupport
import Testing

@testable import NNParityCases

/// `CaseFile` stops reading where `JSONPrefixCheck` says the reader stops whatever follows:
/// the bytes up to there must give the reader the very error of the whole file.
@Suite("JSON prefix check")
struct JSONPrefixCheckTests {
  static let limits = JSONLimits(maximumDepth: 3, maximumValues: 1_000, maximumBytes: 1 << 20)

  /// The number of bytes after which the check stops reading, fed one byte at a time (the
  /// least a read can return); nil when it reads to the end.
  static func stop(_ bytes: [UInt8]) -> Int? {
    var check = JSONPrefixCheck(maximumDepth: limits.maximumDepth)
    return bytes.indices.first { check.stopsReading(after: bytes[$0...$0]) }.map { $0 + 1 }
  }

  /// Checks the promise for `bytes`; returns whether the check stopped early.
  @discardableResult
  static func expectSameError(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation)
    -> Bool
  {
    guard let end = stop(bytes) else { return false }
    let whole = #expect(throws: JSONSyntaxError.self, sourceLocation: sourceLocation) {
      try JSONReader.parse(bytes, limits: limits)
    }
    let prefix = #expect(throws: JSONSyntaxError.self, sourceLocation: sourceLocation) {
      try JSONReader.parse(Array(bytes[..<end]), limits: limits)
    }
    #expect(
      whole == prefix, "\(String(decoding: bytes, as: UTF8.self).debugDescription)",
      sourceLocation: sourceLocation)
    return true
  }

  @Test("stops at a first byte no value starts with, and at nesting past the limit")
  func stops() {
    #expect(Self.stop([0, 0, 0]) == 1)
    #expect(Self.stop(Array("  \n\tx".utf8)) == 5)
    #expect(Self.stop([0xEF, 0xBB, 0xBF, 0xEF]) == 4)
    #expect(Self.stop([0xEF, 0xBB, 0x20]) == 3)
    #expect(Self.stop(Array("[[[[".utf8)) == 4)
    #expect(Self.stop(Array(#"[{"a": ["[[[[", 1]}]"#.utf8)) == nil)
    #expect(Self.stop(Array(#"["\"[[[[["]"#.utf8)) == nil)
    #expect(Self.stop(Array("[[[]][[]]]".utf8)) == nil)
    #expect(Self.stop(Array("[[[]][[[]]]]".utf8)) == 8)
    #expect(Self.stop([0xEF, 0xBB, 0xBF] + Array(" {}".utf8)) == nil)
    #expect(Self.stop(Array("   ".utf8)) == nil)
  }

  @Test("where it stops, the bytes so far give the reader the whole file's error")
  func sameError() throws {
    var stopped = 0
    // Random texts of the bytes that matter to the check and the reader, up to 12 long.
    let tokens = ["[", "{", "]", "}", "\"", "\\", "u", "x", " ", "1", "t", ":", ",", "\u{1}"]
    var generator = PCG64(seed: 1)
    for _ in 0..<20_000 {
      let text = (0..<Int.random(in: 1...12, using: &generator)).map { _ in
        tokens.randomElement(using: &generator) ?? ""
      }.joined()
      if Self.expectSameError(Array(text.utf8)) { stopped += 1 }
    }
    for text in [
      "\u{0}", "nul", #"{"a": [[[1]]]}"#, #"{"a": "\u12["#, "\"\\u12\u{1}x\"", "tru[", "1e[", "-[",
      "[1 [",
      #"[{"a": 1, "b": [["#, "[[[{", "\u{FEFF}x", "\u{FEFF}[[[[",
    ] {
      Self.expectSameError(Array(text.utf8))
    }
    for file in try FileManager.default.contentsOfDirectory(
      atPath: TestFiles.packageRoot.appendingPathComponent("tools/fuzz/corpus-regressions").path)
    {
      let path = TestFiles.packageRoot.appendingPathComponent("tools/fuzz/corpus-regressions")
        .appendingPathComponent(file).path
      Self.expectSameError(try CaseFile.bytes(at: path))
    }
    #expect(stopped > 1_000, "the random texts stop often enough to test: \(stopped)")
  }
}
