import Foundation

/// A one-line progress bar on standard error, shown only on a terminal and only once a
/// run has taken more than a second.
struct ProgressBar {
  private let enabled: Bool
  private let start = Date()
  private var shown = false

  init(enabled: Bool) {
    self.enabled = enabled && isatty(STDERR_FILENO) != 0
  }

  mutating func update(done: Int, total: Int) {
    guard enabled, total > 0, Date().timeIntervalSince(start) > 1 else { return }
    shown = true
    let width = 30
    let filled = width * done / total
    let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
    StandardError.writeRaw("\r[\(bar)] \(done)/\(total)")
  }

  func finish() {
    if shown { StandardError.writeRaw("\r\u{1B}[K") }
  }
}
