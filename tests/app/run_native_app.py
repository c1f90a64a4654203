"""Runs the desktop explorer under Xvfb for a few frames, saves a screenshot (BMP, plus a PNG
copy to look at) and checks the picture: the right size, not blank, with both the lit terrain
(many grey levels) and the UI panels (bright text) present."""
import os
import struct
import subprocess
import sys
import zlib


def read_bmp(path):
    d = open(path, "rb").read()
    off = struct.unpack_from("<I", d, 10)[0]
    w, h = struct.unpack_from("<ii", d, 18)
    bpp = struct.unpack_from("<H", d, 28)[0]
    assert bpp == 24, f"expected a 24-bit BMP, got {bpp}"
    row = ((w * 3 + 3) // 4) * 4
    rows = []
    for y in range(abs(h)):
        yy = abs(h) - 1 - y if h > 0 else y
        bgr = d[off + yy * row: off + yy * row + w * 3]
        rgb = bytearray(bgr)
        rgb[0::3], rgb[2::3] = bgr[2::3], bgr[0::3]
        rows.append(bytes(rgb))
    return w, abs(h), rows


def write_png(path, w, h, rows):
    def chunk(t, b):
        return struct.pack(">I", len(b)) + t + b + struct.pack(">I", zlib.crc32(t + b) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + r for r in rows)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def main():
    xvfb, app, shot = sys.argv[1:4]
    os.makedirs(os.path.dirname(shot), exist_ok=True)
    if os.path.exists(shot):
        os.remove(shot)
    r = subprocess.run([xvfb, "-a", "-s", "-screen 0 1280x800x24", app, "--frames", "20",
                        "--screenshot", shot], capture_output=True, text=True, timeout=120)
    print(r.stderr)
    assert r.returncode == 0, f"explorer exited with {r.returncode}"
    assert "first frame rendered" in r.stderr
    w, h, rows = read_bmp(shot)
    write_png(shot[:-4] + ".png", w, h, rows)
    assert (w, h) == (1280, 800), (w, h)
    lum = [(p[0] * 299 + p[1] * 587 + p[2] * 114) // 1000
           for r in rows[::8] for p in zip(r[0::24], r[1::24], r[2::24])]
    levels = len(set(lum))
    bright = sum(1 for v in lum if v > 200) / len(lum)
    dark = sum(1 for v in lum if v < 12) / len(lum)
    print(f"grey levels {levels}, bright {bright:.3f}, near-black {dark:.3f}")
    assert levels > 60, "the picture is nearly uniform: terrain not drawn?"
    assert dark < 0.9, "the picture is almost all black"
    assert bright > 0.002, "no bright pixels: UI text missing?"


if __name__ == "__main__":
    main()
