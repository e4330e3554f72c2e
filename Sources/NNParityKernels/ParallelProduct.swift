import Dispatch

/// How a product's output is split between threads: `parts` consecutive bands of `size`
/// rows (`alongRows`) or columns of `c`, each a multiple of the register tile's side; the
/// last band may be shorter. The depth (k) is never split, so every element of `c` is
/// summed exactly as a single thread sums it: the results are bit-identical whatever the
/// thread count.
struct ProductSplit: Equatable {
  var alongRows: Bool
  var size: Int
  var parts: Int

  /// The least multiply-adds worth giving a thread (below, waking it costs more).
  static let minimumWorkPerPart = 1 << 18

  /// The split of an m × n by depth k product over at most `threads` threads; one part when
  /// the product is small or would run as plain loops.
  init<Scalar: KernelScalar>(
    _: Scalar.Type, _ kernels: KernelInstructionSet, _ m: Int, _ n: Int, _ k: Int, threads: Int
  ) {
    alongRows = m >= n
    let (length, unit) =
      alongRows ? (m, Scalar.microRows) : (n, Scalar.microColumns(kernels))
    let work = m &* n &* k
    var parts = Swift.min(
      Swift.max(threads, 1), (length &+ unit &- 1) / unit,
      Swift.max(work / Self.minimumWorkPerPart, 1))
    if m <= 0 || n <= 0 || k <= 0 || work <= tinyWork { parts = 1 }
    size = roundUp((Swift.max(length, 1) &+ parts &- 1) / parts, to: unit)
    self.parts = parts == 1 ? 1 : (length &+ size &- 1) / size
    if self.parts == 1 { size = length }
  }

  /// The band of part `index`: its first row (or column) and its length.
  func band(_ index: Int, of length: Int) -> (start: Int, count: Int) {
    let start = index &* size
    return (start, Swift.min(size, length &- start))
  }
}

/// ``multiplyBlocked(_:_:_:_:_:_:into:cRowStride:accumulate:scratch:)`` on up to `threads`
/// threads (`DispatchQueue.concurrentPerform`), each computing one band of rows or columns
/// of `c` (``ProductSplit``) with its own part of `scratch`
/// (``parallelScratchCount(_:_:_:_:_:threads:)`` scalars). Bit-identical to one thread.
func multiplyInParallel<Scalar: KernelScalar>(
  _ kernels: KernelInstructionSet, _ m: Int, _ n: Int, _ k: Int, _ a: Operand<Scalar>,
  _ b: Operand<Scalar>,
  into c: UnsafeMutablePointer<Scalar>, cRowStride: Int, accumulate: Bool,
  scratch: UnsafeMutablePointer<Scalar>, threads: Int
) {
  let split = ProductSplit(Scalar.self, kernels, m, n, k, threads: threads)
  guard split.parts > 1 else {
    multiplyBlocked(
      kernels, m, n, k, a, b, into: c, cRowStride: cRowStride, accumulate: accumulate,
      scratch: scratch)
    return
  }
  let job = ParallelProductJob(
    kernels: kernels, m: m, n: n, k: k, a: a, b: b, c: c, cRowStride: cRowStride,
    accumulate: accumulate, scratch: scratch,
    partScratch: partScratchCount(Scalar.self, kernels, m, n, k, split), split: split)
  DispatchQueue.concurrentPerform(iterations: split.parts) { part in job.run(part) }
}

/// One parallel product, handed to every thread of `DispatchQueue.concurrentPerform`.
///
/// `@unchecked Sendable` because it holds pointers, which is safe here: the operands are
/// only read; part `p` writes only its own band of `c` (disjoint rows or columns) and its
/// own `partScratch` scalars of `scratch`; and `concurrentPerform` returns only after every
/// part has finished, before the caller may touch any of them again.
private struct ParallelProductJob<Scalar: KernelScalar>: @unchecked Sendable {
  var kernels: KernelInstructionSet
  var m: Int
  var n: Int
  var k: Int
  var a: Operand<Scalar>
  var b: Operand<Scalar>
  var c: UnsafeMutablePointer<Scalar>
  var cRowStride: Int
  var accumulate: Bool
  var scratch: UnsafeMutablePointer<Scalar>
  var partScratch: Int
  var split: ProductSplit

  /// Computes part `part`'s band of `c`.
  func run(_ part: Int) {
    let ownScratch = scratch + part &* partScratch
    if split.alongRows {
      let (start, count) = split.band(part, of: m)
      let rows = Operand(
        base: a.address(start, 0), rowStride: a.rowStride, columnStride: a.columnStride)
      multiplyPacked(
        kernels, count, n, k, rows, b, into: c + start &* cRowStride, cRowStride: cRowStride,
        accumulate: accumulate, scratch: ownScratch)
    } else {
      let (start, count) = split.band(part, of: n)
      let columns = Operand(
        base: b.address(0, start), rowStride: b.rowStride, columnStride: b.columnStride)
      multiplyPacked(
        kernels, m, count, k, a, columns, into: c + start, cRowStride: cRowStride,
        accumulate: accumulate, scratch: ownScratch)
    }
  }
}

/// Scratch scalars of one part of `split`, a whole number of cache lines.
private func partScratchCount<Scalar: KernelScalar>(
  _: Scalar.Type, _ kernels: KernelInstructionSet, _ m: Int, _ n: Int, _ k: Int,
  _ split: ProductSplit
) -> Int {
  let count =
    split.alongRows
    ? packedScratchCountOfPart(Scalar.self, kernels, split.size, n, k)
    : packedScratchCountOfPart(Scalar.self, kernels, m, split.size, k)
  return roundUp(count, to: alignmentSlack(Scalar.self))
}

/// Scratch scalars
/// ``multiplyInParallel(_:_:_:_:_:_:into:cRowStride:accumulate:scratch:threads:)`` needs.
func parallelScratchCount<Scalar: KernelScalar>(
  _: Scalar.Type, _ kernels: KernelInstructionSet, _ m: Int, _ n: Int, _ k: Int, threads: Int
) -> Int {
  let split = ProductSplit(Scalar.self, kernels, m, n, k, threads: threads)
  guard split.parts > 1 else { return packedScratchCount(Scalar.self, kernels, m, n, k) }
  return split.parts &* partScratchCount(Scalar.self, kernels, m, n, k, split)
}
