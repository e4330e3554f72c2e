import NNParityCases
import NNParityPython
import NNParityReports

/// A failure while a command runs (a file that cannot be written, no goldens to find), as
/// opposed to a wrong argument: ArgumentParser prints `Error: <message>` and exits 1, with
/// no usage line. `ValidationError`, which adds the usage and exits 64, is for `validate()`.
struct CommandFailure: Error, CustomStringConvertible {
  var description: String

  init(_ message: String) {
    description = message
  }
}
