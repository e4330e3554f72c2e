/// Why shard reports cannot be merged: one line, naming the file and the field.
package struct ShardMergeError: Error, Sendable, Equatable, CustomStringConvertible {
  package let description: String

  package init(_ description: String) { self.description = description }
}
