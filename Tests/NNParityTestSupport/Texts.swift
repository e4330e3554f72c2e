import Foundation

/// Case files' text for tests.
public enum CaseTexts {
  /// The notebook's network as a case file (B=2, I=3, H=4, O=2); `extra` is added to its
  /// members (`, "train": {…}`).
  public static func notebook(
    _ extra: String = "", semantics: String = "reference", dtype: String = "float64"
  ) -> String {
    """
    {"schema": "nnparity.case/1", "name": "notebook", "dtype": "\(dtype)", "semantics": "\(semantics)",
     "x": [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], "y": [[0, 1], [1, 0]],
     "w1": [[0.1, 0.2, 0.3, 0.4], [0.5, 0.6, 0.7, 0.8], [0.9, 1.0, 1.1, 1.2]],
     "w2": [[0.2, 0.3], [0.4, 0.5], [0.6, 0.7], [0.8, 0.9]]\(extra)}
    """
  }

  /// Writes `text` to `folder/name` and returns its path.
  public static func write(_ text: String, to folder: URL, as name: String) throws -> String {
    let file = folder.appendingPathComponent(name)
    try text.write(to: file, atomically: true, encoding: .utf8)
    return file.path
  }
}

extension String {
  /// The text with every run of spaces and line breaks made one space, so that a phrase is
  /// found wherever a report wrapped it to fit its width.
  public var flattened: String {
    split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
  }
}
