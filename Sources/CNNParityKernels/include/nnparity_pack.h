#ifndef NNPARITY_PACK_H
#define NNPARITY_PACK_H

#include <stddef.h>

/// Packs `lines × depth` elements of a strided matrix into consecutive panels of `width`
/// lines, as the register tiles read them: within a panel, the `width` values of depth 0,
/// then those of depth 1, and so on; lines past `lines` in the last panel are zero.
/// Element (line l, depth p) is `source[l · line_stride + p · depth_stride]`. Values are
/// copied exactly; `destination` holds `ceil(lines / width) · width · depth` scalars.
void nnparity_pack_f32(const float *source, ptrdiff_t line_stride, ptrdiff_t depth_stride,
                       ptrdiff_t lines, ptrdiff_t depth, ptrdiff_t width, float *destination);
void nnparity_pack_f64(const double *source, ptrdiff_t line_stride, ptrdiff_t depth_stride,
                       ptrdiff_t lines, ptrdiff_t depth, ptrdiff_t width, double *destination);

#endif
