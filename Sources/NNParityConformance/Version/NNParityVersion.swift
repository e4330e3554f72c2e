/// The tool's version, in one place: `nnparity --version` and every report that names the
/// tool read it from here.
public enum NNParityVersion {
  /// The current version, semantic-versioning style.
  public static let current = "0.2.0"
}
