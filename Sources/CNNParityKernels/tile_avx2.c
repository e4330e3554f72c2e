// The AVX2 + FMA tiles: 32-byte vectors, fused multiply-adds. Per-function target
// attributes instead of a -mavx2 flag, so the library still runs on any x86-64 CPU (the
// caller checks cpuid first) and SwiftPM needs no unsafe flags.
#include "nnparity_kernels.h"
#include "nnparity_peak.h"

#if defined(__x86_64__)
#define TILE_ATTRIBUTES __attribute__((target("avx2,fma")))
#define MULTIPLY_ADD(x, y, z) __builtin_elementwise_fma(x, y, z)

typedef float f32x8 __attribute__((ext_vector_type(8)));
typedef double f64x4 __attribute__((ext_vector_type(4)));

#define TILE_NAME nnparity_tile_f32_avx2
#define SCALAR float
#define VECTOR f32x8
#include "tile_template.h"

#define TILE_NAME nnparity_tile_f64_avx2
#define SCALAR double
#define VECTOR f64x4
#include "tile_template.h"

// The calibration loops of `nnparity bench`, with the same attribute and multiply-add.
#define PEAK_NAME nnparity_peak_f32_avx2
#define SCALAR float
#define VECTOR f32x8
#include "peak_template.h"

#define PEAK_NAME nnparity_peak_f64_avx2
#define SCALAR double
#define VECTOR f64x4
#include "peak_template.h"
#endif
