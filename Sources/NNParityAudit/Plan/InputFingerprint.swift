import Foundation

/// A fingerprint of input files, to tell whether two runs read the same ones: FNV-1a (64
/// bits) over each file's name (its last path component, so that two checkouts in different
/// folders agree) and bytes, in the order given. A file that cannot be read adds a marker
/// instead of bytes. Not a cryptographic hash: it guards against mistakes, not adversaries.
package enum InputFingerprint {
  /// `fnv1a64:` and 16 hex digits.
  package static func of(files: [String]) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    func add(_ bytes: some Sequence<UInt8>) {
      for byte in bytes {
        hash ^= UInt64(byte)
        hash = hash &* 0x100_0000_01b3
      }
    }
    for path in files {
      add(Array((path.split(separator: "/").last.map(String.init) ?? path).utf8))
      add([0])
      if let data = FileManager.default.contents(atPath: path) {
        add(Array("\(data.count):".utf8))
        add(data)
      } else {
        add(Array("unreadable".utf8))
      }
      add([0])
    }
    let hex = String(hash, radix: 16)
    return "fnv1a64:" + String(repeating: "0", count: 16 - hex.count) + hex
  }
}
