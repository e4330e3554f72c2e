import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension Process {
  /// "exited with status N" or "was killed by signal N", for a process that has ended.
  package var ending: String {
    switch terminationReason {
    case .uncaughtSignal: "was killed by signal \(terminationStatus)"
    case .exit: "exited with status \(terminationStatus)"
    @unknown default: "exited with status \(terminationStatus)"
    }
  }

  /// Waits up to `timeout` for the process to end; whether it did. (`Process` collects its
  /// status on another thread, so this polls it rather than calling `waitpid`.)
  package func exits(within timeout: Duration) -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while isRunning {
      guard clock.now < deadline else { return false }
      usleep(1000)
    }
    return true
  }

  /// Ends a running process: SIGTERM, then SIGKILL if it is still running `grace` later
  /// (one that ignores or handles SIGTERM must not outlive its caller's wait); returns once
  /// it has ended.
  package func stop(grace: Duration) {
    guard isRunning else { return }
    terminate()
    if !exits(within: grace) { kill(processIdentifier, SIGKILL) }
    waitUntilExit()
  }
}
