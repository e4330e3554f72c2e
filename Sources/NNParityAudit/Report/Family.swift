import NNParity

/// A family of cases compared alike, one row group of the report.
package enum Family: Sendable, Hashable, CustomStringConvertible {
  /// The goldens of one dtype, against their committed NumPy results.
  case goldens(DType)
  /// Random cases against live NumPy.
  case liveRandom(seed: UInt64)
  /// The user's `--case` files against live NumPy.
  case liveUserCases
  /// The user's `--case` files when there is no live reference (finite differences and
  /// invariants only).
  case userCases

  /// The family's name in reports: `goldens float32`, `live random (seed 1)`, …
  package var description: String {
    switch self {
    case .goldens(let dtype): "goldens \(dtype.rawValue)"
    case .liveRandom(let seed): "live random (seed \(seed))"
    case .liveUserCases: "live user cases"
    case .userCases: "user cases"
    }
  }
}

/// Which part of an audit a case belongs to, for progress.
package enum AuditPhase: String, Sendable, CaseIterable, CustomStringConvertible {
  case goldens
  case liveRandom = "live random"
  case liveUserCases = "live user cases"
  case userCases = "user cases"

  package var description: String { rawValue }
}

/// How far an audit has come: `done` of `total` cases, the last in `phase`.
package struct AuditProgress: Sendable, Equatable {
  package let done: Int
  package let total: Int
  package let phase: AuditPhase
}
