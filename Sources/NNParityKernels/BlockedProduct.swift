/// `c (m × n) = op(a) · op(b)`, or `+=` when `accumulate`, with `op(a)` m × k and `op(b)`
/// k × n given as strided operands and `c` row-major with row stride `cRowStride`.
///
/// Products of at most ``tinyWork`` multiply-adds run as plain loops (sequential sums,
/// a multiply then an add); larger ones are blocked for the caches as in GotoBLAS: a
/// `blockDepth × blockColumns` block of `op(b)` and a `blockRows × blockDepth` block of
/// `op(a)` are packed into `scratch` (``packedScratchCount(_:_:_:_:)`` scalars), then swept by
/// the register tile of `kernels`. Every result element is a sum over depth in blocks of
/// `blockDepth`, each block summed by fused (or unfused, per set) multiply-adds in depth
/// order.
func multiplyBlocked<Scalar: KernelScalar>(
  _ kernels: KernelInstructionSet, _ m: Int, _ n: Int, _ k: Int, _ a: Operand<Scalar>,
  _ b: Operand<Scalar>,
  into c: UnsafeMutablePointer<Scalar>, cRowStride: Int, accumulate: Bool,
  scratch: UnsafeMutablePointer<Scalar>
) {
  guard m > 0, n > 0 else { return }
  guard k > 0 else {
    if !accumulate {
      for i in 0..<m { (c + i &* cRowStride).update(repeating: 0, count: n) }
    }
    return
  }
  if m &* n &* k <= tinyWork {
    multiplyPlainly(m, n, k, a, b, into: c, cRowStride: cRowStride, accumulate: accumulate)
    return
  }
  multiplyPacked(
    kernels, m, n, k, a, b, into: c, cRowStride: cRowStride, accumulate: accumulate,
    scratch: scratch)
}

/// The packed path of ``multiplyBlocked(_:_:_:_:_:_:into:cRowStride:accumulate:scratch:)``
/// for any m, n ≥ 1 and k ≥ 1, whatever the work: each element of `c` is computed the same
/// way whichever rows and columns of `c` the call covers, which is what lets
/// ``multiplyInParallel(_:_:_:_:_:_:into:cRowStride:accumulate:scratch:threads:)`` split `c`.
func multiplyPacked<Scalar: KernelScalar>(
  _ kernels: KernelInstructionSet, _ m: Int, _ n: Int, _ k: Int, _ a: Operand<Scalar>,
  _ b: Operand<Scalar>,
  into c: UnsafeMutablePointer<Scalar>, cRowStride: Int, accumulate: Bool,
  scratch: UnsafeMutablePointer<Scalar>
) {
  let (mr, nr) = (Scalar.microRows, Scalar.microColumns(kernels))
  let packedA = aligned(scratch)
  let packedB = packedA + packedACount(Scalar.self, kernels, m, k)
  var jc = 0
  while jc < n {
    let nc = Swift.min(Scalar.blockColumns, n &- jc)
    var pc = 0
    while pc < k {
      let kc = Swift.min(kernels.blockDepth, k &- pc)
      let depth = pc..<(pc &+ kc)
      packPanels(b.transposed, lines: jc..<(jc &+ nc), depth: depth, width: nr, into: packedB)
      let add = accumulate || pc > 0
      var ic = 0
      while ic < m {
        let mc = Swift.min(Scalar.blockRows, m &- ic)
        packPanels(a, lines: ic..<(ic &+ mc), depth: depth, width: mr, into: packedA)
        var jr = 0
        while jr < nc {
          let panelB = packedB + jr &* kc
          var ir = 0
          while ir < mc {
            Scalar.multiplyTile(
              kernels, depth: kc, packedA + ir &* kc, panelB,
              into: c + ((ic &+ ir) &* cRowStride &+ jc &+ jr), rowStride: cRowStride,
              accumulate: add, rows: Swift.min(mr, mc &- ir), columns: Swift.min(nr, nc &- jr))
            ir &+= mr
          }
          jr &+= nr
        }
        ic &+= mc
      }
      pc &+= kc
    }
    jc &+= nc
  }
}

/// The most multiply-adds a product may cost to be computed by plain loops, without packing.
let tinyWork = 2_048

/// The plain product: each element a sequential sum over depth, a multiply then an add.
func multiplyPlainly<Scalar: KernelScalar>(
  _ m: Int, _ n: Int, _ k: Int, _ a: Operand<Scalar>, _ b: Operand<Scalar>,
  into c: UnsafeMutablePointer<Scalar>, cRowStride: Int, accumulate: Bool
) {
  for i in 0..<m {
    for j in 0..<n {
      var sum: Scalar = 0
      var x = a.address(i, 0)
      var y = b.address(0, j)
      for _ in 0..<k {
        sum += x.pointee * y.pointee
        x += a.columnStride
        y += b.rowStride
      }
      let target = c + (i &* cRowStride &+ j)
      target.pointee = accumulate ? target.pointee + sum : sum
    }
  }
}

/// The packed blocks start on a 64-byte boundary; this many scalars of slack allow for it.
func alignmentSlack<Scalar: KernelScalar>(_: Scalar.Type) -> Int {
  64 / MemoryLayout<Scalar>.stride
}

/// `pointer` moved forward to the next 64-byte boundary.
@inline(__always)
func aligned<Scalar>(_ pointer: UnsafeMutablePointer<Scalar>) -> UnsafeMutablePointer<Scalar> {
  let address = UInt(bitPattern: pointer)
  let offset = Int((64 &- address % 64) % 64) / MemoryLayout<Scalar>.stride
  return pointer + offset
}

/// Scalars in the packed block of `op(a)`, rounded up to a whole number of cache lines.
func packedACount<Scalar: KernelScalar>(
  _: Scalar.Type, _ kernels: KernelInstructionSet, _ m: Int, _ k: Int
) -> Int {
  let rows = roundUp(Swift.min(Scalar.blockRows, m), to: Scalar.microRows)
  return roundUp(rows &* Swift.min(kernels.blockDepth, k), to: alignmentSlack(Scalar.self))
}

/// Scratch scalars `multiplyBlocked` needs for an m × k by k × n product with `kernels`
/// (0 when it would not pack).
func packedScratchCount<Scalar: KernelScalar>(
  _: Scalar.Type, _ kernels: KernelInstructionSet, _ m: Int, _ n: Int, _ k: Int
) -> Int {
  guard m > 0, n > 0, k > 0, m &* n &* k > tinyWork else { return 0 }
  return packedScratchCountOfPart(Scalar.self, kernels, m, n, k)
}

/// Scratch scalars ``multiplyPacked(_:_:_:_:_:_:into:cRowStride:accumulate:scratch:)`` needs
/// for an m × k by k × n product, however small.
func packedScratchCountOfPart<Scalar: KernelScalar>(
  _: Scalar.Type, _ kernels: KernelInstructionSet, _ m: Int, _ n: Int, _ k: Int
) -> Int {
  let columns = roundUp(Swift.min(Scalar.blockColumns, n), to: Scalar.microColumns(kernels))
  return alignmentSlack(Scalar.self) &+ packedACount(Scalar.self, kernels, m, k)
    &+ columns &* Swift.min(kernels.blockDepth, k)
}

/// The smallest multiple of `step` at least `value`.
@inline(__always)
func roundUp(_ value: Int, to step: Int) -> Int {
  (value &+ step &- 1) / step &* step
}
