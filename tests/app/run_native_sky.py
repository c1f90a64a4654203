"""Runs the desktop explorer under Xvfb in the ground view at the ridge site (--stand-here) and
checks the sky: the app's sky status (printed to stderr when the view changes) says the first
picture has the Sun within a degree of the horizon and the Earth up, and the ground view faces
the Sun; the screenshot shows the Sun's disc where the status puts it (near white), black sky
above the horizon and ground below."""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
from run_native_app import read_bmp, write_png  # noqa: E402


def main():
    xvfb, app, shot = sys.argv[1:4]
    os.makedirs(os.path.dirname(shot), exist_ok=True)
    if os.path.exists(shot):
        os.remove(shot)
    r = subprocess.run([xvfb, "-a", "-s", "-screen 0 1280x800x24", app, "--stand-here",
                        "-89.45,222.7", "--frames", "30", "--screenshot", shot],
                       capture_output=True, text=True, timeout=180)
    print(r.stderr)
    assert r.returncode == 0, f"explorer exited with {r.returncode}"
    status = {}
    for line in r.stderr.splitlines():
        if line.startswith("ce8-explorer: sky "):
            s = json.loads(line[len("ce8-explorer: sky "):])
            status[s["view"]] = s
    assert "orbit" in status and "ground" in status, f"sky status lines missing: {list(status)}"
    first = status["orbit"]
    assert abs(first["sun"]["elevation_deg"]) < 1.0, first["sun"]
    assert first["earth"]["elevation_deg"] > 0.5, first["earth"]
    assert 0.52 < first["sun"]["angular_diameter_deg"] < 0.55, first["sun"]
    assert 1.75 < first["earth"]["angular_diameter_deg"] < 2.05, first["earth"]
    ground = status["ground"]
    w, h, rows = read_bmp(shot)
    write_png(shot[:-4] + ".png", w, h, rows)
    assert (w, h) == (1280, 800), (w, h)
    sun = ground["sun"]
    assert abs(sun["x"] - w / 2) < 0.05 * w, sun  # facing the Sun
    # The view looks 1.5 deg above the horizontal: the grazing Sun stands near the middle.
    assert abs(sun["y"] - h / 2) < 0.1 * h, sun

    def pixel(x, y):
        row = rows[int(round(y))]
        i = 3 * int(round(x))
        return row[i], row[i + 1], row[i + 2]

    def luma(p):
        return 0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2]

    if sun["visible"]:
        assert min(pixel(sun["x"], sun["y"])) > 200, pixel(sun["x"], sun["y"])
    # Between the side panels: the sky 6 deg above the Sun (median: stars are allowed) and the
    # ground at the bottom.
    top = sorted(luma(pixel(x, sun["y"] - 100)) for x in range(460, 840, 8))
    bottom = [luma(pixel(x, 0.92 * h)) for x in range(460, 840, 8)]
    print(f"ground view: Sun at ({sun['x']}, {sun['y']}) visible {sun['visible']}; "
          f"sky luma {top[len(top) // 2]:.1f}, ground luma {sum(bottom) / len(bottom):.1f}")
    assert top[len(top) // 2] < 25, "the sky above the horizon is not black"
    assert max(bottom) > 20, "no lit ground below the horizon"


if __name__ == "__main__":
    main()
