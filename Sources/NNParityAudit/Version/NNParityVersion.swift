/// The tool's version, in one place: `nnparity --version` and every report that names the
/// tool read it from here.
package enum NNParityVersion {
  /// The current version, semantic-versioning style.
  package static let current = "0.2.0"
}
