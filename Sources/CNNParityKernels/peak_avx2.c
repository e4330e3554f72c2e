// The avx2 calibration loops, with the target attribute of tile_avx2.c.
#include "nnparity_peak.h"

#if defined(__x86_64__)
#define TILE_ATTRIBUTES __attribute__((target("avx2,fma")))
#define MULTIPLY_ADD(x, y, z) __builtin_elementwise_fma(x, y, z)

typedef float f32x8 __attribute__((ext_vector_type(8)));
typedef double f64x4 __attribute__((ext_vector_type(4)));

#define PEAK_NAME nnparity_peak_f32_avx2
#define SCALAR float
#define VECTOR f32x8
#include "peak_template.h"

#define PEAK_NAME nnparity_peak_f64_avx2
#define SCALAR double
#define VECTOR f64x4
#include "peak_template.h"
#endif
