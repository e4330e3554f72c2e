#ifndef NNPARITY_KERNELS_H
#define NNPARITY_KERNELS_H

#include <stdbool.h>
#include <stddef.h>

/// The register tiles of the matrix products: one function per scalar type and
/// instruction set, each with the signature below. The blocking and packing around them
/// are in Swift (NNParityKernels), which picks the set at run time from the CPU's features.
///
/// `c[0..<rows][0..<columns]` (rows at most `NNPARITY_TILE_ROWS`, columns at most two
/// vectors, rows `row_stride` apart) is set to, or with `accumulate` incremented by, the
/// product of a packed panel of `op(a)` (`NNPARITY_TILE_ROWS` scalars per depth step) and a
/// packed panel of `op(b)` (two vectors per depth step) over `depth` steps. Each element is
/// summed in depth order from zero, then added to `c` when accumulating.

/// Rows of the register tile.
#define NNPARITY_TILE_ROWS 6

/// Bytes of one vector register of each set; a tile is two vectors wide.
#define NNPARITY_BASELINE_VECTOR_BYTES 16
#define NNPARITY_AVX2_VECTOR_BYTES 32
#define NNPARITY_AVX512_VECTOR_BYTES 64

/// The default target of the platform: on x86-64 SSE2, a multiply then an add (it has no
/// FMA); elsewhere a fused multiply-add (arm64: NEON).
void nnparity_tile_f32_baseline(ptrdiff_t depth, const float *a, const float *b, float *c,
                                ptrdiff_t row_stride, bool accumulate, ptrdiff_t rows,
                                ptrdiff_t columns);
void nnparity_tile_f64_baseline(ptrdiff_t depth, const double *a, const double *b, double *c,
                                ptrdiff_t row_stride, bool accumulate, ptrdiff_t rows,
                                ptrdiff_t columns);

#if defined(__x86_64__)
/// AVX2 with FMA: call only where `nnparity_cpu_features()` reports them.
void nnparity_tile_f32_avx2(ptrdiff_t depth, const float *a, const float *b, float *c,
                            ptrdiff_t row_stride, bool accumulate, ptrdiff_t rows,
                            ptrdiff_t columns);
void nnparity_tile_f64_avx2(ptrdiff_t depth, const double *a, const double *b, double *c,
                            ptrdiff_t row_stride, bool accumulate, ptrdiff_t rows,
                            ptrdiff_t columns);

/// AVX-512 F, BW, DQ and VL with FMA: call only where the CPU and OS support them.
void nnparity_tile_f32_avx512(ptrdiff_t depth, const float *a, const float *b, float *c,
                              ptrdiff_t row_stride, bool accumulate, ptrdiff_t rows,
                              ptrdiff_t columns);
void nnparity_tile_f64_avx512(ptrdiff_t depth, const double *a, const double *b, double *c,
                              ptrdiff_t row_stride, bool accumulate, ptrdiff_t rows,
                              ptrdiff_t columns);
#endif

#endif
