import Foundation

extension Process {
  /// "exited with status N" or "was killed by signal N", for a process that has ended.
  var ending: String {
    switch terminationReason {
    case .uncaughtSignal: "was killed by signal \(terminationStatus)"
    case .exit: "exited with status \(terminationStatus)"
    @unknown default: "exited with status \(terminationStatus)"
    }
  }
}
