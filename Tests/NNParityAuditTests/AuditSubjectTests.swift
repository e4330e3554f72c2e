import NNParity
import NNParityAudit
import NNParityCases
import NNParityJudging
import NNParityReports
import NNParityTestSupport
import Testing

/// Another Swift implementation audited from its own tests, through `AuditSubject`.
@Suite("AuditSubject: auditing another Swift implementation")
struct AuditSubjectTests {
  /// The bundled network as the live reference, every element's error scale 1 but
  /// grad_w1[0][0]'s +∞ (as NumPy's analysis gives for inputs near the dtype's range).
  struct OverflowedScaleReference: LiveReference {
    func evaluate(_ networkCase: NetworkCase) throws -> CaseResult {
      let result = networkCase.evaluate()
      var scales: [TensorName: Tensor] = [:]
      for (name, tensor) in result.tensors {
        var values = Array(repeating: 1.0, count: tensor.values.count)
        if name == .gradW1 { values[0] = .infinity }
        scales[name] = Tensor(shape: tensor.shape, values: values)
      }
      return CaseResult(
        name: result.name, dtype: result.dtype, tensors: result.tensors, errorScales: scales)
    }
  }

  /// The bundled network with grad_w1[0][0] replaced by `value` in every case.
  static func wrongFirstGradient(_ value: Double) -> TestImplementation {
    TestImplementation(name: "wrong grad_w1[0][0]", faulty: .gradW1) { values in
      var values = values
      values[0] = value
      return values
    }
  }

  static let goldens = GoldenFolders.package.path

  @Test("an element whose error scale overflowed cannot pass a wrong value: lack of evidence")
  func overflowedScale() throws {
    try TestFiles.withTemporaryDirectory { folder in
      var options = AuditOptions(goldenDirectory: Self.goldens)
      options.randomCount = 0
      options.onlyUserCases = true
      for index in 0..<2 {
        var c = RandomCases(seed: 5).case(index)
        c.name = "user-\(index)"
        let file = folder.appendingPathComponent("user-\(index).json")
        try c.jsonText.write(to: file, atomically: true, encoding: .utf8)
        options.userCases.append(file.path)
      }
      func audit(_ subject: some AuditSubject) -> AuditReport {
        options.subject = subject
        return Auditor(
          options: options,
          live: .available(OverflowedScaleReference(), version: "stand-in", detail: "test")
        ).run()
      }
      // The same values: judged equal, and the rest of each tensor resolved.
      let right = audit(BundledNetwork())
      #expect(right.passed, "\(right.failureLines())")
      // Every other element is right and resolved; the one whose scale overflowed is not
      // a failure of the subject, but the audit cannot pass on it.
      let wrong = audit(Self.wrongFirstGradient(12345))
      #expect(!wrong.passed)
      let livePassed = wrong.live.allSatisfy(\.passed)
      #expect(livePassed, "\(wrong.failureLines())")
      #expect(
        wrong.missingEvidence.map(\.description).contains {
          $0.contains("grad_w1 differs at 2 element(s) whose error scale overflowed")
            && $0.contains("user-0, user-1")
        }, "\(wrong.missingEvidence)")
      let row = wrong.live.flatMap(\.tensors).first { $0.name == .gradW1 }
      #expect(row?.status.hasPrefix("not judged") == true, "\(row?.status ?? "no row")")
    }
  }

  func audit(_ subject: some AuditSubject) -> AuditReport {
    var options = AuditOptions(goldenDirectory: Self.goldens)
    options.subject = subject
    return Auditor(options: options, live: .unavailable(reason: "test")).run()
  }

  @Test("a right implementation passes every golden; one whose loss is 1e-13 off fails")
  func verdicts() {
    let right = audit(TestImplementation())
    #expect(right.passed, "\(right.failureLines())")
    #expect(right.goldenCases == GoldenDirectory.manifest(in: Self.goldens)?.count)
    let wrong = audit(TestImplementation.lossTimes(1 + 1e-13))
    #expect(!wrong.passed)
    #expect(
      wrong.failureLines().contains {
        $0.contains("an implementation under test differs from NumPy (golden)")
      })
  }
}
