import NNParity
import Testing

@Suite("Training step")
struct InPlaceStepTests {
  /// The address of a matrix's element storage.
  static func storage(_ m: Matrix<Double>) -> UnsafeRawPointer? {
    m.elements.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
  }

  /// A step that copied the weights before updating them (a copy of the network kept alive
  /// across the update) costs a full pass over w1 and w2 each step: the 1024 bench step
  /// spent 2 % of its time in that memmove.
  @Test("a step updates w1 and w2 in place, with and without dropout")
  func updatesInPlace() {
    let (b, i, h, o) = (4, 5, 6, 3)
    let x = Matrix(rows: b, columns: i, elements: (0..<(b * i)).map { Double($0 % 7) / 7 - 0.4 })
    let y = Matrix(
      rows: b, columns: o, elements: (0..<(b * o)).map { $0 % o == ($0 / o) % o ? 1.0 : 0.0 })
    let keep = Matrix(rows: b, columns: h, elements: (0..<(b * h)).map { $0 % 3 == 0 ? 0 : 1 })
    let w1Values = (0..<(i * h)).map { Double($0 % 5) / 10 - 0.2 }
    let w2Values = (0..<(h * o)).map { Double($0 % 4) / 10 - 0.15 }
    for rate in [0.0, 0.4] {
      // Fresh storage (`map`), owned by the network alone.
      var network = Network(
        w1: Matrix(rows: i, columns: h, elements: w1Values.map { $0 }),
        w2: Matrix(rows: h, columns: o, elements: w2Values.map { $0 }))
      let workspace = NetworkWorkspace<Double>(batch: b, inputs: i, hidden: h, outputs: o)
      let before = (Self.storage(network.w1), Self.storage(network.w2))
      _ = network.step(
        x, targets: y, keep: rate == 0 ? Matrix(rows: b, columns: h, repeating: 1) : keep,
        dropout: rate, learningRate: 0.1, semantics: .reference, loss: .notebook,
        workspace: workspace)
      #expect(network.w1.elements != w1Values && network.w2.elements != w2Values)
      #expect(Self.storage(network.w1) == before.0, "dropout \(rate): w1 was copied")
      #expect(Self.storage(network.w2) == before.1, "dropout \(rate): w2 was copied")
    }
  }
}
