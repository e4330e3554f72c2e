// Packing for the blocked products, in C so that copying a line of a few scalars is a few
// moves: written as `memcpy` per depth step (as Swift's `update(from:count:)` is), it was a
// library call per 24 to 64 bytes, about a sixth of a large product's time.
#include "nnparity_pack.h"

// `no_builtin`: the compiler would otherwise turn the copy loops back into memcpy calls.
// Depth steps packed together when the lines are contiguous (see below).
enum { depth_step = 16 };

#define PACK_FUNCTION(NAME, SCALAR)                                                          \
  __attribute__((no_builtin("memcpy", "memset", "memmove"))) void NAME(                       \
      const SCALAR *source, ptrdiff_t line_stride, ptrdiff_t depth_stride, ptrdiff_t lines,   \
      ptrdiff_t depth, ptrdiff_t width, SCALAR *destination) {                                \
    const ptrdiff_t panels = (lines + width - 1) / width;                                    \
    if (line_stride == 1) {                                                                  \
      /* A depth step's lines are contiguous and steps lie depth_stride apart (often a       \
         multiple of 4 KiB, so that one panel's steps would share a handful of cache sets).  \
         Pack `depth_step` steps of every panel before the next ones: each step's source is  \
         then read from start to end, and each panel gets a contiguous run. */               \
      for (ptrdiff_t start = 0; start < depth; start += depth_step) {                        \
        const ptrdiff_t end = depth - start < depth_step ? depth : start + depth_step;       \
        for (ptrdiff_t panel = 0; panel < panels; panel++) {                                 \
          const ptrdiff_t first = panel * width;                                             \
          const ptrdiff_t count = lines - first < width ? lines - first : width;             \
          SCALAR *out = destination + (panel * depth + start) * width;                       \
          for (ptrdiff_t p = start; p < end; p++) {                                          \
            const SCALAR *from = source + first + p * depth_stride;                          \
            ptrdiff_t i = 0;                                                                 \
            for (; i < count; i++) out[i] = from[i];                                         \
            for (; i < width; i++) out[i] = 0;                                               \
            out += width;                                                                    \
          }                                                                                  \
        }                                                                                    \
      }                                                                                      \
      return;                                                                                \
    }                                                                                        \
    /* Each line's depth steps are depth_stride apart (usually 1): read a panel's lines      \
       side by side, one depth step at a time. */                                            \
    SCALAR *out = destination;                                                               \
    for (ptrdiff_t panel = 0; panel < panels; panel++) {                                     \
      const ptrdiff_t first = panel * width;                                                 \
      const ptrdiff_t count = lines - first < width ? lines - first : width;                 \
      const SCALAR *lines_start = source + first * line_stride;                              \
      for (ptrdiff_t p = 0; p < depth; p++) {                                                \
        const SCALAR *from = lines_start + p * depth_stride;                                 \
        ptrdiff_t i = 0;                                                                     \
        for (; i < count; i++) out[i] = from[i * line_stride];                               \
        for (; i < width; i++) out[i] = 0;                                                   \
        out += width;                                                                        \
      }                                                                                      \
    }                                                                                        \
  }

PACK_FUNCTION(nnparity_pack_f32, float)
PACK_FUNCTION(nnparity_pack_f64, double)
