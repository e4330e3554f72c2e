import NNParityCases
import NNParityJudging

/// One failing case, as fields a reader can act on: which side is which, how many elements
/// are beyond the bound and the worst of them, what a float64 run says of a float32 case,
/// and the commands that reproduce it.
package struct CaseFailure: Sendable, Equatable {
  /// The case's name.
  package var caseName: String
  /// The family it failed in.
  package var family: Family
  /// The side checked against.
  package var expectedSide: ExpectedSide
  /// The side checked: `Swift`, or the audited subject's name.
  package var actualSide: String
  /// Where the expected values come from, when that is a file (the golden's path).
  package var source: String?
  /// The tensors beyond their bounds.
  package var tensors: [TensorComparison] = []
  /// Tensors present on one side only.
  package var missingTensors: [TensorName] = []
  /// Why the case could not be compared at all (the reference raised), when that happened.
  package var error: String?
  /// For a float32 case with live NumPy: Swift and NumPy against a float64 run.
  package var float64View: [Float64Drift] = []
  /// Commands that reproduce the failure.
  package var reproduce: [String] = []
  /// The case file `--save-failures` is to hold for it, which `reproduce` points at.
  package var savedFile: String?
  /// What to do when the expected side changed on purpose (re-record the goldens).
  package var hint: String?
  /// The case's position in the order one whole run judges the cases (`AuditPlan`).
  package var position = 0
  /// The smallest case found that still fails the same way, or why none was looked for
  /// (nil when shrinking is off).
  package var shrinking: ShrinkOutcome?

  /// A failure from a comparison that did not pass.
  init(
    _ comparison: CaseComparison, family: Family, expectedSide: ExpectedSide, source: String?,
    actualSide: String = "Swift"
  ) {
    caseName = comparison.caseName
    self.family = family
    self.expectedSide = expectedSide
    self.actualSide = actualSide
    self.source = source
    tensors = comparison.failures
    missingTensors = comparison.missingTensors
  }

  /// A case that could not be compared.
  package init(
    caseName: String, family: Family, expectedSide: ExpectedSide, error: String,
    actualSide: String = "Swift"
  ) {
    self.caseName = caseName
    self.family = family
    self.expectedSide = expectedSide
    self.actualSide = actualSide
    self.error = error
  }

  /// The case file name `--save-failures` writes it under: the name with anything but
  /// letters, digits, `-`, `_` and `.` replaced by `_`, plus `.json`.
  package static func fileName(for caseName: String) -> String {
    let safe = caseName.unicodeScalars.map { scalar -> String in
      let allowed =
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
        || ("0"..."9").contains(scalar) || "-_.".unicodeScalars.contains(scalar)
      return allowed ? String(scalar) : "_"
    }
    .joined()
    return (safe.isEmpty || safe.hasPrefix(".") ? "case" + safe : safe) + ".json"
  }
}

/// What a failing case was checked against.
package enum ExpectedSide: String, Sendable, CustomStringConvertible {
  case goldenNumPy = "NumPy (golden)"
  case liveNumPy = "NumPy (live)"
  /// A user's case without a live reference.
  case checksOnly = "finite differences and invariants"

  package var description: String { rawValue }
}
