import Foundation
import NNParityPython
import NNParityTestSupport
import Testing

/// Faults in the embedded reference become clear errors, and the audit keeps working from
/// the goldens. Each fault is injected into a copy of `reference/` that the audit is
/// pointed at with `NNPARITY_ROOT` (one process per fault: libpython is loaded
/// once per process).
@Suite(
  "Bridge faults",
  .requiresNumPy)
struct BridgeFaultTests {
  struct Fault: Sendable, CustomTestStringConvertible {
    var label: String
    /// Python appended to the copied `nnparity_reference.py`.
    var patch: String
    /// Whether NumPy is still reported available (the module imported).
    var imports: Bool
    /// A word the report must show.
    var shows: String
    var testDescription: String { label }
  }

  static let faults: [Fault] = [
    Fault(
      label: "a syntax error in the reference script", patch: "def broken(:\n", imports: false,
      shows: "SyntaxError"),
    Fault(
      label: "the reference raises",
      patch: """
        def evaluate(*args, **kwargs):
            raise RuntimeError("injected fault")
        """, imports: true, shows: "injected fault"),
    Fault(
      label: "NumPy returns the wrong shape",
      patch: """
        _real_evaluate = evaluate
        def evaluate(*args, **kwargs):
            result = _real_evaluate(*args, **kwargs)
            result["probs"] = np.ascontiguousarray(result["probs"][:, :1])
            return result
        """, imports: true, shows: "BridgeError: probs"),
    Fault(
      label: "NumPy returns the wrong dtype",
      patch: """
        _real_evaluate = evaluate
        def evaluate(*args, **kwargs):
            result = _real_evaluate(*args, **kwargs)
            result["grad_w1"] = result["grad_w1"].astype(np.float16)
            return result
        """, imports: true, shows: "got format e"),
    Fault(
      label: "NumPy computes float32 cases in float64",
      patch: """
        _real_evaluate = evaluate
        def evaluate(x, y, w1, w2, **kwargs):
            return _real_evaluate(*(a.astype(np.float64) for a in (x, y, w1, w2)), **kwargs)
        """, imports: true, shows: "expected float32"),
  ]

  /// With `workers` NumPy worker processes (0: in-process), whose answers are checked as
  /// the embedded bridge's are.
  @Test("a fault is a clear error and the goldens still run", arguments: faults, [0, 1])
  func fault(_ fault: Fault, workers: Int) throws {
    let root = CommandRunner.packageRoot.appendingPathComponent("reference")
    try TestFiles.withTemporaryDirectory { copyRoot in
      let copy = copyRoot.appendingPathComponent("reference")
      try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
      // Every module the bridge imports (the reference, the error analysis, ...).
      let modules = try FileManager.default.contentsOfDirectory(atPath: root.path)
        .filter { $0.hasSuffix(".py") && !$0.hasPrefix("test_") }
      for file in modules {
        try FileManager.default.copyItem(
          at: root.appendingPathComponent(file), to: copy.appendingPathComponent(file))
      }
      let script = copy.appendingPathComponent("nnparity_reference.py")
      let patched = try String(contentsOf: script, encoding: .utf8) + "\n\n" + fault.patch + "\n"
      try patched.write(to: script, atomically: true, encoding: .utf8)
      let goldens = try GoldenFolders.make(GoldenFolders.sample, in: copyRoot)
      let output = try CommandRunner.run(
        [
          "audit", "--golden-dir", goldens.path, "--random", "4", "--workers", "\(workers)",
          "--format", "json",
        ],
        environment: ["NNPARITY_ROOT": copyRoot.path])
      let report = try AuditCommandTests.report(output)
      let numpy = try #require(report["numpy"] as? [String: Any])
      #expect(numpy["available"] as? Bool == fault.imports, "\(numpy)")
      #expect(output.standardOutput.contains(fault.shows), "the report shows \(fault.shows)")
      let goldenFamilies = try #require(report["goldens"] as? [[String: Any]])
      #expect(
        !goldenFamilies.isEmpty && goldenFamilies.allSatisfy { $0["passed"] as? Bool == true })
      // An unavailable reference is a skip (exit 0), unless the NNPARITY_PYTHON the audit
      // inherits names an interpreter, which requires it (CommandRunner drops only
      // NNPARITY_REQUIRE_NUMPY); a reference that answers wrongly fails.
      var inherited = ProcessInfo.processInfo.environment
      inherited["NNPARITY_REQUIRE_NUMPY"] = nil
      let required = PythonAvailability.isRequired(by: inherited)
      #expect(output.status == (fault.imports || required ? 1 : 0), "\(output.standardError)")
    }
  }
}
