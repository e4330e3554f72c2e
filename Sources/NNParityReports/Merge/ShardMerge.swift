import Foundation
import NNParityAudit
import NNParityCases

/// `nnparity merge`: shard reports read from their files, checked to be one complete set,
/// and merged into the report one run would have made.
package enum ShardMerge {
  /// The merged report of the shard reports in `files`, or the first reason there is none
  /// (one line naming the file, and the field where there is one).
  package static func merge(files: [String], limits: JSONLimits = .default)
    throws(ShardMergeError) -> AuditReport
  {
    var documents: [(file: String, json: JSONValue)] = []
    for file in files { documents.append((file, try read(file, limits: limits))) }
    return try merge(documents: documents)
  }

  /// The merged report of shard reports already parsed, each named by its file.
  package static func merge(documents: [(file: String, json: JSONValue)])
    throws(ShardMergeError) -> AuditReport
  {
    var reports: [(file: String, report: AuditReport)] = []
    for (file, json) in documents {
      do {
        reports.append((file, try AuditReport(shardJSON: json)))
      } catch {
        throw ShardMergeError("\(file): \(error)")
      }
    }
    return AuditReport(merging: try ShardSet(reports))
  }

  /// One shard's report, parsed from `file`.
  static func read(_ file: String, limits: JSONLimits) throws(ShardMergeError) -> JSONValue {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) else {
      throw ShardMergeError("\(file): no such file")
    }
    guard !isDirectory.boolValue else {
      throw ShardMergeError("\(file): is a directory, not a shard report")
    }
    do {
      return try JSONReader.parse(try CaseFile.bytes(at: file, limits: limits), limits: limits)
    } catch let error as JSONSyntaxError {
      throw ShardMergeError("\(file): not a JSON report (\(error))")
    } catch {
      throw ShardMergeError("\(file): cannot be read (\(error))")
    }
  }
}
