"""CLI tests for `ce8 traverse` and `ce8 rovers` on a small generated DEM (`ce8 terrain
generate`) and on hand-made GeoTIFFs (gdal_translate) for the bad-input cases. Independent
references: the stereographic projection written out here, path geometry (3-D segment lengths),
ISO times, the energy balance recomputed from the timeline, and the rover catalogue."""
import csv
import io
import json
import math
import os
import shutil
import subprocess
import tempfile
import unittest
from datetime import datetime, timezone

CE8 = os.environ.get("CE8_BIN", "ce8")
PROJ = "+proj=stere +lat_0=-90 +lat_ts=-90 +lon_0=0 +k=1 +x_0=0 +y_0=0 +R=1737400 +units=m +no_defs"
HAVE_GDAL = bool(shutil.which("gdal_translate"))
R = 1737400.0
START = "2028-10-14T00:00:00"  # the Sun is up on the ridge test site (89.45 S, 222.7 E)
CSV_HEADER = ["time_utc", "lat", "lon", "soc", "power_in_w", "power_out_w",
              "sun_visible_fraction", "earth_visible", "lander_visible", "link_up", "x", "y",
              "height_m", "heading_deg", "speed_m_s", "slope_deg", "sun_el_deg",
              "sun_incidence_deg", "distance_m", "mode"]


def ce8(*args, timeout=120):
    return subprocess.run([CE8, *args], capture_output=True, text=True, timeout=timeout)


def stereo(lat_deg, lon_deg):
    c = math.radians(90.0 + lat_deg)  # angular distance from the south pole
    rho = 2.0 * R * math.tan(c / 2.0)
    return rho * math.sin(math.radians(lon_deg)), rho * math.cos(math.radians(lon_deg))


def latlon(x, y):
    c = 2.0 * math.atan(math.hypot(x, y) / (2.0 * R))
    return -90.0 + math.degrees(c), math.degrees(math.atan2(x, y)) % 360.0


def point(x, y):
    lat, lon = latlon(x, y)
    return f"{lat:.7f},{lon:.7f}"


def parse_time(text):
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)


