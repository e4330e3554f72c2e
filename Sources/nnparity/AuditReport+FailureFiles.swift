import Foundation
import NNParityAudit
import NNParityCases

extension AuditReport {
  /// Writes each failing case the audit named (`--save-failures`) as a case file; one that
  /// cannot be written is said in its failure's place of the reproduce commands.
  mutating func writeFailureFiles() {
    for file in failureFiles {
      do {
        let directory = (file.path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(
          atPath: directory, withIntermediateDirectories: true)
        try file.networkCase.jsonText.write(toFile: file.path, atomically: true, encoding: .utf8)
      } catch {
        noteUnwritable(file, reason: FileErrorReason.of(error))
      }
    }
  }
}
