import NNParity

/// Watches a file as it is read for a byte where `JSONReader` stops whatever follows, so
/// that reading can stop there too: a first byte (not blank, after a UTF-8 byte order mark)
/// that no value starts with, as in `/dev/zero` or a binary file; or a bracket nested deeper
/// than `JSONLimits.maximumDepth`, as in `yes '['`. Given the bytes up to that one, the
/// reader fails at or before it with the error it gives the whole file: where it fails, it
/// looks at no byte past it. (Not so at a control character in a string: after `\u12` the
/// reader would want two more bytes, and say "short" instead of "bad".)
struct JSONPrefixCheck {
  private let maximumDepth: Int
  /// The bytes of the byte order mark seen so far, until one is not (then `nil`).
  private var markBytes: Int? = 0
  private var started = false
  private var inString = false
  private var escaped = false
  /// Open brackets outside strings, less closed ones.
  private var depth = 0

  init(maximumDepth: Int) {
    self.maximumDepth = maximumDepth
  }

  /// Whether reading can stop, given the next bytes read.
  mutating func stopsReading(after bytes: ArraySlice<UInt8>) -> Bool {
    let mark: [UInt8] = [0xEF, 0xBB, 0xBF]
    for byte in bytes {
      if let seen = markBytes {
        if seen < mark.count, byte == mark[seen] {
          markBytes = seen + 1
          continue
        }
        markBytes = nil
        // Part of a mark: its first byte, 0xEF, is where the reader stops.
        if seen > 0, seen < mark.count { return true }
      }
      if inString {
        if escaped {
          escaped = false
        } else if byte == UInt8(ascii: "\\") {
          escaped = true
        } else if byte == UInt8(ascii: "\"") {
          inString = false
        }
        continue
      }
      switch byte {
      case 0x20, 0x09, 0x0A, 0x0D: continue
      default: break
      }
      if !started {
        started = true
        if !Self.startsValue(byte) { return true }
      }
      switch byte {
      case UInt8(ascii: "\""): inString = true
      case UInt8(ascii: "["), UInt8(ascii: "{"):
        depth += 1
        if depth > maximumDepth { return true }
      case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
      default: break
      }
    }
    return false
  }

  /// Whether a JSON value can start with `byte`: `{`, `[`, `"`, `-`, a digit, or the first
  /// letter of `true`, `false` or `null`.
  static func startsValue(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "\""), UInt8(ascii: "-"),
      UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "t"), UInt8(ascii: "f"),
      UInt8(ascii: "n"):
      true
    default: false
    }
  }
}
