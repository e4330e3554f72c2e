import NNParity
import NNParityAudit
import NNParityReports
import NNParityTestSupport
import Testing

@testable import NNParityTesting

/// The bias check's power, shown on implementations independent of NNParity's network: an
/// `exp` or `log` off by 2 ulps, always the same way, passes every per-element bound but
/// fails the bias check from the goldens alone, in each dtype; the legitimate ways to
/// compute the network pass it.
@Suite("the bias check")
struct BiasCheckTests {
  /// `network` audited from the goldens alone (no live NumPy, as `NNPARITY_PYTHON=none`).
  static func audit(_ network: VariantNetwork) -> AuditReport {
    Audits.run { $0.subject = ImplementationSubject(implementation: network) }
  }

  static let biased = [
    VariantNetwork(name: "exp +2 ulp", expULPs: 2), VariantNetwork(name: "exp −2 ulp", expULPs: -2),
    VariantNetwork(name: "log +2 ulp", logULPs: 2), VariantNetwork(name: "log −2 ulp", logULPs: -2),
  ]

  @Test(
    "a 2-ulp bias in exp or log passes every per-element bound and fails the bias check in each dtype",
    arguments: biased)
  func biasedFails(_ network: VariantNetwork) {
    let report = Self.audit(network)
    // The bias is invisible element by element …
    #expect(report.goldens.allSatisfy(\.passed) && report.exact.allSatisfy(\.passed))
    #expect(report.goldenCases == 98 && report.missingEvidence.isEmpty)
    // … and plain in the mean, in each dtype on its own.
    for dtype in DType.allCases {
      let flagged = report.bias.filter { $0.dtype == dtype && !$0.passed }
      #expect(!flagged.isEmpty, "\(network.name), \(dtype): \(report.bias.map(\.figures))")
    }
    #expect(!report.passed)
  }

  @Test("a bias is reported in every format, in the verdict and as an expectParity issue")
  func reported() throws {
    let report = Self.audit(VariantNetwork(name: "log +2 ulp", logULPs: 2))
    let flagged = report.bias.filter { !$0.passed }.map {
      "\($0.dtype.rawValue) \($0.tensor.rawValue)"
    }
    #expect(flagged.contains("float64 loss") && flagged.contains("float32 loss"), "\(flagged)")
    let failure = "bias: float64 loss: the subject's mean signed error +0."
    #expect(report.verdict.hasPrefix("FAILED (\(flagged.count) biased tensors failed)"))
    let oneScreen = report.text()
    #expect(oneScreen.contains("bias float64: largest |mean| 0.") && oneScreen.contains(failure))
    #expect(oneScreen.contains("bias float64: largest |mean| 0.1") && oneScreen.contains(" FAIL"))
    let verbose = report.text(verbose: true)
    #expect(verbose.contains("Bias: log +2 ulp's mean signed error") && verbose.contains(failure))
    #expect(report.text(quiet: true).contains(failure))
    #expect(report.markdown().contains("Bias: ") && report.html().contains("Bias: "))
    #expect(report.junit().contains("<testcase classname=\"bias\" name=\"float64 loss\""))
    guard case .object(let members) = report.json(),
      case .array(let entries)? = members.first(where: { $0.key == "bias" })?.value
    else {
      Issue.record("no bias section in the JSON")
      return
    }
    #expect(entries.count == 14)
    let issues = ParityIssues(report).map(\.message).filter { $0.hasPrefix("bias: ") }
    #expect(issues.count == flagged.count && issues.contains { $0.hasPrefix(failure) })
  }

  static let legitimate = [
    VariantNetwork(name: "in order"), VariantNetwork(name: "float64 inside", doubleInside: true),
    VariantNetwork(name: "sums reversed", summation: .reversed),
    VariantNetwork(name: "sums compensated", summation: .compensated),
  ]

  @Test(
    "the legitimate ways to compute the network pass, the bias check too", arguments: legitimate)
  func legitimatePasses(_ network: VariantNetwork) {
    let report = Self.audit(network)
    #expect(report.bias.count == 14 && report.bias.allSatisfy { $0.subject.count > 0 })
    let flagged = report.bias.filter { !$0.passed }
    #expect(flagged.isEmpty, "\(network.name): \(flagged.map(\.figures))")
    #expect(report.passed, "\(network.name): \(report.verdict)")
  }
}

extension VariantNetwork: CustomTestStringConvertible {
  var testDescription: String { name }
}

extension BiasSummary {
  /// `float64 loss +0.087 (z +6.1)`, for a failing expectation's message.
  var figures: String {
    "\(dtype.rawValue) \(tensor.rawValue) \(subject.mean ?? .nan) (z \(subject.z ?? .nan))"
  }
}
