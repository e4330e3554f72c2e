import Foundation
import NNParityTestSupport
import Testing

/// `TestFiles.withTemporaryDirectory`: a fresh folder for the body, gone afterwards whether
/// the body returns or throws.
@Suite("Test support: scoped temporary folders")
struct TestFilesTests {
  struct Thrown: Error {}

  /// Writes a file and a nested folder into `folder`, so removal has to be recursive.
  static func fill(_ folder: URL) throws {
    let nested = folder.appendingPathComponent("a/b", isDirectory: true)
    try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
    try "x".write(to: nested.appendingPathComponent("f.txt"), atomically: true, encoding: .utf8)
  }

  static func exists(_ folder: URL) -> Bool {
    FileManager.default.fileExists(atPath: folder.path)
  }

  @Test("the folder is new and empty, and is removed with its contents when the body returns")
  func removedOnReturn() throws {
    var seen: URL?
    let result = try TestFiles.withTemporaryDirectory { folder in
      seen = folder
      #expect(folder.lastPathComponent.hasPrefix("nnparity-tests-"))
      #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
      try Self.fill(folder)
      return 42
    }
    #expect(result == 42)
    let folder = try #require(seen)
    #expect(!Self.exists(folder), "\(folder.path)")
  }

  @Test("the folder is removed when the body throws, and the error reaches the caller")
  func removedOnThrow() throws {
    var seen: URL?
    #expect(throws: Thrown.self) {
      try TestFiles.withTemporaryDirectory { folder in
        seen = folder
        try Self.fill(folder)
        throw Thrown()
      }
    }
    let folder = try #require(seen)
    #expect(!Self.exists(folder), "\(folder.path)")
  }

  @Test("two calls get two different folders")
  func distinct() throws {
    let (first, second) = try TestFiles.withTemporaryDirectory { outer in
      try TestFiles.withTemporaryDirectory { inner in (outer, inner) }
    }
    #expect(first != second)
  }

  @Test("async: the folder lives across a suspension and is removed on return and on throw")
  func asynchronous() async throws {
    var seen: [URL] = []
    let result = try await TestFiles.withTemporaryDirectory { folder in
      seen.append(folder)
      try Self.fill(folder)
      await Task.yield()
      #expect(Self.exists(folder.appendingPathComponent("a/b/f.txt")))
      return "done"
    }
    #expect(result == "done")
    await #expect(throws: Thrown.self) {
      try await TestFiles.withTemporaryDirectory { folder in
        seen.append(folder)
        try Self.fill(folder)
        await Task.yield()
        throw Thrown()
      }
    }
    try #require(seen.count == 2)
    #expect(seen.allSatisfy { !Self.exists($0) }, "\(seen.map(\.path))")
  }
}
