import ArgumentParser
import Testing

@testable import nnparity

/// `bench --threads` is bounded above. Parsed here, in the test, not by running `nnparity`:
/// without the bound, a run would start the benchmark with that many threads.
@Suite("bench --threads")
struct BenchThreadsTests {
  @Test("more than 256 threads is refused, saying why")
  func tooManyThreads() {
    let error = #expect(throws: (any Error).self) {
      try BenchCommand.parse(["--threads", "100000"])
    }
    #expect(
      error.map(BenchCommand.message(for:))
        == "--threads must be at most 256, not 100000: more threads than cores only share "
        + "them, and the peak column divides by the threads as if each had a core.")
    #expect(error.map(BenchCommand.exitCode(for:)) == .validationFailure)
    #expect(throws: Never.self) { try BenchCommand.parse(["--threads", "256"]) }
  }
}
