extension String {
  /// The text followed by spaces up to `width` characters (unchanged when already as wide),
  /// for aligned text tables.
  package func padded(to width: Int) -> String {
    count >= width ? self : self + String(repeating: " ", count: width - count)
  }
}
