import NNParity
import NNParityCases

/// A `--filter` pattern: a glob (`*` any run, `?` one character) when it has a wildcard,
/// else a substring of the name.
package struct NamePattern: Sendable, Equatable, CustomStringConvertible {
  /// The pattern as given.
  package let text: String

  package init(_ text: String) { self.text = text }

  package var description: String { text }

  /// The items the pattern selects: the one named exactly `text` when there is one (so a
  /// failing golden's reproduce command selects that golden alone), else every match.
  package func select<Item>(_ items: [Item], name: (Item) -> String) -> [Item] {
    let exact = items.filter { name($0) == text }
    return exact.isEmpty ? items.filter { matches(name($0)) } : exact
  }

  /// Whether `name` matches.
  package func matches(_ name: String) -> Bool {
    guard text.contains("*") || text.contains("?") else { return name.contains(text) }
    return Self.glob(Array(text), Array(name))
  }

  /// Glob matching without recursion: the last `*` is the only backtracking point.
  private static func glob(_ pattern: [Character], _ name: [Character]) -> Bool {
    var (p, n) = (0, 0)
    var star: (p: Int, n: Int)?
    while n < name.count {
      if p < pattern.count, pattern[p] == "?" || pattern[p] == name[n] {
        (p, n) = (p + 1, n + 1)
      } else if p < pattern.count, pattern[p] == "*" {
        star = (p, n)
        p += 1
      } else if let s = star {
        star = (s.p, s.n + 1)
        (p, n) = (s.p + 1, s.n + 1)
      } else {
        return false
      }
    }
    while p < pattern.count, pattern[p] == "*" { p += 1 }
    return p == pattern.count
  }
}
