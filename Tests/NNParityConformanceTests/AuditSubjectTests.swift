import NNParity
import NNParityConformance
import NNParityTestSupport
import Testing

/// Another Swift implementation audited from its own tests, through `AuditSubject`.
@Suite("AuditSubject: auditing another Swift implementation")
struct AuditSubjectTests {
  /// The bundled network seen from outside, with an optional fault in the loss.
  struct Implementation: AuditSubject {
    var lossFactor = 1.0
    var name: String { "an implementation under test" }

    func evaluate(_ cases: [NetworkCase]) -> [Result<CaseResult, SubjectError>] {
      cases.map { c in
        let result = c.evaluate()
        guard lossFactor != 1, let loss = result.tensors[.loss] else { return .success(result) }
        var tensors = result.tensors
        tensors[.loss] = Tensor(shape: loss.shape, values: loss.values.map { $0 * lossFactor })
        return .success(CaseResult(name: result.name, dtype: result.dtype, tensors: tensors))
      }
    }
  }

  static let goldens = TestFiles.packageRoot.appendingPathComponent("reference/golden").path

  func audit(_ subject: some AuditSubject) -> AuditReport {
    var options = AuditOptions(goldenDirectory: Self.goldens)
    options.subject = subject
    return Auditor(options: options, reference: nil, numpy: .unavailable(reason: "test"))
      .run()
  }

  @Test("a right implementation passes every golden; one whose loss is 1e-13 off fails")
  func verdicts() {
    let right = audit(Implementation())
    #expect(right.passed, "\(right.failureLines)")
    #expect(right.goldenCases == GoldenDirectory.manifest(in: Self.goldens)?.count)
    let wrong = audit(Implementation(lossFactor: 1 + 1e-13))
    #expect(!wrong.passed)
    #expect(
      wrong.failureLines.contains {
        $0.contains("an implementation under test differs from NumPy (golden)")
      })
  }
}
