"""CLI tests for `ce8 terrain import` of LOLA PDS3 products (the repository's samples in
assets/lola), checked against GDAL's own PDS driver (gdalinfo, gdallocationinfo from gdal-bin):
the polar stereographic grids must come out on GDAL's geotransform with GDAL's heights, the
simple cylindrical LDEM_4 cap must agree with GDAL's samples where its pixels lie. Bad products
(image shorter than its label says, unknown projection, a band that stops short of the pole,
missing image) give one line naming the problem, exit 2 and no output file."""
import json
import math
import os
import re
import shutil
import subprocess
import tempfile
import unittest

CE8 = os.environ.get("CE8_BIN", "ce8")
R = 1737400.0
ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
LOLA = os.path.join(ROOT, "assets", "lola")
HAVE_GDAL = shutil.which("gdalinfo") and shutil.which("gdallocationinfo")


def ce8(*args):
    return subprocess.run([CE8, *args], capture_output=True, text=True, timeout=300)


def tool(*args, stdin=None):
    r = subprocess.run(list(args), capture_output=True, text=True, timeout=120, input=stdin)
    if r.returncode != 0:
        raise RuntimeError(f"{args[0]} failed: {r.stderr}")
    return r.stdout


def stereo(lat_deg, lon_deg):
    rho = 2 * R * math.tan(math.pi / 4 + math.radians(lat_deg) / 2)
    return rho * math.sin(math.radians(lon_deg)), rho * math.cos(math.radians(lon_deg))


def pixel_values(path, pixels):
    """Raw band-1 values at (col, row) pixels, via gdallocationinfo's batch mode."""
    out = tool("gdallocationinfo", "-valonly", path,
               stdin="".join(f"{c} {r}\n" for c, r in pixels))
    return [float(v) for v in out.split()]


def geo_values(path, points):
    """Band-1 values at map coordinates (x y in the file's own CRS)."""
    out = tool("gdallocationinfo", "-valonly", "-geoloc", path,
               stdin="".join(f"{x!r} {y!r}\n" for x, y in points))
    return [float(v) for v in out.split()]


