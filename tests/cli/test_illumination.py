"""CLI tests for `ce8 horizon` and `ce8 illumination`. References are geometric and analytic
(a block on a plane gives atan(height / distance)), the ephemeris CLI (the Sun's elevation over
a flat plane must match `ce8 ephemeris`), and GDAL's tools to read the outputs."""
import csv
import io
import json
import math
import os
import shutil
import subprocess
import tempfile
import unittest

CE8 = os.environ.get("CE8_BIN", "ce8")
PROJ = "+proj=stere +lat_0=-90 +lat_ts=-90 +lon_0=0 +k=1 +x_0=0 +y_0=0 +R=1737400 +units=m +no_defs"
HAVE_GDAL = bool(shutil.which("gdal_translate") and shutil.which("gdallocationinfo"))
R = 1737400.0


def ce8(*args):
    return subprocess.run([CE8, *args], capture_output=True, text=True, timeout=300)


def tool(*args):
    r = subprocess.run(list(args), capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        raise RuntimeError(f"{args[0]} failed: {r.stderr}")
    return r.stdout


def write_dem(path, heights, cell_m, x_min, y_max):
    """A float32 GeoTIFF in the project's projection, via an ASCII grid and gdal_translate."""
    n_rows, n_cols = len(heights), len(heights[0])
    asc = path + ".asc"
    with open(asc, "w") as f:
        f.write(f"ncols {n_cols}\nnrows {n_rows}\nxllcorner {x_min}\n"
                f"yllcorner {y_max - n_rows * cell_m}\ncellsize {cell_m}\nNODATA_value -9999\n")
        for row in heights:
            f.write(" ".join(f"{v:g}" for v in row) + "\n")
    tool("gdal_translate", "-q", "-ot", "Float32", "-a_srs", PROJ, asc, path)


def value(path, band, col, row):
    return float(tool("gdallocationinfo", "-valonly", "-b", str(band), path, str(col), str(row)))


@unittest.skipUnless(HAVE_GDAL, "gdal-bin not installed")
class Horizon(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="ce8_illum_cli_")
        # 64 x 64 cells of 100 m, flat at 0 m, with a 1000 m block in columns 40-42, rows 30-33.
        # The grid sits 10-16 km from the pole, so geographic and grid directions differ.
        self.heights = [[1000.0 if (40 <= i <= 42 and 30 <= j <= 33) else 0.0 for i in range(64)]
                        for j in range(64)]
        self.dem = os.path.join(self.tmp, "block.tif")
        write_dem(self.dem, self.heights, 100.0, 10000.0, 26400.0)

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def test_block_on_a_plane_gives_atan_height_over_distance(self):
        out = os.path.join(self.tmp, "h.tif")
        r = ce8("horizon", "--dem", self.dem, "--directions", "8", "--flat", "--out", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        # Observer at column 20, row 31: the block's near face is 19.5 cells east (x), so toward
        # grid azimuth 90 (band 3) the horizon is atan(1000 / 1950 m)... up to where the sweep
        # samples the face: accept the face's near and far cell centres.
        east = value(out, 3, 20, 31)
        near = math.degrees(math.atan(1000.0 / 1950.0))
        far = math.degrees(math.atan(1000.0 / 2050.0))
        self.assertGreaterEqual(east, far - 0.05)
        self.assertLessEqual(east, near + 0.05)
        for band in (1, 2, 4, 5, 6, 7, 8):  # nothing in the other directions over a flat plane
            self.assertAlmostEqual(value(out, band, 20, 31), 0.0, places=4, msg=f"band {band}")

    def test_raymarch_method_and_line_counts_agree_with_the_sweep_on_the_axes(self):
        # Along the grid axes the sweep's lines pass through cell centres, so every method
        # samples the same points: the exact ray march and 1, 2 or 4 lines per cell agree.
        outs = {}
        for tag, extra in (("rm", ["--method", "raymarch"]), ("l1", ["--lines-per-cell", "1"]),
                           ("l2", []), ("l4", ["--lines-per-cell", "4"])):
            outs[tag] = os.path.join(self.tmp, tag + ".tif")
            r = ce8("horizon", "--dem", self.dem, "--directions", "8", "--flat", *extra,
                    "--out", outs[tag])
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(json.loads(r.stdout)["method"],
                             "raymarch" if tag == "rm" else "sweep")
        for band in (1, 3, 5, 7):
            for col, row in ((20, 31), (5, 5), (50, 20), (41, 40)):
                ref = value(outs["rm"], band, col, row)
                for tag in ("l1", "l2", "l4"):
                    self.assertAlmostEqual(value(outs[tag], band, col, row), ref, places=3,
                                           msg=f"{tag} band {band} at {col},{row}")
        # The block is really seen (not a trivially flat answer): east of column 20, row 31.
        self.assertGreater(value(outs["rm"], 3, 20, 31), 20.0)

    def test_curvature_lowers_the_open_horizon_and_observer_height_lowers_it_more(self):
        flat, curved, mast = (os.path.join(self.tmp, n) for n in ("f.tif", "c.tif", "m.tif"))
        self.assertEqual(ce8("horizon", "--dem", self.dem, "--directions", "8", "--flat",
                             "--out", flat).returncode, 0)
        self.assertEqual(ce8("horizon", "--dem", self.dem, "--directions", "8",
                             "--out", curved).returncode, 0)
        self.assertEqual(ce8("horizon", "--dem", self.dem, "--directions", "8", "--height", "10",
                             "--out", mast).returncode, 0)
        west_flat = value(flat, 7, 20, 31)  # toward grid azimuth 270: open plane
        west_curved = value(curved, 7, 20, 31)
        west_mast = value(mast, 7, 20, 31)
        self.assertAlmostEqual(west_flat, 0.0, places=4)
        self.assertLess(west_curved, 0.0)  # the sphere falls away
        # A 10 m mast looks down onto the plane: the horizon drops by about atan(10 / d) at the
        # nearest sample, far more than curvature alone.
        self.assertLess(west_mast, west_curved)
        # And sees the block lower: never less sky.
        self.assertLessEqual(value(mast, 3, 20, 31), value(flat, 3, 20, 31) + 1e-6)

    def test_bad_inputs_are_one_line_errors(self):
        out = os.path.join(self.tmp, "x.tif")
        cases = [
            ("horizon", "--dem", self.dem, "--directions", "3", "--out", out),
            ("horizon", "--dem", self.dem, "--directions", "3601", "--out", out),
            ("horizon", "--dem", os.path.join(self.tmp, "missing.tif"), "--directions", "8",
             "--out", out),
            ("horizon", "--dem", self.dem, "--directions", "8", "--lines-per-cell", "0",
             "--out", out),
            ("horizon", "--dem", self.dem, "--directions", "8", "--method", "exact",
             "--out", out),
            ("illumination", "--dem", self.dem, "--from", "2028-01-02", "--until", "2028-01-01",
             "--step", "1h", "--out", out),
            ("illumination", "--dem", self.dem, "--from", "2028-01-01", "--until", "2028-01-02",
             "--step", "0h", "--out", out),
            ("illumination", "--dem", self.dem, "--from", "2028-02-30", "--until", "2028-03-02",
             "--step", "1h", "--out", out),
        ]
        for args in cases:
            r = ce8(*args)
            self.assertEqual(r.returncode, 2, f"{args}: {r.stderr}")
            self.assertEqual(r.stdout, "", args)
            lines = r.stderr.strip().splitlines()
            self.assertEqual(len(lines), 1, f"{args}: {r.stderr}")
            self.assertTrue(lines[0].startswith("ce8: error:"), lines[0])
            self.assertFalse(os.path.exists(out), f"{args} left an output file")

    def test_site_series_over_a_plane_follows_the_ephemeris(self):
        # Far from the block, on open ground, the Sun's elevation is the ephemeris' and the disk
        # is visible exactly when the Sun is above the (curved) horizon.
        args = ("--from", "2028-10-20T00:00:00Z", "--until", "2028-10-21T00:00:00Z", "--step", "6h")
        # Cell (5, 5): x = 10550, y = 25850 -> latitude/longitude for the ephemeris CLI.
        x, y = 10550.0, 25850.0
        rho = math.hypot(x, y)
        lat = -90 + math.degrees(2 * math.atan(rho / (2 * R)))
        lon = math.degrees(math.atan2(x, y)) % 360
        site = f"{lat:.9f},{lon:.9f}"
        r = ce8("illumination", "--dem", self.dem, "--site", site, *args, "--flat",
                "--directions", "72")
        self.assertEqual(r.returncode, 0, r.stderr)
        rows = list(csv.DictReader(io.StringIO(r.stdout)))
        self.assertEqual(len(rows), 5)
        self.assertEqual(set(rows[0]), {"time_utc", "sun_az_deg", "sun_el_deg",
                                        "horizon_el_toward_sun_deg", "sun_visible_fraction",
                                        "earth_el_deg", "earth_visible_fraction"})
        e = ce8("ephemeris", "--site", site, "--time", "2028-10-20T00:00:00Z",
                "--until", "2028-10-21T00:00:00Z", "--step", "6h")
        self.assertEqual(e.returncode, 0, e.stderr)
        eph = list(csv.DictReader(io.StringIO(e.stdout)))
        for a, b in zip(rows, eph):
            self.assertEqual(a["time_utc"][:19], b["time_utc"][:19])
            # The ephemeris CLI is topocentric at the sphere; the DEM sits at 0 m: same site.
            self.assertAlmostEqual(float(a["sun_el_deg"]), float(b["sun_el_deg"]), delta=0.01)
            f = float(a["sun_visible_fraction"])
            self.assertGreaterEqual(f, 0.0)
            self.assertLessEqual(f, 1.0)
            if float(a["sun_el_deg"]) > float(a["horizon_el_toward_sun_deg"]) + 0.3:
                self.assertEqual(f, 1.0)
            if float(a["sun_el_deg"]) < float(a["horizon_el_toward_sun_deg"]) - 0.3:
                self.assertEqual(f, 0.0)

    def test_map_bands_are_consistent(self):
        out = os.path.join(self.tmp, "ill.tif")
        r = ce8("illumination", "--dem", self.dem, "--from", "2028-10-01", "--until",
                "2028-10-29", "--step", "12h", "--directions", "16", "--out", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        info = json.loads(tool("gdalinfo", "-json", "-stats", out))
        self.assertEqual(len(info["bands"]), 4)
        lit = info["bands"][0]
        self.assertGreaterEqual(lit["minimum"], 0.0)
        self.assertLessEqual(lit["maximum"], 100.0)
        # Open ground west of the block sees the Sun whenever it is up; the cell right behind
        # the block (west side, toward the Sun when it is east) is lit less or equally.
        for col, row in ((5, 5), (39, 31)):
            pct = value(out, 1, col, row)
            shadowed = value(out, 4, col, row)
            darkness = value(out, 3, col, row)
            self.assertTrue(0.0 <= pct <= 100.0)
            if shadowed == 1.0:
                self.assertEqual(pct, 0.0)
                self.assertAlmostEqual(darkness, 28 * 24, delta=12.0)
        self.assertLessEqual(value(out, 1, 39, 31), value(out, 1, 5, 5) + 1e-6)

    def test_per_instant_reference_agrees_with_the_default_sector_tables(self):
        maps = {}
        for name, extra in (("tables", []), ("reference", ["--per-instant"])):
            out = os.path.join(self.tmp, name + ".tif")
            r = ce8("illumination", "--dem", self.dem, "--from", "2028-10-01", "--until",
                    "2028-10-15", "--step", "3h", "--directions", "16", "--out", out, *extra)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(json.loads(r.stdout)["method"],
                             "per-instant" if extra else "sector-tables")
            maps[name] = out
        for col, row in ((5, 5), (39, 31), (41, 35), (43, 31), (20, 50)):
            for band, tol in ((1, 0.1), (2, 0.1), (3, 3.0), (4, 0.0)):
                a = value(maps["tables"], band, col, row)
                b = value(maps["reference"], band, col, row)
                self.assertLessEqual(abs(a - b), tol, (band, col, row, a, b))


if __name__ == "__main__":
    unittest.main()
