import Foundation
import NNParity
import NNParityJudging
import NNParityReports
import NNParityTestSupport
import Testing

@testable import NNParityAudit
@testable import NNParityCases

/// The verdict fails when any one section of the report fails, and an implementation that
/// only the exact oracle catches fails the whole audit.
@Suite("The audit's verdict")
struct VerdictTests {
  /// One way for one section of a report to fail, every other section passing.
  enum FailingSection: String, CaseIterable, CustomTestStringConvertible {
    case goldens, live, finiteDifferences, invariants, exact, loadErrors, subjectErrors
    case missingEvidence

    var testDescription: String { rawValue }

    func apply(to report: inout AuditReport) {
      let failure = CaseFailure(
        caseName: "c", family: .goldens(.float64), expectedSide: .goldenNumPy, error: "differs")
      let check = CheckFailure(caseName: "c", measure: "m", value: 2, bound: 1, text: "2")
      switch self {
      case .goldens: report.goldens[0].addError(failure)
      case .live: report.live[0].addError(failure)
      case .finiteDifferences: report.finiteDifferences[0].failures.append(check)
      case .invariants: report.invariants[0].record(caseName: "c", deviation: 2, bound: 1)
      case .exact: report.exact[0].failures.append(check)
      case .loadErrors:
        report.loadErrors.append(CaseError(file: "c.json", field: nil, message: "not JSON"))
      case .subjectErrors: report.subjectErrors.append(failure)
      case .missingEvidence: report.missingEvidence.append(.noExactValues)
      }
    }
  }

  /// A report with one passing entry in every section.
  static func passingReport() -> AuditReport {
    var report = AuditReport(numpy: .available(version: "stand-in", detail: "test"))
    report.goldens = [FamilySummary(.goldens(.float64))]
    report.live = [FamilySummary(.liveRandom(seed: 1))]
    report.finiteDifferences = [
      FiniteDifferenceSummary(semantics: .reference, pass: .evaluation, expectedToMatch: true)
    ]
    var invariant = InvariantSummary(name: "probability rows sum to 1")
    invariant.record(caseName: "c", deviation: 0, bound: 1)
    report.invariants = [invariant]
    report.exact = [ExactSummary(tensor: .probs, dtype: .float64)]
    return report
  }

  @Test("every section passing passes; any one failing fails", arguments: FailingSection.allCases)
  func oneSectionFails(section: FailingSection) {
    #expect(Self.passingReport().passed)
    var report = Self.passingReport()
    section.apply(to: &report)
    let passed = report.passed
    #expect(!passed, "\(section.rawValue) failed and the verdict passed")
    #expect(report.verdict.hasPrefix("FAILED"), "\(report.verdict)")
  }

  /// The bundled network, with one element of one golden's result replaced.
  struct OneElementChanged: AuditSubject {
    var target: (caseName: String, tensor: TensorName, index: Int, value: Double)
    var name: String { "one element changed" }

    func evaluate(_ cases: [NetworkCase]) -> [Result<CaseResult, SubjectError>] {
      cases.map { c in
        var result = c.evaluate()
        if c.name == target.caseName, let tensor = result.tensors[target.tensor] {
          var values = tensor.values
          values[target.index] = target.value
          result.tensors[target.tensor] = Tensor(shape: tensor.shape, values: values)
        }
        return .success(result)
      }
    }
  }

  /// An element of a golden where NumPy's value sits `d` u·C from the exact value (d
  /// well above the rounding of the element itself), and a value `bound + |d|/2` u·C from
  /// the exact value on NumPy's side: beyond the exact bound, within the parity bound of
  /// NumPy. Chosen from the committed goldens as the largest such margin.
  static func exactOnlyTarget(
    in goldens: [Golden]
  ) -> (caseName: String, tensor: TensorName, index: Int, value: Double, margin: Double)? {
    var best: (caseName: String, tensor: TensorName, index: Int, value: Double, margin: Double)?
    for golden in goldens {
      let dtype = golden.networkCase.dtype
      for (name, exact) in golden.exact?.orderedTensors ?? [] {
        guard let numpy = golden.expected.tensors[name],
          let scales = golden.expected.errorScales[name]
        else { continue }
        let bound = Tolerances.exact(dtype, name).scaledBound
        for (i, (e, (n, c))) in zip(exact.values, zip(numpy.values, scales.values)).enumerated() {
          let unit = dtype.unitRoundoff * c + dtype.smallestNormal
          let d = (n - e) / unit
          // Rounding the new value to the dtype moves it by at most |e| / C of these units.
          let rounding = abs(e) / c
          guard d.isFinite, rounding.isFinite, abs(d) - 2 * rounding > (best?.margin ?? 0.1)
          else { continue }
          var value = e + (d > 0 ? 1 : -1) * (bound + abs(d) / 2) * unit
          if dtype == .float32 { value = Double(Float(value)) }
          best = (golden.name, name, i, value, abs(d) - 2 * rounding)
        }
      }
    }
    return best
  }

  @Test("an implementation off only against the exact values fails the audit")
  func exactOnlyFailure() throws {
    let directory = GoldenFolders.package.path
    let goldens = try Golden.all(in: directory, limits: .default).compactMap { try? $0.get() }
    let target = try #require(
      Self.exactOnlyTarget(in: goldens), "no golden has an element NumPy rounds far enough")
    var options = AuditOptions(goldenDirectory: directory)
    options.goldenFilter = NamePattern(target.caseName)
    options.subject = OneElementChanged(
      target: (target.caseName, target.tensor, target.index, target.value))
    let report = Auditor(options: options, live: .unavailable(reason: "test")).run()
    let location = "\(target.caseName) \(target.tensor.rawValue)[\(target.index)]"
    let othersPassed = report.goldens.allSatisfy(\.passed) && report.invariants.allSatisfy(\.passed)
    #expect(othersPassed, "\(location): \(report.failureLines())")
    #expect(
      report.exact.contains { !$0.passed && $0.tensor == target.tensor },
      "\(location): the exact oracle did not catch it")
    let passed = report.passed
    #expect(!passed, "\(location): only the exact oracle failed, and the audit passed")
  }
}
