#ifndef NNPARITY_PEAK_H
#define NNPARITY_PEAK_H

#include <stddef.h>

/// The calibration loops of `nnparity bench`: this core's multiply-add peak with each
/// instruction set's vectors, compiled with the same target attributes as its register tiles.
///
/// Each runs `NNPARITY_PEAK_CHAINS` independent chains `acc = acc · m + s` of one vector
/// each, all in registers, `iterations` times, and returns a sum of the accumulators (so the
/// loop is not removed). One call performs
/// `iterations · NNPARITY_PEAK_CHAINS · lanes · 2` floating-point operations, lanes being
/// the set's vector bytes over the scalar's size (a multiply and an add, fused or not).

/// Independent accumulator chains: enough to hide a multiply-add's latency on two pipes.
#define NNPARITY_PEAK_CHAINS 12

float nnparity_peak_f32_baseline(ptrdiff_t iterations, float seed);
double nnparity_peak_f64_baseline(ptrdiff_t iterations, double seed);

#if defined(__x86_64__)
float nnparity_peak_f32_avx2(ptrdiff_t iterations, float seed);
double nnparity_peak_f64_avx2(ptrdiff_t iterations, double seed);
float nnparity_peak_f32_avx512(ptrdiff_t iterations, float seed);
double nnparity_peak_f64_avx512(ptrdiff_t iterations, double seed);
#endif

#endif
