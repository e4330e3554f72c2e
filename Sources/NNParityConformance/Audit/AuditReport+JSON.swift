import NNParity

extension AuditReport {
  /// The report as JSON. Key names are stable and documented in the README.
  public var json: JSONValue {
    func failures(_ list: [String]) -> JSONValue { .array(list.map(JSONValue.string)) }
    func family(_ f: FamilySummary) -> JSONValue {
      .object([
        ("family", .string(f.name)), ("cases", .integer(f.cases)), ("passed", .bool(f.passed)),
        (
          "tensors",
          .array(
            f.tensors.map { t in
              .object([
                ("tensor", .string(t.name.rawValue)), ("cases", .integer(t.cases)),
                ("max_abs_error", .double(t.maxAbsoluteError)),
                ("max_rel_error", .double(t.maxRelativeError)), ("max_ulp", .integer(t.maxULPs)),
                ("max_scaled_error", .double(t.maxScaledError)), ("bound", .double(t.bound)),
                ("worst_case", .string(t.worstCase)), ("passed", .bool(t.passed)),
              ])
            })
        ),
        ("failures", failures(f.failures.map(\.message))),
        (
          "explained",
          .array(
            f.explained.map {
              .object([("case", .string($0.caseName)), ("explanation", .string($0.explanation))])
            })
        ),
      ])
    }
    var numpyMembers: [(key: String, value: JSONValue)]
    switch numpy {
    case .available(let version, let detail):
      numpyMembers = [
        ("available", .bool(true)), ("version", .string(version)), ("detail", .string(detail)),
      ]
    case .unavailable(let reason):
      numpyMembers = [("available", .bool(false)), ("reason", .string(reason))]
    }
    var liveMembers: [(key: String, value: JSONValue)] = [
      ("ran", .bool(liveSkippedReason == nil && !live.isEmpty)),
      ("families", .array(live.map(family))),
    ]
    if let liveSkippedReason { liveMembers.append(("skipped_reason", .string(liveSkippedReason))) }
    return .object([
      ("passed", .bool(passed)),
      ("numpy", .object(numpyMembers)),
      ("goldens", .array(goldens.map(family))),
      ("live", .object(liveMembers)),
      (
        "finite_differences",
        .array(
          finiteDifferences.map { f in
            .object([
              ("family", .string(f.name)), ("semantics", .string(f.semantics.rawValue)),
              ("pass", .string(f.pass.rawValue)), ("expected_to_match", .bool(f.expectedToMatch)),
              ("cases", .integer(f.cases)), ("worst_rel_error", .double(f.worstError)),
              ("where", .string(f.worstLocation)),
              ("worst_rel_error_beyond_noise", .double(f.worstErrorBeyondNoise)),
              ("below_noise", .integer(f.belowNoise)),
              ("skipped_at_kinks", .integer(f.skippedAtKinks)),
              ("passed", .bool(f.passed)), ("failures", failures(f.failures)),
            ])
          })
      ),
      (
        "invariants",
        .array(
          invariants.map { i in
            .object([
              ("invariant", .string(i.name)), ("cases", .integer(i.cases)),
              ("worst_deviation", .double(i.worstDeviation)), ("worst_case", .string(i.worstCase)),
              ("passed", .bool(i.passed)), ("failures", failures(i.failures)),
            ])
          })
      ),
      (
        "exact_oracle",
        .array(
          exact.map { e in
            .object([
              ("dtype", .string(e.dtype.rawValue)), ("tensor", .string(e.tensor.rawValue)),
              ("cases", .integer(e.cases)), ("elements", .integer(e.elements)),
              ("swift_max_ulp_at_scale", .double(e.swiftMaxScaledULPs)),
              ("numpy_max_ulp_at_scale", .double(e.numpyMaxScaledULPs)),
              ("swift_max_ulp", .integer(e.swiftMaxULPs)),
              ("numpy_max_ulp", .integer(e.numpyMaxULPs)),
              ("swift_closer", .integer(e.swiftCloser)), ("numpy_closer", .integer(e.numpyCloser)),
            ])
          })
      ),
      ("load_errors", failures(loadErrors)),
    ])
  }
}
