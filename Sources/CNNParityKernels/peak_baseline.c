// The baseline calibration loops: 16-byte vectors, as tile_baseline.c.
#include "nnparity_peak.h"

#if defined(__x86_64__)
#pragma clang fp contract(off)
#define MULTIPLY_ADD(x, y, z) ((z) + (x) * (y))
#else
#define MULTIPLY_ADD(x, y, z) __builtin_elementwise_fma(x, y, z)
#endif
#define TILE_ATTRIBUTES

typedef float f32x4 __attribute__((ext_vector_type(4)));
typedef double f64x2 __attribute__((ext_vector_type(2)));

#define PEAK_NAME nnparity_peak_f32_baseline
#define SCALAR float
#define VECTOR f32x4
#include "peak_template.h"

#define PEAK_NAME nnparity_peak_f64_baseline
#define SCALAR double
#define VECTOR f64x2
#include "peak_template.h"
