#!/usr/bin/env python3
"""Draws editors/vscode/images/icon.png (256x256 RGBA), the extension's Marketplace icon, with no
dependencies: a rounded orange square, a white note with three lines of "text", and a dark check
mark over its corner. Run it again after changing it: `python3 editors/vscode/images/make-icon.py`."""
import math, os, struct, zlib

N = 256
ORANGE, WHITE, INK, LINE = (255, 153, 0), (255, 255, 255), (35, 47, 62), (200, 208, 218)


def rounded_rect(x, y, x0, y0, x1, y1, r):
    """Coverage (0..1) of pixel centre (x, y) in a rounded rectangle, one pixel of antialiasing."""
    cx = min(max(x, x0 + r), x1 - r)
    cy = min(max(y, y0 + r), y1 - r)
    d = math.hypot(x - cx, y - cy) - r
    return min(max(0.5 - d, 0.0), 1.0)


def segment(x, y, ax, ay, bx, by, w):
    """Coverage of a thick line from (ax, ay) to (bx, by), width w, round caps."""
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
    d = math.hypot(x - ax - t * dx, y - ay - t * dy) - w / 2
    return min(max(0.5 - d, 0.0), 1.0)


def over(dst, color, a):
    return tuple(round(d * (1 - a) + c * a) for d, c in zip(dst, color))


rows = []
for j in range(N):
    row = bytearray([0])  # filter: none
    for i in range(N):
        x, y = i + 0.5, j + 0.5
        alpha = rounded_rect(x, y, 8, 8, 248, 248, 44)
        px = ORANGE
        px = over(px, WHITE, rounded_rect(x, y, 58, 40, 198, 216, 14))
        for k, (x1, yl) in enumerate([(176, 88), (176, 124), (136, 160)]):
            px = over(px, LINE, segment(x, y, 84, yl, x1, yl, 12))
        check = max(segment(x, y, 120, 176, 150, 206, 22), segment(x, y, 150, 206, 214, 128, 22))
        px = over(px, INK, check)
        row += bytes(px) + bytes([round(255 * alpha)])
    rows.append(bytes(row))


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", N, N, 8, 6, 0, 0, 0))
png += chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b"")
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "icon.png")
with open(out, "wb") as f:
    f.write(png)
print(f"wrote {out} ({len(png)} bytes)")
