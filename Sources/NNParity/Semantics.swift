/// Which of the notebook's two implementations a computation follows.
public enum Semantics: String, Sendable, CaseIterable {
  /// The PyTorch cells: the exact derivative of the loss, inverted dropout, and the
  /// gradient of the dropped network.
  case reference
  /// The NumPy cells as written: `dz2 = p − y` whatever ε is; dropout multiplies by the
  /// mask without rescaling, and the backward pass ignores it.
  case notebook
}

/// How the per-element losses are combined.
public enum Reduction: String, Sendable, CaseIterable {
  /// `L = −Σ y log p` (the notebook's).
  case sum
  /// The sum divided by the batch size.
  case mean
}
