// The AVX-512 tiles: 64-byte vectors, fused multiply-adds (F, BW, DQ and VL enabled, as
// the CPU check requires them all).
#include "nnparity_kernels.h"
#include "nnparity_peak.h"

#if defined(__x86_64__)
#define TILE_ATTRIBUTES \
  __attribute__((target("avx512f,avx512bw,avx512dq,avx512vl,fma"), min_vector_width(512)))
#define MULTIPLY_ADD(x, y, z) __builtin_elementwise_fma(x, y, z)

typedef float f32x16 __attribute__((ext_vector_type(16)));
typedef double f64x8 __attribute__((ext_vector_type(8)));

#define TILE_NAME nnparity_tile_f32_avx512
#define SCALAR float
#define VECTOR f32x16
#include "tile_template.h"

#define TILE_NAME nnparity_tile_f64_avx512
#define SCALAR double
#define VECTOR f64x8
#include "tile_template.h"

// The calibration loops of `nnparity bench`, with the same attribute and multiply-add.
#define PEAK_NAME nnparity_peak_f32_avx512
#define SCALAR float
#define VECTOR f32x16
#include "peak_template.h"

#define PEAK_NAME nnparity_peak_f64_avx512
#define SCALAR double
#define VECTOR f64x8
#include "peak_template.h"
#endif
