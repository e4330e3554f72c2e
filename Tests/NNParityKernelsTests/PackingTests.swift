import Testing

@testable import NNParityKernels

/// The packing of the blocked products (`packPanels`, in C since 66bd4a1) against its
/// definition, value by value: panel `q` holds, for each depth step in turn, lines
/// `q · width ..< (q + 1) · width` of the block, and lanes past the block's last line are
/// zero (as `nnparity_pack.h` promises). The block lies inside a larger buffer of NaNs, so
/// an element read from outside it shows, and the destination is NaN beforehand and has NaN
/// guards after the packed length, so a lane left unwritten, or a write past the end, shows.
///
/// The products' tests cannot see everything packing does wrong: the register tiles never
/// store the lanes past the block's last line, so a padding lane that holds an element past
/// the block (read out of bounds at the end of a matrix) or stale scratch gives the same
/// product.
@Suite("Packing")
struct PackingTests {
  /// How the block's lines and depth steps lie in memory.
  enum Layout: String, CaseIterable, Sendable {
    /// The lines of a depth step are adjacent (the depth-blocked loop of pack.c): `op(a)`
    /// of a transposed `a`, `op(b)` of a plain `b`.
    case linesAdjacent
    /// The depth steps of a line are adjacent: `op(a)` of a plain `a`, `op(b)` of `bᵀ`.
    case depthAdjacent
    /// Neither (the strided loop with both strides above 1).
    case neither

    /// (line stride, depth stride) for a block of `lines × depth`.
    func strides(lines: Int, depth: Int) -> (Int, Int) {
      switch self {
      case .linesAdjacent: (1, lines + 7)
      case .depthAdjacent: (depth + 5, 1)
      case .neither: (2, 2 * lines + 9)
      }
    }
  }

  /// The register tiles' widths: 6 rows for `op(a)`; 2 vectors of columns for `op(b)`
  /// (4 to 32 scalars).
  static let widths = [4, 6, 8, 16, 32]
  static let lineCounts = [1, 3, 5, 6, 7, 8, 15, 16, 17, 33, 70]
  /// Around the 16 steps pack.c packs together, and the depth blocks (128, 256).
  static let depths = [1, 2, 15, 16, 17, 31, 32, 33, 47, 48, 49, 128, 255, 256]

  @Test("every lane is its element or zero past the last line", arguments: Layout.allCases)
  func panels(layout: Layout) {
    var failures: [String] = []
    for width in Self.widths {
      for lines in Self.lineCounts {
        for depth in Self.depths {
          let shape = "\(layout) \(lines) lines × \(depth) steps, width \(width)"
          if let failure = Self.check(Float.self, layout, lines, depth, width) {
            failures.append("Float \(shape): \(failure)")
          }
          if let failure = Self.check(Double.self, layout, lines, depth, width) {
            failures.append("Double \(shape): \(failure)")
          }
        }
      }
    }
    #expect(failures.isEmpty, "\(failures.count) packings wrong, e.g. \(failures.prefix(4))")
  }

  /// Packs a `lines × depth` block (starting at line 2, step 3 of its buffer) and says
  /// what is wrong with the panels, if anything.
  static func check<Scalar: KernelScalar>(
    _: Scalar.Type, _ layout: Layout, _ lines: Int, _ depth: Int, _ width: Int
  ) -> String? {
    let (lineStride, depthStride) = layout.strides(lines: lines, depth: depth)
    let (firstLine, firstStep) = (2, 3)
    let panels = (lines + width - 1) / width
    // Room for reads a panel's width past the last line and 16 steps past the last step.
    let size =
      (firstLine + panels * width + 1) * lineStride + (firstStep + depth + 17) * depthStride
    var source = [Scalar](repeating: .nan, count: size)
    // Element (l, p) is l · 1024 + p + 1: never zero, exact in Float, and says where it is.
    func value(_ line: Int, _ step: Int) -> Scalar { Scalar(line * 1_024 + step + 1) }
    for line in 0..<lines {
      for step in 0..<depth {
        source[(firstLine + line) * lineStride + (firstStep + step) * depthStride] =
          value(line, step)
      }
    }
    let packedCount = panels * width * depth
    let guardCount = 64
    var packed = [Scalar](repeating: .nan, count: packedCount + guardCount)
    source.withUnsafeBufferPointer { source in
      packed.withUnsafeMutableBufferPointer { packed in
        guard let base = source.baseAddress, let destination = packed.baseAddress else { return }
        packPanels(
          Operand(base: base, rowStride: lineStride, columnStride: depthStride),
          lines: firstLine..<(firstLine + lines), depth: firstStep..<(firstStep + depth),
          width: width, into: destination)
      }
    }
    for panel in 0..<panels {
      for step in 0..<depth {
        for lane in 0..<width {
          let line = panel * width + lane
          let expected = line < lines ? value(line, step) : 0
          let got = packed[(panel * depth + step) * width + lane]
          // Bitwise: a padding lane must be +0, and NaN is never equal.
          if !(got == expected && got.sign == expected.sign) {
            return "panel \(panel), step \(step), lane \(lane): \(got), expected \(expected)"
          }
        }
      }
    }
    if let written = packed[packedCount...].firstIndex(where: { !$0.isNaN }) {
      return "written past the panels, at \(written) of \(packedCount)"
    }
    return nil
  }
}
