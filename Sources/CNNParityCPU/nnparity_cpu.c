#include "nnparity_cpu.h"

#if defined(__x86_64__)
#include <cpuid.h>

static unsigned long long read_xcr0(void) {
  unsigned int low, high;
  __asm__ volatile("xgetbv" : "=a"(low), "=d"(high) : "c"(0));
  return ((unsigned long long)high << 32) | low;
}

int nnparity_cpu_features(void) {
  unsigned int eax, ebx, ecx, edx;
  if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
  const int fma = (ecx >> 12) & 1, osxsave = (ecx >> 27) & 1, avx = (ecx >> 28) & 1;
  if (!osxsave || !avx || !fma) return 0;
  const unsigned long long xcr0 = read_xcr0();
  if ((xcr0 & 0x6) != 0x6) return 0;  // XMM and YMM state
  if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
  int features = 0;
  if ((ebx >> 5) & 1) features |= NNPARITY_CPU_AVX2_FMA;
  const unsigned int avx512 = (1u << 16) | (1u << 17) | (1u << 30) | (1u << 31);  // F DQ BW VL
  if ((features & NNPARITY_CPU_AVX2_FMA) && (ebx & avx512) == avx512 && (xcr0 & 0xE6) == 0xE6)
    features |= NNPARITY_CPU_AVX512;  // opmask, ZMM0-15 upper halves, ZMM16-31
  return features;
}
#else
int nnparity_cpu_features(void) { return 0; }
#endif
