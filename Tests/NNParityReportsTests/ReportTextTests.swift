import NNParity
import NNParityAudit
import NNParityCases
import NNParityJudging
import NNParityReports
import Testing

/// Text for a terminal: within 100 columns, each note once, colour only where wanted.
@Suite("Report text")
struct ReportTextTests {
  @Test("wrapping breaks at spaces, then after hyphens, then inside a piece")
  func wrapping() {
    #expect("a bb ccc".wrapped(to: 4) == ["a bb", "ccc"])
    #expect(
      "random-20-float32-reference".wrapped(to: 10) == ["random-20-", "float32-", "reference"])
    #expect("random-20-float32".wrapped(to: 40, atHyphens: false) == ["random-20-float32"])
    #expect("abcdefgh".wrapped(to: 3) == ["abc", "def", "gh"])
    #expect("".wrapped(to: 5) == [""])
  }

  @Test("a table wider than the terminal keeps every cell and fits in 100 columns")
  func wideTable() {
    let long = "edge-logits-800-apart-between-rows-notebook-float32 grad_w1[0][0]"
    let table = ReportTable(
      title: "Finite differences", headers: ["family", "cases", "where", "beyond noise", ""],
      rows: [
        ["notebook training_step (known property)", "18", long, "1.99", "known"],
        ["reference evaluation", "56", "edge-probs-near-one-eps grad_w1[0][0]", "2.2e-08", "ok"],
      ],
      notes: [
        String(repeating: "a note that is long ", count: 12), "the same note", "the same note",
      ])
    let text = table.text(width: 100)
    let lines = text.split(separator: "\n")
    #expect(lines.allSatisfy { $0.count <= 100 }, "\(text)")
    for cell in [long, "notebook training_step (known property)", "2.2e-08", "known"] {
      // Every word of every cell is still there.
      for word in cell.split(separator: " ") { #expect(text.contains(word), "\(word)") }
    }
    #expect(lines.filter { $0.contains("the same note") }.count == 1, "each note once")
    // A table that fits is aligned as before: one line per row.
    let narrow = ReportTable(title: "t", headers: ["a", "b"], rows: [["1", "2"], ["3", "4"]])
    #expect(narrow.text(width: 100) == "t\na  b\n1  2\n3  4")
  }

  @Test("colour on a terminal only, and never with NO_COLOR set or TERM=dumb")
  func colour() {
    #expect(TerminalStyle.enabled(isTerminal: true, environment: [:]))
    #expect(!TerminalStyle.enabled(isTerminal: false, environment: [:]))
    #expect(!TerminalStyle.enabled(isTerminal: true, environment: ["NO_COLOR": "1"]))
    #expect(TerminalStyle.enabled(isTerminal: true, environment: ["NO_COLOR": ""]))
    #expect(!TerminalStyle.enabled(isTerminal: true, environment: ["TERM": "dumb"]))
    let table = ReportTable(title: "t", headers: ["a", ""], rows: [["x", "FAIL"], ["y", "ok"]])
    let coloured = table.text(width: 100, style: TerminalStyle())
    #expect(coloured.contains("\u{1B}[31mFAIL\u{1B}[0m"))
    #expect(coloured.contains("\u{1B}[32mok\u{1B}[0m"))
    #expect(!table.text(width: 100).contains("\u{1B}["))
  }
}
