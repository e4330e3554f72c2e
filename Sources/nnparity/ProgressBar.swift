import Foundation
import NNParity
import NNParityBenchmark
import NNParityCases
import NNParityPython
import NNParityReports

/// A one-line progress bar on standard error — phase, count and estimated time left —
/// shown only on a terminal and only once a run has taken more than a second.
struct ProgressBar {
  private let enabled: Bool
  private let start = Date()
  private var shown = false

  init(enabled: Bool) {
    self.enabled = enabled && isatty(STDERR_FILENO) != 0
  }

  mutating func update(done: Int, total: Int, phase: String) {
    let elapsed = Date().timeIntervalSince(start)
    guard enabled, total > 0, elapsed > 1 else { return }
    shown = true
    let width = 24
    let filled = width * min(done, total) / total
    let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
    let left = done > 0 ? elapsed / Double(done) * Double(total - done) : 0
    let line = "\(phase): [\(bar)] \(done)/\(total), ETA \(Self.duration(left))"
    StandardError.writeRaw("\r\u{1B}[K" + line)
  }

  func finish() {
    if shown { StandardError.writeRaw("\r\u{1B}[K") }
  }

  /// `42 s`, `3 min 05 s`.
  static func duration(_ seconds: Double) -> String {
    let whole = Int(seconds.rounded())
    return whole < 60 ? "\(whole) s" : String(format: "%d min %02d s", whole / 60, whole % 60)
  }
}
