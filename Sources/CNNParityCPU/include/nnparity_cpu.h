#ifndef NNPARITY_CPU_H
#define NNPARITY_CPU_H

/// Bits of `nnparity_cpu_features()`.
enum {
  /// AVX2 and FMA, with the operating system saving the YMM registers.
  NNPARITY_CPU_AVX2_FMA = 1,
  /// AVX-512 F, BW, DQ and VL, with the operating system saving the ZMM registers.
  NNPARITY_CPU_AVX512 = 2,
};

/// The instruction-set extensions this CPU and operating system support, as bits above;
/// 0 on a CPU that is not x86-64.
int nnparity_cpu_features(void);

#endif
