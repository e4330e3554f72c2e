import Foundation
import NNParity
import NNParityAudit
import NNParityCases

/// The bundled network as the audit's live reference, so that an audit's live stage runs
/// without Python. `computesAhead` says what a worker pool would (the audit then compares
/// the goldens inside the first live callback); with `fails`, every case is the
/// reference's error.
package struct StandInReference: LiveReference {
  package var ahead: Bool
  package var fails: Bool
  package var computesAhead: Bool { ahead }

  package init(ahead: Bool = false, fails: Bool = false) {
    self.ahead = ahead
    self.fails = fails
  }

  /// Live NumPy for an audit: this stand-in, named "stand-in".
  package static func live(ahead: Bool = false, fails: Bool = false) -> LiveNumPy {
    .available(
      StandInReference(ahead: ahead, fails: fails), version: "stand-in", detail: "test")
  }

  package struct Refusal: Error, CustomStringConvertible {
    package var description: String { "the stand-in refuses every case" }
  }

  package func evaluate(_ networkCase: NetworkCase) throws -> CaseResult {
    if fails { throw Refusal() }
    return networkCase.evaluate()
  }
}

/// The bundled network seen from outside, as another Swift implementation under audit,
/// with an optional fault: `fault` rewrites the values of `faulty` in every result. It is
/// not `isBundledNetwork`, so the audit checks no finite differences on it.
package struct TestImplementation: AuditSubject {
  package var name: String
  package var faulty: TensorName
  package var fault: (@Sendable ([Double]) -> [Double])?
  package var evaluateCommand: String?

  package init(
    name: String = "an implementation under test", faulty: TensorName = .loss,
    evaluateCommand: String? = nil, fault: (@Sendable ([Double]) -> [Double])? = nil
  ) {
    self.name = name
    self.faulty = faulty
    self.evaluateCommand = evaluateCommand
    self.fault = fault
  }

  /// Every loss multiplied by `factor`.
  package static func lossTimes(_ factor: Double, name: String = "an implementation under test")
    -> TestImplementation
  {
    TestImplementation(name: name, fault: { $0.map { $0 * factor } })
  }

  package func evaluate(_ cases: [NetworkCase]) -> [Result<CaseResult, SubjectError>] {
    cases.map { c in
      let result = c.evaluate()
      guard let fault, let tensor = result.tensors[faulty] else { return .success(result) }
      var tensors = result.tensors
      tensors[faulty] = Tensor(shape: tensor.shape, values: fault(tensor.values))
      return .success(CaseResult(name: result.name, dtype: result.dtype, tensors: tensors))
    }
  }
}

/// Audits run in-process for tests.
package enum Audits {
  /// No live NumPy: the goldens alone, as with `NNPARITY_PYTHON=none`.
  package static let goldensOnly = LiveNumPy.unavailable(reason: "NNPARITY_PYTHON=none")

  /// The audit of the golden folder `goldens` (the package's by default) with `live`, its
  /// options set by `configure` (no random case unless it asks for some).
  package static func run(
    _ goldens: String = GoldenFolders.package.path, live: LiveNumPy = goldensOnly,
    _ configure: (inout AuditOptions) throws -> Void
  ) rethrows -> AuditReport {
    var options = AuditOptions(goldenDirectory: goldens)
    try configure(&options)
    return Auditor(options: options, live: live).run()
  }

  /// The audit of the golden folder `goldens` (the package's by default) with `live`, and
  /// otherwise the default options.
  package static func run(
    _ goldens: String = GoldenFolders.package.path, live: LiveNumPy = goldensOnly
  ) -> AuditReport {
    run(goldens, live: live) { _ in }
  }

  /// The audit, from the goldens alone, of a `GoldenFolders.nudgedBatch` folder made in
  /// `scratch`; with `savingFailures`, failing cases are to be saved in `saved`
  /// (`scratch/failures`, which the audit names and does not write).
  package static func ofNudgedBatch(in scratch: URL, savingFailures: Bool = false) throws
    -> (report: AuditReport, folder: URL, nudged: [Double], saved: String)
  {
    let (folder, nudged) = try GoldenFolders.nudgedBatch(in: scratch)
    let saved = scratch.appendingPathComponent("failures").path
    let report = run(folder.path) { if savingFailures { $0.saveFailuresDirectory = saved } }
    return (report, folder, nudged, saved)
  }
}
