import Foundation

// libFuzzer's entry point. libFuzzer supplies `main`; the work is in CaseReaderInput.swift,
// a symbolic link to Tests/NNParityConformanceTests/FuzzRegressionTests.swift, so the
// regression tests replay saved inputs through exactly this logic.

/// Each input is also written here and read back with `Golden(path:)`, the only public way
/// to read a golden: in memory (/dev/shm) where there is one, as truncating a file on disk
/// costs milliseconds. The process id keeps parallel fuzzers (`-jobs`, `-fork`) apart.
let goldenPath =
  (access("/dev/shm", W_OK) == 0 ? "/dev/shm" : NSTemporaryDirectory())
  + "/nnparity-fuzz-golden-\(getpid()).json"

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
