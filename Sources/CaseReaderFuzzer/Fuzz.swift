import Foundation
import NNParityFuzzing

/// Each input is also written here and read back with `Golden(path:)`: in memory
/// (/dev/shm) where there is one, as truncating a file on disk costs milliseconds. The
/// process id keeps parallel fuzzers (`-jobs`, `-fork`) apart.
let goldenPath =
  (access("/dev/shm", W_OK) == 0 ? "/dev/shm" : NSTemporaryDirectory())
  + "/nnparity-fuzz-golden-\(getpid()).json"

#if NNPARITY_LIBFUZZER
  // libFuzzer's entry point; libFuzzer supplies `main` (`tools/fuzz/run` builds this target
  // with -sanitize=fuzzer and defines NNPARITY_LIBFUZZER).

  /// Runs one input; a broken promise stops the fuzzer with the input saved as a crash.
  @_cdecl("LLVMFuzzerTestOneInput")
  public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let report = CaseReaderInput.run(bytes, goldenPath: goldenPath)
    if !report.violations.isEmpty {
      fatalError("broken promise: " + report.violations.joined(separator: "; "))
    }
    return 0
  }
#else
  /// Without libFuzzer: replays the inputs named on the command line (a crash the fuzzer
  /// saved, say) and prints each one's outcome; exits 1 when a promise is broken.
  @main
  enum ReplayInputs {
    static func main() {
      var broken = false
      for path in CommandLine.arguments.dropFirst() {
        guard let data = FileManager.default.contents(atPath: path) else {
          print("\(path): cannot read")
          broken = true
          continue
        }
        let report = CaseReaderInput.run(Array(data), goldenPath: goldenPath)
        print("\(path): \(report.outcome)" + (report.isGolden ? ", a golden" : ""))
        for violation in report.violations { print("  broken promise: \(violation)") }
        broken = broken || !report.violations.isEmpty
      }
      unlink(goldenPath)
      exit(broken ? 1 : 0)
    }
  }
#endif