class LolaImport(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="ce8_lola_cli_")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def path(self, name):
        return os.path.join(self.tmp, name)

    def copy_product(self, stem, new_stem=None):
        """Copies a sample's .lbl and .img into the temp dir (the label names its image file)."""
        new_stem = new_stem or stem
        lbl, img = self.path(new_stem + ".lbl"), self.path(new_stem + ".img")
        with open(os.path.join(LOLA, stem + ".lbl")) as f:
            text = f.read()
        with open(lbl, "w") as f:
            f.write(text.replace(f'"{stem}.img"', f'"{new_stem}.img"'))
        shutil.copyfile(os.path.join(LOLA, stem + ".img"), img)
        return lbl, img

    def import_ok(self, lbl, *args):
        out = self.path(os.path.basename(lbl) + ".tif")
        r = ce8("terrain", "import", "--in", lbl, "--out", out, *args)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(os.path.isfile(out))
        return out

    def assert_refused(self, lbl, *words, args=()):
        out = self.path("refused.tif")
        r = ce8("terrain", "import", "--in", lbl, "--out", out, *args)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertEqual(r.stdout, "")
        lines = r.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, r.stderr)
        self.assertTrue(lines[0].startswith("ce8: error: "), lines[0])
        for w in words:
            self.assertIn(w, lines[0])
        self.assertFalse(os.path.exists(out), "no output file after an error")
        return lines[0]

    def info(self, path):
        r = ce8("terrain", "info", path)
        self.assertEqual(r.returncode, 0, r.stderr)
        return json.loads(r.stdout)

    # ---- good products ---------------------------------------------------------------------

    @unittest.skipUnless(HAVE_GDAL, "gdal-bin not installed")
    def test_polar_products_match_gdal(self):
        for stem in ("shackleton-40m", "shackleton-200m"):
            with self.subTest(stem):
                lbl = os.path.join(LOLA, stem + ".lbl")
                ref = json.loads(tool("gdalinfo", "-json", lbl))
                out = self.import_ok(lbl)
                ours = json.loads(tool("gdalinfo", "-json", out))
                self.assertEqual(ours["size"], ref["size"])
                for a, b in zip(ours["geoTransform"], ref["geoTransform"]):
                    self.assertAlmostEqual(a, b, delta=1e-6)
                self.assertIn("Polar Stereographic", ours["coordinateSystem"]["wkt"])
                band = ref["bands"][0]
                scale = band.get("scale", 1.0)
                offset = band.get("offset", 0.0)
                nodata = band.get("noDataValue")
                w, h = ref["size"]
                pixels = [(c, r) for r in range(0, h, max(1, h // 9)) for c in range(0, w, max(1, w // 9))]
                pixels += [(0, 0), (w - 1, h - 1), (w // 2, h // 2)]
                raw = pixel_values(lbl, pixels)
                got = pixel_values(out, pixels)
                self.assertEqual(len(raw), len(pixels))
                compared = 0
                for p, dn, v in zip(pixels, raw, got):
                    if nodata is not None and dn == nodata:
                        continue
                    self.assertAlmostEqual(v, dn * scale + offset, delta=1e-3, msg=str(p))
                    compared += 1
                self.assertGreater(compared, 50)
                # terrain info reads the label directly and agrees with the GeoTIFF.
                a, b = self.info(lbl), self.info(out)
                for k in ("width", "height", "resolution_m", "bounds", "projection"):
                    self.assertEqual(a[k], b[k], k)
                self.assertAlmostEqual(a["min_height_m"], b["min_height_m"], delta=1e-3)
                self.assertAlmostEqual(a["max_height_m"], b["max_height_m"], delta=1e-3)

    @unittest.skipUnless(HAVE_GDAL, "gdal-bin not installed")
    def test_cylindrical_cap_matches_gdal_samples(self):
        lbl = os.path.join(LOLA, "ldem4-cap.lbl")
        ref = json.loads(tool("gdalinfo", "-json", lbl))
        gt = ref["geoTransform"]
        w, h = ref["size"]
        self.assertEqual((w, h), (1440, 80))
        # Cells of 500 m: the nearest cell centre lies within 354 m of any LDEM_4 pixel centre.
        out = self.import_ok(lbl, "--resolution", "500")
        meta = self.info(out)
        self.assertEqual(meta["resolution_m"], 500.0)
        reach = 2 * R * math.tan(math.radians(5.0))  # 80 S along the axes
        self.assertGreaterEqual(meta["bounds"]["x_max_m"], reach - 500)
        self.assertAlmostEqual(meta["bounds"]["x_max_m"], -meta["bounds"]["x_min_m"], delta=1e-6)
        # GDAL's equirectangular metres -> degrees (the sphere of the label).
        m_per_deg = R * math.pi / 180.0
        lon0 = 180.0 if abs(gt[0] + 180 * m_per_deg) < 100.0 else 0.0  # the label: 180 E centre
        # The engine first averages each row along longitude over as many columns as span one
        # latitude step on the ground (docs/terrain.md: 2 * floor(0.5 / cos(lat)) + 1 columns);
        # the expected value is that mean of GDAL's raw pixels, computed here.
        pixels, points, windows = [], [], []
        for row in range(h):
            lat = (gt[3] + (row + 0.5) * gt[5]) / m_per_deg
            if not (-89.0 <= lat <= -80.5):
                continue
            half = int(math.floor(0.5 / math.cos(math.radians(lat))))
            for col in range(row % 7, w, 37):
                lon = (gt[0] + (col + 0.5) * gt[1]) / m_per_deg + lon0
                window = [((col + k) % w, row) for k in range(-half, half + 1)]
                windows.append((len(pixels), len(window)))
                pixels.extend(window)
                points.append(stereo(lat, lon))
        raw = pixel_values(lbl, pixels)
        scale = ref["bands"][0].get("scale", 1.0)
        expected = [sum(raw[a:a + n]) * scale / n for a, n in windows]
        got = geo_values(out, points)
        self.assertEqual(len(got), len(points))
        diffs = sorted(abs(v - e) for e, v in zip(expected, got))
        self.assertGreater(len(diffs), 500)
        median = diffs[len(diffs) // 2]
        p95 = diffs[int(0.95 * len(diffs))]
        self.assertLess(median, 15.0, f"median {median:.1f} m")
        self.assertLess(p95, 80.0, f"95th percentile {p95:.1f} m")

    def test_ldem4_cap_default_grid(self):
        out = self.import_ok(os.path.join(LOLA, "ldem4-cap.lbl"))
        meta = self.info(out)
        self.assertAlmostEqual(meta["resolution_m"], 7580.84, delta=1.0)  # LDEM_4's 0.25 deg
        self.assertEqual(meta["width"], meta["height"])
        self.assertEqual(meta["nodata_count"], 0)
        self.assertTrue(-9000 < meta["min_height_m"] < -3000, meta)
        self.assertTrue(3000 < meta["max_height_m"] < 9000, meta)

    # ---- bad products ----------------------------------------------------------------------

    def test_truncated_image_is_refused(self):
        lbl, img = self.copy_product("shackleton-40m")
        with open(img, "r+b") as f:
            f.truncate(os.path.getsize(img) - 1000)
        self.assertRegex(self.assert_refused(lbl), r"(?i)bytes|size|short|truncat")

    def test_truncated_cylindrical_image_is_refused(self):
        lbl, img = self.copy_product("ldem4-cap")
        with open(img, "r+b") as f:
            f.truncate(os.path.getsize(img) // 2)
        self.assertRegex(self.assert_refused(lbl), r"(?i)bytes|size|short|truncat")

    def test_unknown_projection_is_refused(self):
        lbl, _ = self.copy_product("shackleton-40m")
        with open(lbl) as f:
            text = f.read()
        text = re.sub(r'MAP_PROJECTION_TYPE(\s*)=\s*"[^"]*"',
                      r'MAP_PROJECTION_TYPE\1= "LAMBERT AZIMUTHAL"', text)
        self.assertIn("LAMBERT", text)
        with open(lbl, "w") as f:
            f.write(text)
        self.assertIn("LAMBERT", self.assert_refused(lbl).upper())

    def test_band_short_of_the_pole_is_refused(self):
        # The first 60 of the 80 rows: 70 S to 84.9 S, short of the pole.
        lbl, img = self.copy_product("ldem4-cap", "ldem4-short")
        with open(lbl) as f:
            text = f.read()
        text, n = re.subn(r"(\n\s*LINES\s*=\s*)80\b", r"\g<1>60", text)
        self.assertEqual(n, 1)
        text = re.sub(r"(\n\s*FILE_RECORDS\s*=\s*)80\b", r"\g<1>60", text)
        with open(lbl, "w") as f:
            f.write(text)
        with open(img, "r+b") as f:
            f.truncate(60 * 1440 * 2)
        line = self.assert_refused(lbl)
        self.assertRegex(line, r"(?i)reach|cover|short")
        # A cap the band does reach is fine only when the grid stays inside it: -80 does not.
        self.assert_refused(lbl, args=("--cap-lat", "-80"))

    def test_cap_beyond_the_product_is_refused(self):
        # The shipped cap reaches 70 S: a cap to 65 S asked for is refused, naming both.
        line = self.assert_refused(os.path.join(LOLA, "ldem4-cap.lbl"), args=("--cap-lat", "-65"))
        self.assertIn("-70.00", line)
        self.assertIn("-65.00", line)

    def test_missing_image_is_refused(self):
        lbl, img = self.copy_product("shackleton-40m")
        os.remove(img)
        self.assertIn("shackleton-40m.img", self.assert_refused(lbl))


class DocsExamples(unittest.TestCase):
    """Every `ce8 ...` command in docs/lola-data.md runs as written (from a folder where the
    repository's assets/ are at hand) and succeeds."""

    def test_docs_commands_work(self):
        import shlex
        with open(os.path.join(ROOT, "docs", "lola-data.md")) as f:
            text = f.read()
        commands = []
        for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S):
            commands += [line.strip() for line in block.splitlines() if line.strip().startswith("ce8 ")]
        self.assertGreaterEqual(len(commands), 4)
        tmp = tempfile.mkdtemp(prefix="ce8_lola_docs_")
        try:
            os.symlink(os.path.join(ROOT, "assets"), os.path.join(tmp, "assets"))
            for command in commands:
                with self.subTest(command):
                    args = shlex.split(command)[1:]
                    r = subprocess.run([CE8, *args], capture_output=True, text=True, timeout=300,
                                       cwd=tmp)
                    self.assertEqual(r.returncode, 0, r.stderr)
                    if "--out" in args:
                        self.assertTrue(os.path.isfile(os.path.join(tmp, args[args.index("--out") + 1])))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
