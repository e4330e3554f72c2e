import Foundation

extension Double {
  /// Three significant digits, for reports: `1.23e-05`.
  package var shortDescription: String {
    self == 0 || !isFinite ? description : String(format: "%.3g", self)
  }
}
