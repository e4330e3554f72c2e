// The register tile, written once and compiled per instruction set and scalar type: the
// including file defines
//   TILE_NAME        the function's name
//   TILE_ATTRIBUTES  e.g. __attribute__((target("avx2,fma"))), or nothing
//   SCALAR, VECTOR   the scalar and an ext_vector_type of one register of it
//   MULTIPLY_ADD     MULTIPLY_ADD(x, y, z) = z + x·y per lane, fused or not
// and includes this file; it undefines TILE_NAME, SCALAR and VECTOR for the next one.
//
// Twelve accumulators (six rows of two vectors) stay in registers, with two vectors of b
// and one broadcast of a: fifteen of the sixteen vector registers of x86-64 AVX2.

TILE_ATTRIBUTES void TILE_NAME(ptrdiff_t depth, const SCALAR *a, const SCALAR *b, SCALAR *c,
                               ptrdiff_t row_stride, bool accumulate, ptrdiff_t rows,
                               ptrdiff_t columns) {
  enum { width = sizeof(VECTOR) / sizeof(SCALAR) };
  VECTOR sums[NNPARITY_TILE_ROWS][2];
#pragma clang loop unroll(full)
  for (int r = 0; r < NNPARITY_TILE_ROWS; r++) sums[r][0] = sums[r][1] = (VECTOR)(0);

  // The tile of c is read (when accumulating) and written only after the depth loop; ask
  // for its lines now, so they arrive while the loop runs instead of each missing at the end
  // (rows of a wide matrix lie a multiple of 4 KiB apart). Values are unaffected.
#pragma clang loop unroll(full)
  for (int r = 0; r < NNPARITY_TILE_ROWS; r++) {
    if (r < rows) {
      __builtin_prefetch(c + r * row_stride, 1, 3);
      __builtin_prefetch(c + r * row_stride + 2 * width - 1, 1, 3);
    }
  }

  for (ptrdiff_t p = 0; p < depth; p++) {
    // Unaligned loads (as fast as aligned ones on aligned data): the interface promises
    // no alignment.
    VECTOR b0, b1;
    __builtin_memcpy(&b0, b, sizeof b0);
    __builtin_memcpy(&b1, b + width, sizeof b1);
#pragma clang loop unroll(full)
    for (int r = 0; r < NNPARITY_TILE_ROWS; r++) {
      const VECTOR x = (VECTOR)(a[r]);
      sums[r][0] = MULTIPLY_ADD(x, b0, sums[r][0]);
      sums[r][1] = MULTIPLY_ADD(x, b1, sums[r][1]);
    }
    a += NNPARITY_TILE_ROWS;
    b += 2 * width;
  }

#pragma clang loop unroll(full)
  for (int r = 0; r < NNPARITY_TILE_ROWS; r++) {
    if (r >= rows) continue;  // past the tile's last valid row
    SCALAR *target = c + r * row_stride;
    if (columns == 2 * width) {
      VECTOR left = sums[r][0], right = sums[r][1];
      if (accumulate) {
        VECTOR old_left, old_right;
        __builtin_memcpy(&old_left, target, sizeof old_left);
        __builtin_memcpy(&old_right, target + width, sizeof old_right);
        left += old_left;
        right += old_right;
      }
      __builtin_memcpy(target, &left, sizeof left);
      __builtin_memcpy(target + width, &right, sizeof right);
    } else {
      // The tile's edge: only the valid columns.
      for (int j = 0; j < columns; j++) {
        const SCALAR value = j < width ? sums[r][0][j] : sums[r][1][j - width];
        target[j] = accumulate ? target[j] + value : value;
      }
    }
  }
}

#undef TILE_NAME
#undef SCALAR
#undef VECTOR
