import NNParity
import NNParityPython

extension Array where Element == Double {
  /// The median (the mean of the middle two for an even count); 0 for an empty array.
  /// Benchmarks report medians: robust to the outliers a shared machine produces.
  package var median: Double {
    guard !isEmpty else { return 0 }
    let sorted = self.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
  }
}
