import Foundation
import NNParityTestSupport
import Testing

@testable import NNParityPython

@Suite("Python availability: a value with a reason, never a crash")
struct AvailabilityTests {
  @Test("the availability is computed once and says which Python and NumPy, or why not")
  func reported() {
    let availability = PythonAvailability.current
    switch availability {
    case .available(let environment):
      #expect(environment.pythonVersion.hasPrefix("3."))
      // An independent witness: the interpreter itself, asked in a child process.
      let printed = try? PythonInterpreter.run(
        environment.interpreterPath,
        arguments: [
          "-c", "import numpy, platform; print(numpy.__version__, platform.python_version())",
        ])
      #expect(
        printed?.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
          == [environment.numpyVersion, environment.pythonVersion])
      #expect(FileManager.default.fileExists(atPath: environment.libraryPath))
      #expect(FileManager.default.isExecutableFile(atPath: environment.interpreterPath))
      #expect(ReferenceDirectory.holdsReference(environment.referenceDirectory))
    case .unavailable(let unavailable):
      #expect(!unavailable.reason.isEmpty)
      if Live.environment["NNPARITY_PYTHON"] == "none" {
        #expect(unavailable.cause == .disabled)
        #expect(unavailable.reason.contains("NNPARITY_PYTHON=none"))
      }
    }
  }

  @Test("NNPARITY_PYTHON=none, a missing interpreter and an empty PATH are reasons")
  func interpreterReasons() {
    let cases: [([String: String], PythonUnavailable.Cause, String)] = [
      (["NNPARITY_PYTHON": "none"], .disabled, "NNPARITY_PYTHON=none"),
      (["NNPARITY_PYTHON": "/nonexistent/python3"], .noInterpreter, "is not an executable file"),
      (
        ["NNPARITY_PYTHON": "python-nonexistent", "PATH": "/usr/bin"], .noInterpreter,
        "is not on PATH"
      ),
      (["PATH": "/nonexistent"], .noInterpreter, "no python3 on PATH"),
    ]
    for (environment, cause, expected) in cases {
      #expect(throws: PythonUnavailable.self) {
        try PythonInterpreter.locate(environment: environment)
      }
      do {
        _ = try PythonInterpreter.locate(environment: environment)
      } catch {
        #expect(error.cause == cause, "\(environment)")
        #expect(error.reason.contains(expected), "\(environment): \(error.reason)")
      }
    }
  }

  @Test("an interpreter that fails or answers nonsense is a reason")
  func interpreterFailures() {
    for (program, expected) in [
      ("/bin/false", "exited with status 1"), ("/bin/echo", "did not describe itself"),
    ] {
      do {
        _ = try PythonInterpreter.discover(environment: ["NNPARITY_PYTHON": program])
        Issue.record("\(program) was accepted as a Python interpreter")
      } catch {
        #expect(error.reason.contains(expected), "\(program): \(error.reason)")
      }
    }
  }

  @Test("live NumPy is required by NNPARITY_REQUIRE_NUMPY=1 or an interpreter named by hand")
  func requirement() {
    let cases: [([String: String], Bool)] = [
      ([:], false), (["NNPARITY_REQUIRE_NUMPY": "1"], true),
      (["NNPARITY_REQUIRE_NUMPY": "0"], false),
      (["NNPARITY_PYTHON": "none"], false), (["NNPARITY_PYTHON": "None"], false),
      (["NNPARITY_PYTHON": ""], false), (["NNPARITY_PYTHON": "/usr/bin/pyhton3"], true),
      // A name looked up on PATH is named by hand as much as a path is.
      (["NNPARITY_PYTHON": "pyhton3"], true),
      (["NNPARITY_PYTHON": "none", "NNPARITY_REQUIRE_NUMPY": "1"], true),
    ]
    for (environment, required) in cases {
      #expect(PythonAvailability.isRequired(by: environment) == required, "\(environment)")
    }
  }

  /// `script` written to an executable file in `folder`.
  static func program(_ script: String, in folder: URL) throws -> URL {
    let program = folder.appendingPathComponent("python-fake")
    try TestFiles.writeExecutable("#!/bin/sh\n" + script, to: program)
    return program
  }

  /// `PythonInterpreter.run(program)` on another thread, so that a run that never returns
  /// (a stop that cannot end the child, pipes read one after the other) fails the test
  /// instead of hanging the suite: nil when it has not returned within `limit`.
  static func runWithin(
    _ limit: DispatchTimeInterval, _ program: URL, timeout: Duration
  ) -> Result<String, PythonUnavailable>? {
    let outcome = Outcome()
    Thread.detachNewThread {
      outcome.result = Result { () throws(PythonUnavailable) in
        try PythonInterpreter.run(program.path, arguments: [], timeout: timeout)
      }
      outcome.done.signal()
    }
    return outcome.done.wait(timeout: .now() + limit) == .success ? outcome.result : nil
  }

  @Test("an interpreter that never answers is stopped after the time limit, with the reason")
  func interpreterHangs() throws {
    try TestFiles.withTemporaryDirectory { scratch in
      let pidFile = scratch.appendingPathComponent("pid").path
      // It ignores SIGTERM too, so only SIGKILL ends it.
      let program = try Self.program(
        "trap '' TERM\necho $$ > '\(pidFile)'\nwhile :; do sleep 0.05; done\n", in: scratch)
      let result = Self.runWithin(.seconds(60), program, timeout: .milliseconds(300))
      let pid = (try? String(contentsOfFile: pidFile, encoding: .utf8)).flatMap {
        pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines))
      }
      // Whatever happened, the fake interpreter does not outlive the test.
      defer { if let pid, kill(pid, 0) == 0 { kill(pid, SIGKILL) } }
      guard let result else {
        Issue.record("PythonInterpreter.run did not return within 60 s")
        return
      }
      guard case .failure(let error) = result else {
        Issue.record("a hanging interpreter answered")
        return
      }
      #expect(error.reason.contains("did not finish within 0.3 seconds"), "\(error.reason)")
      let stopped = try #require(pid, "the interpreter wrote no pid")
      #expect(kill(stopped, 0) == -1 && errno == ESRCH, "the interpreter \(stopped) still runs")
    }
  }

  @Test("an interpreter that writes much to standard error before answering is still read")
  func interpreterFillsStandardError() throws {
    try TestFiles.withTemporaryDirectory { scratch in
      // 256 KiB of warnings, more than a pipe holds, before its answer.
      let program = try Self.program(
        "head -c 262144 /dev/zero | tr '\\0' w >&2\necho answer\n", in: scratch)
      let result = Self.runWithin(.seconds(60), program, timeout: .seconds(30))
      #expect(try #require(result, "PythonInterpreter.run did not return").get() == "answer\n")
    }
  }

  @Test("an interpreter killed by a signal is reported as killed, with the signal")
  func interpreterKilled() throws {
    try TestFiles.withTemporaryDirectory { scratch in
      let program = scratch.appendingPathComponent("python-killed")
      try TestFiles.writeExecutable("#!/bin/sh\nkill -KILL $$\n", to: program)
      let result = Result { () throws(PythonUnavailable) in
        try PythonInterpreter.discover(environment: ["NNPARITY_PYTHON": program.path])
      }
      guard case .failure(let error) = result else {
        Issue.record("a killed interpreter was accepted")
        return
      }
      #expect(error.reason.contains("was killed by signal 9"), "\(error.reason)")
    }
  }

  @Test("the interpreter's answer is the last line behind the marker, whatever else it prints")
  func answerAmongOtherOutput() {
    let marker = PythonInterpreter.answerMarker
    let printed = [
      // Only the answer.
      ("\n\(marker){\"version\": \"3\"}\n", "{\"version\": \"3\"}"),
      // Lines before it (one looking like JSON, one unfinished) and after it (at exit).
      (
        "{\"version\": \"2\"}\nhello\nno line break\n\(marker){\"version\": \"3\"}\nbye\n",
        "{\"version\": \"3\"}"
      ),
      // An earlier line behind the marker is not the answer; the last one is.
      ("\(marker){}\r\n\(marker)[1]\n", "[1]"),
    ]
    for (output, answer) in printed {
      #expect(PythonInterpreter.answer(in: output).map(String.init) == answer, "\(output)")
    }
    for output in ["", "{\"version\": \"3\"}\n", "text \(marker){}\n"] {
      #expect(PythonInterpreter.answer(in: output) == nil, "\(output)")
    }
  }

  @Test(
    "an interpreter whose sitecustomize prints to standard output is still discovered",
    .requiresNumPy)
  func printingSiteCustomize() throws {
    let environment = try Live.reference.environment
    try TestFiles.withTemporaryDirectory { folder in
      try TestFiles.writePrintingSiteCustomize(in: folder)
      let wrapper = try TestFiles.interpreterWrapper(
        in: folder, running: environment.interpreterPath, pythonPath: folder.path)
      // The wrapper's interpreter does print: the answer is among other output.
      let printed = try PythonInterpreter.run(wrapper.path, arguments: ["-c", "pass"])
      #expect(printed.contains("hello from sitecustomize"), "\(printed)")
      let interpreter = try PythonInterpreter.discover(environment: [
        "NNPARITY_PYTHON": wrapper.path
      ])
      #expect(interpreter.path == wrapper.path)
      #expect(interpreter.version == environment.pythonVersion)
      #expect(interpreter.modulePath.contains(folder.path), "\(interpreter.modulePath)")
      #expect(!interpreter.libraryCandidates.isEmpty)
    }
  }

  @Test("a library that cannot load, or is not libpython, reports dlerror or the symbol")
  func libraryFailures() {
    do {
      _ = try PythonAPI(libraryPath: "/nonexistent/libpython3.11.so")
      Issue.record("a missing library loaded")
    } catch {
      #expect(error.cause == .libraryNotLoadable)
      #expect(error.reason.contains("No such file"), "\(error.reason)")
    }
    do {
      _ = try PythonAPI(libraryPath: "libc.so.6")
      Issue.record("libc was taken for libpython")
    } catch {
      #expect(error.reason.contains("no symbol Py_IsInitialized"), "\(error.reason)")
    }
  }

  @Test("the reference is found in the package, or under $NNPARITY_ROOT first")
  func referenceDirectory() throws {
    let found = try ReferenceDirectory.locate(environment: [:])
    #expect(ReferenceDirectory.holdsReference(found))
    #expect(found.hasSuffix("/reference"))
    // A root of one's own, holding only the two scripts, comes before the package.
    try TestFiles.withTemporaryDirectory { root in
      let reference = root.appendingPathComponent("reference")
      try FileManager.default.createDirectory(at: reference, withIntermediateDirectories: true)
      for file in ReferenceDirectory.requiredFiles {
        try "".write(to: reference.appendingPathComponent(file), atomically: true, encoding: .utf8)
      }
      let chosen = try ReferenceDirectory.locate(environment: ["NNPARITY_ROOT": root.path])
      #expect(chosen == reference.standardizedFileURL.path)
    }
  }
}

/// What a run on another thread returned, and when.
private final class Outcome: @unchecked Sendable {
  // `@unchecked Sendable`: `result` is written once, before `done` is signalled, and read
  // only after waiting for it.
  var result: Result<String, PythonUnavailable>?
  let done = DispatchSemaphore(value: 0)
}
