// The baseline tiles: 16-byte vectors, the default target of the platform.
#include "nnparity_kernels.h"
#include "nnparity_peak.h"

#if defined(__x86_64__)
// The default x86-64 target has no FMA: a multiply then an add, never contracted (as the
// AVX2 build would not), so the baseline results are the same on every x86-64 CPU.
#pragma clang fp contract(off)
#define MULTIPLY_ADD(x, y, z) ((z) + (x) * (y))
#else
// arm64 (NEON) and others have a fused multiply-add in their default target.
#define MULTIPLY_ADD(x, y, z) __builtin_elementwise_fma(x, y, z)
#endif
#define TILE_ATTRIBUTES

typedef float f32x4 __attribute__((ext_vector_type(4)));
typedef double f64x2 __attribute__((ext_vector_type(2)));

#define TILE_NAME nnparity_tile_f32_baseline
#define SCALAR float
#define VECTOR f32x4
#include "tile_template.h"

#define TILE_NAME nnparity_tile_f64_baseline
#define SCALAR double
#define VECTOR f64x2
#include "tile_template.h"

// The calibration loops of `nnparity bench`, with the same attribute and multiply-add.
#define PEAK_NAME nnparity_peak_f32_baseline
#define SCALAR float
#define VECTOR f32x4
#include "peak_template.h"

#define PEAK_NAME nnparity_peak_f64_baseline
#define SCALAR double
#define VECTOR f64x2
#include "peak_template.h"
