import Foundation
import NNParityReports

/// Writes diagnostics to standard error.
enum StandardError {
  /// One line.
  static func write(_ line: String) {
    writeRaw(line + "\n")
  }

  /// Text as is (for a progress bar's carriage returns).
  static func writeRaw(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
  }
}
