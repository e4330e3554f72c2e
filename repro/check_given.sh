#!/usr/bin/env bash
set -euo pipefail
browser=$(command -v chromium); REPORT=$(realpath "$1"); PNG=$(mktemp --suffix=.png)
timeout 120 "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
  --screenshot="$PNG" --window-size=1200,2000 "file://$REPORT" \
  >/dev/null 2>&1
python3 - "$PNG" <<'PY'
import struct, sys, zlib

def pixels(path):
    """RGB(A) rows of an 8-bit non-interlaced PNG, as bytes per row."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat = 8, b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color = struct.unpack(">IIBB", chunk[:10])
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    assert depth == 8 and color in (2, 6), f"unexpected PNG format {depth}/{color}"
    bpp = 3 if color == 2 else 4
    raw, stride, rows, prev = zlib.decompress(idat), width * bpp, [], bytearray(width * bpp)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if kind == 1: line[i] = (line[i] + a) & 255
            elif kind == 2: line[i] = (line[i] + b) & 255
            elif kind == 3: line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return width, height, bpp, rows

width, height, bpp, rows = pixels(sys.argv[1])
colors, dots = set(), 0
for line in rows:
    for x in range(0, len(line), bpp):
        r, g, b = line[x], line[x + 1], line[x + 2]
        colors.add((r, g, b))
        # The plot dots: green #2e7d32 (within) or red #d32f2f (beyond), give or take blending.
        if (abs(r - 46) < 30 and abs(g - 125) < 30 and abs(b - 50) < 30) or (
                abs(r - 211) < 30 and abs(g - 47) < 30 and abs(b - 47) < 30):
            dots += 1
if len(colors) < 8:
    sys.exit(f"html-check: the screenshot is blank ({len(colors)} colours)")
if dots < 200:
    sys.exit(f"html-check: no plot dots in the screenshot ({dots} dot pixels)")
print(f"html-check: {width}x{height} screenshot, {len(colors)} colours, {dots} dot pixels: the plots render")
PY
