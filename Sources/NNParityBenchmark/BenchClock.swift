import Dispatch
import Foundation
import NNParity

/// A monotonic clock the benchmark reads around each Swift step; a test gives a fake one.
package protocol BenchClock {
  /// Nanoseconds since an arbitrary fixed point; never decreasing.
  func nanoseconds() -> UInt64
  /// Waits `seconds` without using a core.
  func pause(seconds: Double)
}

extension BenchClock {
  package func pause(seconds: Double) {
    Thread.sleep(forTimeInterval: seconds)
  }
}

/// The system's monotonic clock (`DispatchTime`).
package struct SystemClock: BenchClock {
  package init() {}

  package func nanoseconds() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
}
