"""CLI tests for `ce8 terrain`, checked against GDAL's own tools (gdalinfo, gdaldem,
gdaltransform, gdal_translate from gdal-bin) as independent references."""
import json
import math
import os
import shutil
import subprocess
import tempfile
import unittest

CE8 = os.environ.get("CE8_BIN", "ce8")
R = 1737400.0
PROJ = "+proj=stere +lat_0=-90 +lat_ts=-90 +lon_0=0 +k=1 +x_0=0 +y_0=0 +R=1737400 +units=m +no_defs"
HAVE_GDAL = shutil.which("gdalinfo") and shutil.which("gdaldem") and shutil.which("gdal_translate")


def ce8(*args):
    return subprocess.run([CE8, *args], capture_output=True, text=True, timeout=120)


def tool(*args):
    r = subprocess.run(list(args), capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        raise RuntimeError(f"{args[0]} failed: {r.stderr}")
    return r.stdout


def read_grid(path, tmp):
    """Pixels of band 1 as a list of rows, via GDAL's ASCII grid (standard library parsing)."""
    asc = os.path.join(tmp, os.path.basename(path) + ".asc")
    tool("gdal_translate", "-q", "-of", "AAIGrid", path, asc)
    rows, nodata = [], None
    with open(asc) as f:
        for line in f:
            parts = line.split()
            if parts[0].lower() == "nodata_value":
                nodata = float(parts[1])
            elif parts[0][0].isalpha():
                continue
            else:
                rows.append([float(v) for v in parts])
    return rows, nodata


def stereo(lat_deg, lon_deg):
    rho = 2 * R * math.tan(math.pi / 4 + math.radians(lat_deg) / 2)
    return rho * math.sin(math.radians(lon_deg)), rho * math.cos(math.radians(lon_deg))


@unittest.skipUnless(HAVE_GDAL, "gdal-bin not installed")
class Terrain(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="ce8_terrain_cli_")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def path(self, name):
        return os.path.join(self.tmp, name)

    def generate(self, name, *args):
        out = self.path(name)
        r = ce8("terrain", "generate", "--out", out, *args)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stderr, "")
        return out, json.loads(r.stdout)

    def assert_bad_input(self, r, *words):
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertEqual(r.stdout, "")
        lines = r.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, r.stderr)
        self.assertTrue(lines[0].startswith("ce8: error: "), lines[0])
        for w in words:
            self.assertIn(w, lines[0])

    def test_gdalinfo_reads_our_georeference(self):
        out, meta = self.generate("g.tif", "--size", "64", "--resolution", "500",
                                  "--center", "-85.3,317.9")
        info = json.loads(tool("gdalinfo", "-json", "-mm", out))
        self.assertEqual(info["size"], [64, 64])
        self.assertEqual(info["bands"][0]["type"], "Float32")
        gt = info["geoTransform"]
        x, y = stereo(-85.3, 317.9)  # the requested centre, by the textbook formula
        self.assertAlmostEqual(gt[0], x - 32 * 500, delta=1e-6)
        self.assertAlmostEqual(gt[3], y + 32 * 500, delta=1e-6)
        self.assertEqual((gt[1], gt[2], gt[4], gt[5]), (500.0, 0.0, 0.0, -500.0))
        cc = info["cornerCoordinates"]
        b = meta["bounds"]
        # gdalinfo prints corners to the millimetre.
        self.assertAlmostEqual(cc["upperLeft"][0], b["x_min_m"], delta=1e-3)
        self.assertAlmostEqual(cc["upperLeft"][1], b["y_max_m"], delta=1e-3)
        self.assertAlmostEqual(cc["lowerRight"][0], b["x_max_m"], delta=1e-3)
        self.assertAlmostEqual(cc["lowerRight"][1], b["y_min_m"], delta=1e-3)
        wkt = info["coordinateSystem"]["wkt"]
        self.assertIn("Polar Stereographic", wkt)
        self.assertIn("1737400,0", wkt)  # sphere: radius, zero inverse flattening
        self.assertIn('"Latitude of natural origin",-90', wkt)
        self.assertIn('"Scale factor at natural origin",1', wkt)
        band = info["bands"][0]
        self.assertAlmostEqual(band["computedMin"], meta["min_height_m"], delta=1e-3)
        self.assertAlmostEqual(band["computedMax"], meta["max_height_m"], delta=1e-3)
        # ce8 terrain info agrees with what generate reported.
        r = ce8("terrain", "info", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        again = json.loads(r.stdout)
        for k in ("width", "height", "resolution_m", "projection", "bounds", "min_height_m",
                  "max_height_m", "nodata_count"):
            self.assertEqual(again[k], meta[k], k)
        self.assertEqual(again["projection"], PROJ)

    def test_proj_places_the_grid_centre_where_we_do(self):
        # GDAL/PROJ projects the landing-site coordinates; our grid centre must match.
        out, meta = self.generate("c.tif", "--size", "16", "--resolution", "100",
                                  "--center", "-84.4,83.1")
        r = subprocess.run(["gdaltransform", "-s_srs", "+proj=longlat +R=1737400 +no_defs",
                            "-t_srs", PROJ], input="83.1 -84.4\n", capture_output=True,
                           text=True, timeout=60)
        x, y = (float(v) for v in r.stdout.split()[:2])
        b = meta["bounds"]
        self.assertAlmostEqual((b["x_min_m"] + b["x_max_m"]) / 2, x, delta=1e-3)
        self.assertAlmostEqual((b["y_min_m"] + b["y_max_m"]) / 2, y, delta=1e-3)
        # And a point at 85°S lies at rho = 2 R tan(2.5°).
        r = subprocess.run(["gdaltransform", "-s_srs", "+proj=longlat +R=1737400 +no_defs",
                            "-t_srs", PROJ], input="30 -85\n", capture_output=True, text=True,
                           timeout=60)
        x, y = (float(v) for v in r.stdout.split()[:2])
        self.assertAlmostEqual(math.hypot(x, y), 2 * R * math.tan(math.radians(2.5)), delta=1e-3)

    def test_slope_matches_gdaldem(self):
        dem, _ = self.generate("d.tif", "--size", "96", "--resolution", "20",
                               "--center", "-89.45,259.5")
        ours = self.path("ours.tif")
        r = ce8("terrain", "slope", "--dem", dem, "--out", ours)
        self.assertEqual(r.returncode, 0, r.stderr)
        ref = self.path("gdaldem.tif")
        tool("gdaldem", "slope", "-q", dem, ref)
        a, _ = read_grid(ours, self.tmp)
        g, nodata = read_grid(ref, self.tmp)
        diffs = []
        for j in range(1, 95):  # gdaldem leaves the edges empty
            for i in range(1, 95):
                self.assertNotEqual(g[j][i], nodata)
                diffs.append(abs(a[j][i] - g[j][i]))
        mx, mean = max(diffs), sum(diffs) / len(diffs)
        print(f"\n[terrain] slope vs gdaldem: max |diff| {mx:.2e} deg, mean {mean:.2e} deg "
              f"over {len(diffs)} cells; slopes up to {max(max(r) for r in g):.1f} deg")
        self.assertLess(mx, 1e-3)
        self.assertGreater(max(max(r) for r in g), 5.0)  # a non-trivial surface

    def test_same_seed_same_bytes(self):
        # At Cabeus only LDEM_4 (7.6 km) is real: the seed shapes the synthetic detail below it.
        at = ("--center", "-85.3,317.9", "--size", "64", "--resolution", "300")
        a, _ = self.generate("a.tif", *at, "--seed", "7")
        b, _ = self.generate("b.tif", *at, "--seed", "7")
        c, _ = self.generate("c.tif", *at, "--seed", "8")
        with open(a, "rb") as fa, open(b, "rb") as fb, open(c, "rb") as fc:
            da, db, dc = fa.read(), fb.read(), fc.read()
        self.assertEqual(da, db)
        self.assertNotEqual(da, dc)

    def test_default_is_the_regional_grid(self):
        r = ce8("terrain", "generate", "--help")
        self.assertEqual(r.returncode, 0)
        self.assertIn("--center", r.stdout)
        self.assertIn("real LOLA heights", r.stdout)
        self.assertIn("synthetic", r.stdout)

    def test_bad_input(self):
        good, _ = self.generate("good.tif", "--size", "16", "--resolution", "100")
        self.assert_bad_input(ce8("terrain", "info", self.path("none.tif")), "does not exist")
        junk = self.path("junk.tif")
        with open(junk, "wb") as f:
            f.write(bytes(range(256)) * 20)
        self.assert_bad_input(ce8("terrain", "info", junk), "junk.tif")
        big, _ = self.generate("big.tif", "--size", "200", "--resolution", "100")
        trunc = self.path("trunc.tif")
        with open(big, "rb") as f, open(trunc, "wb") as g:
            g.write(f.read()[: os.path.getsize(big) // 3])
        self.assert_bad_input(ce8("terrain", "info", trunc), "trunc")
        wgs = self.path("wgs.tif")
        tool("gdal_translate", "-q", "-a_srs", "EPSG:4326", good, wgs)
        self.assert_bad_input(ce8("terrain", "info", wgs), "projection")
        north = self.path("north.tif")
        tool("gdal_translate", "-q", "-a_srs", PROJ.replace("-90", "90"), good, north)
        self.assert_bad_input(ce8("terrain", "info", north), "projection")
        png = self.path("p.png")
        tool("gdal_translate", "-q", "-of", "PNG", "-ot", "Byte", "-scale", good, png)
        self.assert_bad_input(ce8("terrain", "info", png), "unsupported format")
        out = self.path("out.tif")
        for args, word in ((("--size", "0"), "size"), (("--size", "20000"), "16384"),
                           (("--resolution", "0"), "resolution"),
                           (("--center", "45,10"), "latitude"), (("--center", "x"), "center")):
            self.assert_bad_input(ce8("terrain", "generate", "--out", out, *args), word)
        self.assertFalse(os.path.exists(out))
        # A failing slope neither creates nor overwrites its output.
        with open(out, "w") as f:
            f.write("keep")
        self.assert_bad_input(ce8("terrain", "slope", "--dem", trunc, "--out", out))
        with open(out) as f:
            self.assertEqual(f.read(), "keep")
        self.assert_bad_input(ce8("terrain", "generate", "--out",
                                  self.path("no/such/dir.tif"), "--size", "8"), "does not exist")
        leftovers = [n for n in os.listdir(self.tmp) if "partial" in n]
        self.assertEqual(leftovers, [])


if __name__ == "__main__":
    unittest.main()
