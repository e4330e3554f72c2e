// The calibration loop, written once and compiled per instruction set and scalar type like
// tile_template.h: the including file defines PEAK_NAME, TILE_ATTRIBUTES, SCALAR, VECTOR
// and MULTIPLY_ADD (as for the tiles), and includes this file; it undefines PEAK_NAME,
// SCALAR and VECTOR for the next one.

TILE_ATTRIBUTES SCALAR PEAK_NAME(ptrdiff_t iterations, SCALAR seed) {
  VECTOR sums[NNPARITY_PEAK_CHAINS];
#pragma clang loop unroll(full)
  for (int i = 0; i < NNPARITY_PEAK_CHAINS; i++) sums[i] = (VECTOR)(seed * (SCALAR)(i + 1));
  // acc · m + s converges (|m| < 1), so nothing overflows however long it runs.
  const VECTOR m = (VECTOR)((SCALAR)0.5 + seed * (SCALAR)0.25);
  const VECTOR s = (VECTOR)(seed);
  for (ptrdiff_t p = 0; p < iterations; p++) {
#pragma clang loop unroll(full)
    for (int i = 0; i < NNPARITY_PEAK_CHAINS; i++) sums[i] = MULTIPLY_ADD(sums[i], m, s);
  }
  VECTOR total = sums[0];
#pragma clang loop unroll(full)
  for (int i = 1; i < NNPARITY_PEAK_CHAINS; i++) total += sums[i];
  SCALAR result = 0;
  for (size_t lane = 0; lane < sizeof(VECTOR) / sizeof(SCALAR); lane++) result += total[lane];
  return result;
}

#undef PEAK_NAME
#undef SCALAR
#undef VECTOR
