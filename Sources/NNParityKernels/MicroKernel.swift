import CNNParityKernels

/// Rows of every register tile (the C kernels' `NNPARITY_TILE_ROWS`).
let tileRows = Int(NNPARITY_TILE_ROWS)

// The register tiles are C functions (CNNParityKernels), one per scalar type and instruction
// set, each compiled for its set by a per-function target attribute; these pick one.

extension Float {
  /// The register tile of `kernels` (see `KernelScalar`): the C function compiled for the set.
  @inline(__always)
  public static func multiplyTile(
    _ kernels: KernelInstructionSet, depth: Int, _ a: UnsafePointer<Float>,
    _ b: UnsafePointer<Float>,
    into c: UnsafeMutablePointer<Float>, rowStride: Int, accumulate: Bool, rows: Int,
    columns: Int
  ) {
    #if arch(x86_64)
      switch kernels {
      case .baseline:
        nnparity_tile_f32_baseline(depth, a, b, c, rowStride, accumulate, rows, columns)
      case .avx2:
        nnparity_tile_f32_avx2(depth, a, b, c, rowStride, accumulate, rows, columns)
      case .avx512:
        nnparity_tile_f32_avx512(depth, a, b, c, rowStride, accumulate, rows, columns)
      }
    #else
      // Only the baseline is ever supported here (`KernelInstructionSet.supported`).
      nnparity_tile_f32_baseline(depth, a, b, c, rowStride, accumulate, rows, columns)
    #endif
  }
}

extension Double {
  /// The register tile of `kernels` (see `KernelScalar`): the C function compiled for the set.
  @inline(__always)
  public static func multiplyTile(
    _ kernels: KernelInstructionSet, depth: Int, _ a: UnsafePointer<Double>,
    _ b: UnsafePointer<Double>, into c: UnsafeMutablePointer<Double>, rowStride: Int,
    accumulate: Bool, rows: Int, columns: Int
  ) {
    #if arch(x86_64)
      switch kernels {
      case .baseline:
        nnparity_tile_f64_baseline(depth, a, b, c, rowStride, accumulate, rows, columns)
      case .avx2:
        nnparity_tile_f64_avx2(depth, a, b, c, rowStride, accumulate, rows, columns)
      case .avx512:
        nnparity_tile_f64_avx512(depth, a, b, c, rowStride, accumulate, rows, columns)
      }
    #else
      // Only the baseline is ever supported here (`KernelInstructionSet.supported`).
      nnparity_tile_f64_baseline(depth, a, b, c, rowStride, accumulate, rows, columns)
    #endif
  }
}
