import Foundation

/// One `reference/golden/rng/seed-<seed>.json` file (schema `nnparity.rng/1`).
public struct RNGGolden: Sendable {
  /// Seeds whose first 10,000 doubles the reference script writes to
  /// `reference/golden/rng/seed-<seed>.json`: small, one and two 32-bit words, and the
  /// extremes.
  public static let seeds: [UInt64] = [0, 1, 7, 1 << 32, (1 << 63) + 5, .max]

  public let schema: String
  public let seed: String
  public let count: Int
  public let doubles: [Double]

  private struct Envelope: Decodable {
    let schema: String
    let seed: String
    let count: Int
  }

  public init(seed: UInt64) throws {
    let url = TestFiles.packageRoot.appendingPathComponent("reference/golden/rng/seed-\(seed).json")
    guard FileManager.default.fileExists(atPath: url.path) else {
      throw GoldenError.missing("\(url.path) (written by tools/regen)")
    }
    let data = try Data(contentsOf: url)
    let envelope = try JSONDecoder().decode(Envelope.self, from: data)
    schema = envelope.schema
    self.seed = envelope.seed
    count = envelope.count
    doubles = try Self.doublesArray(in: String(decoding: data, as: UTF8.self))
  }

  // Read the doubles with `Double(_:)` (correctly rounded) rather than trusting a JSON
  // library's number conversion to be exact.
  private static func doublesArray(in text: String) throws -> [Double] {
    guard let key = text.range(of: "\"doubles\""),
      let open = text[key.upperBound...].firstIndex(of: "["),
      let close = text[open...].firstIndex(of: "]")
    else { throw GoldenError.malformed("no \"doubles\" array") }
    return try text[text.index(after: open)..<close].split(separator: ",").map { token in
      let trimmed = token.trimmingCharacters(in: .whitespacesAndNewlines)
      guard let value = Double(trimmed) else {
        throw GoldenError.malformed("bad double \(trimmed)")
      }
      return value
    }
  }

  public enum GoldenError: Error {
    case missing(String)
    case malformed(String)
  }
}