def write_dem(path, heights, cell_m, x_min, y_max):
    n_rows, n_cols = len(heights), len(heights[0])
    asc = path + ".asc"
    with open(asc, "w") as f:
        f.write(f"ncols {n_cols}\nnrows {n_rows}\nxllcorner {x_min}\n"
                f"yllcorner {y_max - n_rows * cell_m}\ncellsize {cell_m}\nNODATA_value -9999\n")
        for row in heights:
            f.write(" ".join(f"{v:g}" for v in row) + "\n")
    r = subprocess.run(["gdal_translate", "-q", "-ot", "Float32", "-a_srs", PROJ, asc, path],
                       capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        raise RuntimeError(r.stderr)


class Traverse(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="ce8_traverse_cli_")
        cls.dem = os.path.join(cls.tmp, "site.tif")
        r = ce8("terrain", "generate", "--out", cls.dem, "--size", "96", "--resolution", "20",
                "--center", "-89.45,222.7", "--seed", "3")
        assert r.returncode == 0, r.stderr
        info = json.loads(r.stdout)
        b = info["bounds"]
        cls.x0, cls.y0 = b["x_min_m"], b["y_min_m"]
        cls.a = (cls.x0 + 450.0, cls.y0 + 950.0)
        cls.b = (cls.x0 + 1450.0, cls.y0 + 1350.0)
        cls.rovers = {r["id"]: r for r in json.loads(ce8("rovers").stdout)["rovers"]}

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def run_traverse(self, *extra, rover="chinese-rover", frm=None, to=None):
        frm = frm or self.a
        to = to or self.b
        return ce8("traverse", "--dem", self.dem, "--rover", rover, "--from", point(*frm),
                   "--to", point(*to), "--start", START, *extra)

    def assert_bad_input(self, r, *words, code=2):
        self.assertEqual(r.returncode, code, r.stderr + r.stdout)
        err = r.stderr.strip()
        self.assertTrue(err.startswith("ce8: error: "), err)
        self.assertEqual(err.count("\n"), 0, err)
        for w in words:
            self.assertIn(w, err)

    def check_energy(self, j):
        t = j["totals"]
        scale = max(t["energy_in_wh"], t["energy_out_wh"], t["initial_energy_wh"], 1e-3)
        self.assertAlmostEqual(t["energy_in_wh"] - t["energy_out_wh"],
                               t["final_energy_wh"] - t["initial_energy_wh"], delta=1e-6 * scale)
        tl = j["timeline"]
        net = 0.0
        for p, q in zip(tl, tl[1:]):
            dt = (parse_time(q["time_utc"]) - parse_time(p["time_utc"])).total_seconds()
            net += (p["power_in_w"] - p["power_out_w"]) * dt
        # Times are printed to the second, so allow one second of each sample's power.
        slack = sum(abs(p["power_in_w"] - p["power_out_w"]) for p in tl) / 3600.0 + 1e-6 * scale
        self.assertAlmostEqual(net / 3600.0 - t["curtailed_wh"],
                               t["final_energy_wh"] - t["initial_energy_wh"], delta=slack)

    def test_json_fields_units_and_geometry(self):
        out = os.path.join(self.tmp, "drive.json")
        r = self.run_traverse("--out", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        summary = json.loads(r.stdout)
        self.assertEqual(summary["file"], out)
        with open(out) as f:
            j = json.load(f)
        self.assertEqual(j["rover"], "chinese-rover")
        self.assertEqual(j["objective"], "time")
        path, tl, t = j["path"], j["timeline"], j["totals"]
        for k in ("distance_m", "duration_h", "energy_in_wh", "energy_out_wh", "min_soc",
                  "feasible", "reason"):
            self.assertIn(k, t)
        self.assertIs(t["feasible"], True)
        self.assertEqual(t["reason"], "")
        # Path: lat/lon agree with x/y through the projection; ends at the requested points.
        for p in path:
            for k in ("lat", "lon", "x", "y", "height_m"):
                self.assertIn(k, p)
            x, y = stereo(p["lat"], p["lon"])
            self.assertLess(math.hypot(x - p["x"], y - p["y"]), 0.01)
        self.assertLess(math.hypot(path[0]["x"] - self.a[0], path[0]["y"] - self.a[1]), 15.0)
        self.assertLess(math.hypot(path[-1]["x"] - self.b[0], path[-1]["y"] - self.b[1]), 15.0)
        # Consecutive points are 16-neighbours; the distance is the 3-D length of the polyline.
        ground = flat = 0.0
        for p, q in zip(path, path[1:]):
            flat += math.hypot(q["x"] - p["x"], q["y"] - p["y"])
            di, dj = abs(q["i"] - p["i"]), abs(q["j"] - p["j"])
            self.assertIn((min(di, dj), max(di, dj)), [(0, 1), (1, 1), (1, 2)])
            ground += math.sqrt((q["x"] - p["x"]) ** 2 + (q["y"] - p["y"]) ** 2 +
                                (q["height_m"] - p["height_m"]) ** 2)
        # The cost map takes the rise of an edge from the Horn gradients at its ends, not from
        # the two cell heights, so the lengths agree closely but not to rounding.
        self.assertAlmostEqual(t["distance_m"], ground, delta=1e-3 * ground)
        self.assertGreaterEqual(t["distance_m"], flat - 1e-6)
        straight = math.hypot(self.b[0] - self.a[0], self.b[1] - self.a[1])
        self.assertGreaterEqual(t["distance_m"], straight - 30.0)
        # Timeline: starts at --start, times increase, duration matches, units in range.
        for k in ("time_utc", "lat", "lon", "soc", "power_in_w", "power_out_w",
                  "sun_visible_fraction", "earth_visible"):
            self.assertIn(k, tl[0])
        self.assertEqual(tl[0]["time_utc"], START + "Z")
        times = [parse_time(s["time_utc"]) for s in tl]
        self.assertEqual(times, sorted(times))
        self.assertAlmostEqual((times[-1] - times[0]).total_seconds() / 3600.0, t["duration_h"],
                               delta=1.0 / 3600.0)
        rover = self.rovers["chinese-rover"]
        # Lower bound on the duration: the path at top speed.
        self.assertGreaterEqual(t["duration_h"] * 3600.0 * rover["top_speed_m_s"], ground - 1e-6)
        self.assertAlmostEqual(t["initial_energy_wh"], rover["battery_wh"], delta=1e-9)
        for s in tl:
            self.assertTrue(0.0 <= s["soc"] <= 1.0)
            self.assertTrue(0.0 <= s["sun_visible_fraction"] <= 1.0)
            self.assertGreaterEqual(s["power_in_w"], 0.0)
            self.assertGreaterEqual(s["power_out_w"], rover["power"]["idle_w"] - 1e-9)
            self.assertIsInstance(s["earth_visible"], bool)
        self.assertAlmostEqual(t["min_soc"], min(s["soc"] for s in tl), delta=1e-12)
        self.assertGreater(max(s["sun_visible_fraction"] for s in tl), 0.0)
        self.check_energy(j)

    def test_csv_prints_the_timeline(self):
        r = self.run_traverse("--format", "csv")
        self.assertEqual(r.returncode, 0, r.stderr)
        rows = list(csv.reader(io.StringIO(r.stdout)))
        self.assertEqual(rows[0], CSV_HEADER)
        j = json.loads(self.run_traverse().stdout)
        self.assertEqual(len(rows) - 1, len(j["timeline"]))
        self.assertEqual(rows[1][0], j["timeline"][0]["time_utc"])
        self.assertAlmostEqual(float(rows[-1][3]), j["timeline"][-1]["soc"], delta=1e-6)

    def test_rovers_lists_models(self):
        r = ce8("rovers")
        self.assertEqual(r.returncode, 0, r.stderr)
        rovers = json.loads(r.stdout)["rovers"]
        ids = {x["id"] for x in rovers}
        self.assertTrue({"chinese-rover", "pk-suparco-rover", "tr-metu-microrover"} <= ids, ids)
        for x in rovers:
            self.assertGreater(x["battery_wh"], 0)
            self.assertIn(x["panel_mount"], ("fixed-vertical", "horizontal", "sun-tracking"))
            self.assertIn(x["comm"], ("direct-to-earth", "via-lander"))
            for k in ("idle_w", "driving_w", "survival_w", "comm_w", "instruments_w"):
                self.assertGreaterEqual(x["power"][k], 0)
            self.assertIsInstance(x["assumed"], dict)

    def test_multi_stop_and_return(self):
        via = (self.x0 + 900.0, self.y0 + 700.0)
        r = ce8("traverse", "--dem", self.dem, "--rover", "chinese-rover", "--from",
                point(*self.a), "--via", point(*via), "--to", point(*self.b), "--return",
                "--start", START)
        self.assertEqual(r.returncode, 0, r.stderr)
        path = json.loads(r.stdout)["path"]
        stops = [p for p in path if "stop_index" in p]
        self.assertEqual([p["stop_index"] for p in stops], [0, 1, 2])
        for p, want in zip(stops, (via, self.b, self.a)):
            self.assertLess(math.hypot(p["x"] - want[0], p["y"] - want[1]), 15.0)
        self.assertEqual(path[-1]["stop_index"], 2)

    def test_time_aware_keeps_the_floor(self):
        r = self.run_traverse("--time-aware", rover="pk-suparco-rover")
        self.assertEqual(r.returncode, 0, r.stderr)
        j = json.loads(r.stdout)
        floor = self.rovers["pk-suparco-rover"]["min_soc"]
        self.assertTrue(j["totals"]["feasible"])
        self.assertGreaterEqual(j["totals"]["min_soc"], floor - 1e-9)
        for s in j["timeline"]:
            self.assertGreaterEqual(s["soc"], floor - 1e-9)
        self.check_energy(j)

    def test_time_aware_via_stop_with_waits_on_a_20m_tile(self):
        # Regression: on this 20 m tile the coarse route's waiting spot lies on a cell that is
        # standable but walled in at full resolution; the refinement used to fail ("goal 9 ...
        # is walled in"). The waits must now land on the refined path and the drive stay feasible.
        # The synthetic model keeps this planner regression's rugged ground (the built-in terrain
        # is now real LOLA data, where this spot is a smooth LDEM_4 slope).
        dem = os.path.join(self.tmp, "leibnitz20.tif")
        r = ce8("terrain", "generate", "--model", "synthetic", "--out", dem, "--center",
                "-86.3,38", "--size", "1024", "--resolution", "20", timeout=300)
        self.assertEqual(r.returncode, 0, r.stderr)
        r = ce8("traverse", "--dem", dem, "--rover", "tr-metu-microrover", "--from", "-86.3,38",
                "--to", "-86.31,38.3", "--via", "-86.305,38.2", "--return", "--time-aware",
                "--start", "2028-10-27", timeout=300)
        self.assertEqual(r.returncode, 0, r.stderr)
        j = json.loads(r.stdout)
        self.assertTrue(j["totals"]["feasible"], j["totals"]["reason"])
        floor = self.rovers["tr-metu-microrover"]["min_soc"]
        self.assertGreaterEqual(j["totals"]["min_soc"], floor - 1e-9)
        self.check_energy(j)
        # It ends back at the lander.
        end = j["path"][-1]
        self.assertLess(math.hypot(end["lat"] + 86.3, (end["lon"] - 38.0) * 0.064), 0.002)

    def test_edited_rover_without_panel_is_infeasible(self):
        model = dict(self.rovers["chinese-rover"])
        model["id"] = "chinese-rover-no-panel"
        model["panel_area_m2"] = 0.0
        model["battery_wh"] = 50.0
        rf = os.path.join(self.tmp, "rover.json")
        with open(rf, "w") as f:
            json.dump(model, f)
        out = os.path.join(self.tmp, "infeasible.json")
        for extra in (["--no-wait"], []):
            r = ce8("traverse", "--dem", self.dem, "--rover-file", rf, "--from", point(*self.a),
                    "--to", point(*self.b), "--start", START, "--max-days", "3", "--out", out,
                    *extra)
            self.assert_bad_input(r, "drive infeasible", START[:9], "floor", code=1)
            with open(out) as f:
                j = json.load(f)
            self.assertFalse(j["totals"]["feasible"])
            self.assertEqual(j["rover"], "chinese-rover-no-panel")
            self.assertIn(j["totals"]["reason"], r.stderr)
            self.assertGreaterEqual(j["totals"]["min_soc"], model["min_soc"] - 1e-9)
            self.assertEqual(j["totals"]["energy_in_wh"], 0.0)
            self.check_energy(j)

    def test_bad_input(self):
        self.assert_bad_input(self.run_traverse(rover="no-such-rover"), "no-such-rover")
        self.assert_bad_input(
            ce8("traverse", "--dem", self.dem, "--rover", "chinese-rover", "--from",
                point(*self.a), "--to", point(*self.b), "--start", "2030-13-45T00:00"),
            "--start")
        self.assert_bad_input(self.run_traverse(to=(self.x0 - 5000.0, self.y0)), "off the map",
                              "--to")
        self.assert_bad_input(self.run_traverse(frm=(self.x0 + 50000.0, self.y0)), "off the map",
                              "--from")
        self.assert_bad_input(
            ce8("traverse", "--dem", self.dem, "--rover", "chinese-rover", "--from", "-95,0",
                "--to", point(*self.b), "--start", START), "--from")
        self.assert_bad_input(self.run_traverse("--objective", "fastest"), "--objective")
        self.assert_bad_input(self.run_traverse("--format", "xml"), "--format")
        missing = os.path.join(self.tmp, "no-such-dir", "out.json")
        before = set(os.listdir(self.tmp))
        self.assert_bad_input(self.run_traverse("--out", missing), "does not exist")
        self.assertFalse(os.path.exists(os.path.dirname(missing)))
        self.assertEqual(set(os.listdir(self.tmp)), before)

    @unittest.skipUnless(HAVE_GDAL, "gdal-bin not installed")
    def test_steep_start_and_unreachable_goal(self):
        # 40 x 40 cells of 20 m, flat, with a 45-degree cone around (10, 10) and a goal at
        # (30, 30) inside a ring wall 60 m high.
        n, cell = 40, 20.0
        x_min, y_max = 20000.0, 40000.0
        h = [[0.0] * n for _ in range(n)]
        for j in range(n):
            for i in range(n):
                d = math.hypot(i - 10, j - 10) * cell
                h[j][i] = max(0.0, 160.0 - d)  # slope 45 degrees within 160 m
                if 3 <= math.hypot(i - 30, j - 30) <= 4.5:
                    h[j][i] = 60.0
        dem = os.path.join(self.tmp, "hills.tif")
        write_dem(dem, h, cell, x_min, y_max)

        def centre(i, j):
            return x_min + (i + 0.5) * cell, y_max - (j + 0.5) * cell

        def run(frm, to):
            return ce8("traverse", "--dem", dem, "--rover", "chinese-rover", "--from",
                       point(*frm), "--to", point(*to), "--start", START)
        ok = run(centre(2, 35), centre(20, 35))
        self.assertEqual(ok.returncode, 0, ok.stderr)
        self.assert_bad_input(run(centre(14, 10), centre(20, 35)), "steep")
        self.assert_bad_input(run(centre(2, 35), centre(30, 30)), "unreachable")

    def test_planning_budget_is_clear(self):
        big = os.path.join(self.tmp, "big.tif")
        r = ce8("terrain", "generate", "--out", big, "--size", "1024", "--resolution", "20",
                "--center", "-89.45,222.7", "--seed", "3")
        self.assertEqual(r.returncode, 0, r.stderr)
        b = json.loads(r.stdout)["bounds"]
        frm = (b["x_min_m"] + 300.0, b["y_min_m"] + 300.0)
        to = (b["x_max_m"] - 300.0, b["y_max_m"] - 300.0)
        r = ce8("traverse", "--dem", big, "--rover", "chinese-rover", "--from", point(*frm),
                "--to", point(*to), "--start", START, "--budget", "0.01", timeout=60)
        self.assert_bad_input(r, "budget", code=1)


if __name__ == "__main__":
    unittest.main()
