import Foundation

/// Files for tests: the package's own, and temporary folders that do not outlive their test.
public enum TestFiles {
  /// The package root, from this file's path.
  public static let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// Calls `body` with a fresh, empty folder in the temporary directory, named
  /// `nnparity-tests-<UUID>`, and removes the folder with everything in it when `body`
  /// returns or throws.
  ///
  /// Nothing `body` writes under the folder survives the call, so a test must not hand its
  /// path to anything that outlives it (a background task, a value kept for later).
  ///
  /// - Parameter body: The work that uses the folder; its result is returned.
  /// - Returns: What `body` returns.
  /// - Throws: The error creating the folder, or whatever `body` throws (the folder is
  ///   removed first). Creating the folder can fail on its own, so this function `throws`
  ///   rather than `rethrows`.
  public static func withTemporaryDirectory<Result>(
    _ body: (URL) throws -> Result
  ) throws -> Result {
    let folder = try makeTemporaryDirectory()
    defer { removeTemporaryDirectory(folder) }
    return try body(folder)
  }

  /// Calls the asynchronous `body` with a fresh, empty folder in the temporary directory,
  /// named `nnparity-tests-<UUID>`, and removes the folder with everything in it when `body`
  /// returns or throws (including a `CancellationError`).
  ///
  /// `body` runs in the caller's isolation, so it may capture and return values that are
  /// not `Sendable`. Nothing it writes under the folder survives the call, so it must not
  /// leave a task running that still uses the folder.
  ///
  /// - Parameters:
  ///   - isolation: The caller's actor, inferred; leave it out.
  ///   - body: The work that uses the folder; its result is returned.
  /// - Returns: What `body` returns.
  /// - Throws: The error creating the folder, or whatever `body` throws (the folder is
  ///   removed first).
  public static func withTemporaryDirectory<Result>(
    isolation: isolated (any Actor)? = #isolation,
    _ body: (URL) async throws -> Result
  ) async throws -> Result {
    let folder = try makeTemporaryDirectory()
    defer { removeTemporaryDirectory(folder) }
    return try await body(folder)
  }

  /// Creates `nnparity-tests-<UUID>` in the temporary directory.
  private static func makeTemporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("nnparity-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)
    return url
  }

  /// Removes `folder` recursively. Best effort: a failure here must not hide the test's own
  /// outcome, and a folder left behind is what the suite's /tmp count would show.
  private static func removeTemporaryDirectory(_ folder: URL) {
    try? FileManager.default.removeItem(at: folder)
  }

  /// Copies the reference's Python files (not its tests) from `original` into `folder` and
  /// appends `patch` to the copy's `nnparity_reference.py`: a reference with a fault or an
  /// extra import, for tests of what reaches it.
  public static func copyReference(from original: URL, to folder: URL, appending patch: String)
    throws
  {
    for file in try FileManager.default.contentsOfDirectory(atPath: original.path)
    where file.hasSuffix(".py") && !file.hasPrefix("test_") {
      try FileManager.default.copyItem(
        at: original.appendingPathComponent(file), to: folder.appendingPathComponent(file))
    }
    let script = folder.appendingPathComponent("nnparity_reference.py")
    try (try String(contentsOf: script, encoding: .utf8) + "\n\n" + patch + "\n").write(
      to: script, atomically: true, encoding: .utf8)
  }

  /// Writes an executable shell script `folder/python-wrapper` that runs `interpreter` with
  /// `PYTHONPATH` set to `pythonPath`: an `NNPARITY_PYTHON` whose module path the bare
  /// interpreter (its `sys.executable`) would not have.
  ///
  /// - Returns: The script's URL.
  public static func interpreterWrapper(
    in folder: URL, running interpreter: String, pythonPath: String
  ) throws -> URL {
    let wrapper = folder.appendingPathComponent("python-wrapper")
    try writeExecutable(
      """
      #!/bin/sh
      PYTHONPATH='\(pythonPath)' exec '\(interpreter)' "$@"

      """, to: wrapper)
    return wrapper
  }

  /// Writes `folder/sitecustomize.py`, which writes to standard output when Python starts
  /// (a line of text, a line of JSON that looks like a worker's answer for case 0, and an
  /// unfinished line straight to file descriptor 1) and again when it exits: a folder to put
  /// on `PYTHONPATH` for tests of what reads an interpreter's output.
  public static func writePrintingSiteCustomize(in folder: URL) throws {
    try """
    import atexit, os
    print('{"case": 0, "error": "printed by sitecustomize"}', flush=True)
    print("hello from sitecustomize", flush=True)
    os.write(1, b"an unfinished line from sitecustomize")
    atexit.register(print, "goodbye from sitecustomize")

    """.write(
      to: folder.appendingPathComponent("sitecustomize.py"), atomically: true, encoding: .utf8)
  }
}
