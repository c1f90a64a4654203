"""Cross-check of the traverse planner with GRASS GIS (issue 6): `ce8 traverse-cost` (A* on a
friction raster with r.cost's edge rule) against `r.cost` (Dijkstra over the whole raster, with
`-k` for knight's moves) and `r.drain -d` (the path back along r.cost's movement directions) on
the same friction GeoTIFF.

r.cost's rule (raster/r.cost/main.c, GRASS 8.2): a king move costs (f_from + f_to) / 2 x its
length in cells; a knight move (1, 2) costs (f_from + f_a + f_b + f_to) / 4 x sqrt(5), where a
and b are the two cells the move passes over; null cells are excluded (a move touching one is not
taken). Costs are in friction x cells, so GRASS's cumulative cost times the cell size is ours.
Skipped, with the reason printed, when GRASS or GDAL's tools are missing."""
import json
import math
import os
import random
import shutil
import subprocess
import tempfile
import unittest

CE8 = os.environ.get("CE8_BIN", "ce8")
PROJ = "+proj=stere +lat_0=-90 +lat_ts=-90 +lon_0=0 +k=1 +x_0=0 +y_0=0 +R=1737400 +units=m +no_defs"
MISSING = [t for t in ("grass", "gdal_translate") if not shutil.which(t)]
COLS, ROWS, CELL = 90, 70, 20.0
X_MIN, Y_MAX = 31000.0, -52000.0  # a window about 1.9° from the pole


def run(args, env=None):
    r = subprocess.run(args, capture_output=True, text=True, timeout=300, env=env)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(args[:4])} failed: {r.stderr.strip()[-800:]}")
    return r.stdout


def friction_grid(seed):
    """Smooth friction 1..4 per metre with noise, and a few nodata disks (impassable)."""
    rng = random.Random(seed)
    waves = [(rng.uniform(0.03, 0.15), rng.uniform(0.03, 0.15), rng.uniform(0, 6.3))
             for _ in range(3)]
    holes = [(rng.uniform(10, COLS - 10), rng.uniform(10, ROWS - 10), rng.uniform(3, 7))
             for _ in range(5)]
    grid = []
    for j in range(ROWS):
        row = []
        for i in range(COLS):
            if any((i - hx) ** 2 + (j - hy) ** 2 < r * r for hx, hy, r in holes):
                row.append(None)
                continue
            v = 2.0 + sum(0.5 * math.sin(a * i + b * j + p) for a, b, p in waves)
            row.append(round(v + rng.uniform(0, 0.3), 4))
        grid.append(row)
    return grid


class TraverseGrassTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if MISSING:
            print(f"\nskipping the GRASS cross-check: {', '.join(MISSING)} not installed")
            raise unittest.SkipTest(f"{', '.join(MISSING)} not installed")
        cls.tmp = tempfile.mkdtemp(prefix="ce8_grass_traverse_")
        cls.grid = friction_grid(7)
        asc = os.path.join(cls.tmp, "friction.asc")
        with open(asc, "w") as f:
            f.write(f"ncols {COLS}\nnrows {ROWS}\nxllcorner {X_MIN}\n"
                    f"yllcorner {Y_MAX - ROWS * CELL}\ncellsize {CELL}\nNODATA_value -9999\n")
            for row in cls.grid:
                f.write(" ".join("-9999" if v is None else f"{v:.4f}" for v in row) + "\n")
        cls.tif = os.path.join(cls.tmp, "friction.tif")
        run(["gdal_translate", "-q", "-ot", "Float32", "-a_srs", PROJ, asc, cls.tif])
        cls.env = dict(os.environ, GRASS_VERBOSE="0")
        cls.loc = os.path.join(cls.tmp, "loc")
        run(["grass", "-c", cls.tif, cls.loc, "-e"], cls.env)
        cls.grass(["r.in.gdal", f"input={cls.tif}", "output=fr", "--quiet"])
        cls.grass(["g.region", "raster=fr"])

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    @classmethod
    def grass(cls, args):
        return run(["grass", os.path.join(cls.loc, "PERMANENT"), "--exec", *args], cls.env)

    def centre(self, i, j):
        return X_MIN + (i + 0.5) * CELL, Y_MAX - (j + 0.5) * CELL

    def pairs(self):
        rng = random.Random(11)
        out = []
        while len(out) < 6:
            a = (rng.randrange(COLS), rng.randrange(ROWS))
            b = (rng.randrange(COLS), rng.randrange(ROWS))
            if self.grid[a[1]][a[0]] is None or self.grid[b[1]][b[0]] is None:
                continue
            if abs(a[0] - b[0]) + abs(a[1] - b[1]) < 40:
                continue
            out.append((a, b))
        return out

    def compare(self, knight):
        worst, same_path, total = 0.0, 0, 0
        flag = "-k" if knight else ""
        pairs = self.pairs()
        # One GRASS session for all pairs (each session start costs about a second).
        script = ["set -e"]
        for k, (a, b) in enumerate(pairs):
            sx, sy = self.centre(*a)
            gx, gy = self.centre(*b)
            script += [f"r.cost {flag} input=fr output=cum{k} outdir=dir{k} "
                       f"start_coordinates={sx},{sy} --quiet --overwrite",
                       f"echo COST $(r.what map=cum{k} coordinates={gx},{gy})",
                       f"r.drain -d input=cum{k} direction=dir{k} output=dr{k} "
                       f"start_coordinates={gx},{gy} --quiet --overwrite",
                       "echo PATH", f"r.stats -gn input=dr{k}", "echo END"]
        path_sh = os.path.join(self.tmp, f"pairs{int(knight)}.sh")
        with open(path_sh, "w") as f:
            f.write("\n".join(script) + "\n")
        out = self.grass(["bash", path_sh]).splitlines()
        costs, drains, cur = [], [], None
        for line in out:
            if line.startswith("COST "):
                costs.append(float(line.split("|")[-1]) * CELL)
            elif line == "PATH":
                cur = set()
            elif line == "END":
                drains.append(cur)
                cur = None
            elif cur is not None and line.strip():
                x, y = (float(v) for v in line.split()[:2])
                cur.add((round((x - X_MIN) / CELL - 0.5), round((Y_MAX - y) / CELL - 0.5)))
        self.assertEqual(len(costs), len(pairs))
        self.assertEqual(len(drains), len(pairs))
        for (a, b), grass_cost, cells in zip(pairs, costs, drains):
            sx, sy = self.centre(*a)
            gx, gy = self.centre(*b)
            r = subprocess.run([CE8, "traverse-cost", "--friction", self.tif,
                                "--from-xy", f"{sx},{sy}", "--to-xy", f"{gx},{gy}",
                                "--connectivity", "16" if knight else "8"],
                               capture_output=True, text=True, timeout=120)
            self.assertEqual(r.returncode, 0, r.stderr)
            ours = json.loads(r.stdout)
            rel = abs(ours["cost"] - grass_cost) / grass_cost
            worst = max(worst, rel)
            self.assertLess(rel, 1e-6, f"pair {a}->{b}: ours {ours['cost']} GRASS {grass_cost}")
            path = {(p["i"], p["j"]) for p in ours["path"]}
            self.assertEqual((ours["path"][0]["i"], ours["path"][0]["j"]), a)
            self.assertEqual((ours["path"][-1]["i"], ours["path"][-1]["j"]), b)
            total += 1
            # Continuous friction: the least-cost path is unique, so the cells must agree.
            if path == cells:
                same_path += 1
            else:
                print(f"\n  pair {a}->{b}: path cells differ: {len(path ^ cells)} of "
                      f"{len(path | cells)} (ours {len(path)}, r.drain {len(cells)})")
        print(f"\nGRASS r.cost{' -k' if knight else ''}: {total} pairs, largest relative cost "
              f"difference {worst:.2e}; r.drain path identical for {same_path} of {total}")
        self.assertGreaterEqual(same_path, total - 1)

    def test_knight_moves_match_r_cost_k_and_r_drain(self):
        self.compare(knight=True)

    def test_king_moves_match_r_cost_and_r_drain(self):
        self.compare(knight=False)

    def test_unreachable_goal_inside_nodata(self):
        # A goal cell on nodata is rejected by ours, naming the goal.
        for j in range(ROWS):
            for i in range(COLS):
                if self.grid[j][i] is None:
                    gx, gy = self.centre(i, j)
                    r = subprocess.run([CE8, "traverse-cost", "--friction", self.tif,
                                        "--from-xy", f"{X_MIN + 10},{Y_MAX - 10}",
                                        "--to-xy", f"{gx},{gy}"],
                                       capture_output=True, text=True, timeout=60)
                    self.assertEqual(r.returncode, 2)
                    self.assertIn("goal 1", r.stderr)
                    self.assertIn("impassable", r.stderr)
                    return
        self.fail("no nodata cell in the test raster")


@unittest.skipUnless(shutil.which("gdal_translate"), "gdal_translate not installed")
class TraverseCostCliTest(unittest.TestCase):
    """`ce8 traverse-cost` itself: LAT,LON and map points agree, bad input exits 2."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="ce8_traverse_cost_")
        asc = os.path.join(cls.tmp, "flat.asc")
        with open(asc, "w") as f:
            f.write(f"ncols 40\nnrows 30\nxllcorner {X_MIN}\nyllcorner {Y_MAX - 30 * CELL}\n"
                    f"cellsize {CELL}\nNODATA_value -9999\n")
            for _ in range(30):
                f.write(" ".join(["1"] * 40) + "\n")
        cls.tif = os.path.join(cls.tmp, "flat.tif")
        run(["gdal_translate", "-q", "-ot", "Float32", "-a_srs", PROJ, asc, cls.tif])

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def ce8(self, *args):
        return subprocess.run([CE8, "traverse-cost", "--friction", self.tif, *args],
                              capture_output=True, text=True, timeout=60)

    def test_latlon_and_map_points_agree_with_the_lattice_distance(self):
        a = (X_MIN + 2.5 * CELL, Y_MAX - 3.5 * CELL)     # cell (2, 3)
        b = (X_MIN + 32.5 * CELL, Y_MAX - 13.5 * CELL)   # cell (32, 13): 30 x 10 cells
        r = self.ce8("--from-xy", f"{a[0]},{a[1]}", "--to-xy", f"{b[0]},{b[1]}")
        self.assertEqual(r.returncode, 0, r.stderr)
        xy = json.loads(r.stdout)
        # 16 moves: 10 knight moves (2, 1) and 10 straight ones, unit friction.
        self.assertAlmostEqual(xy["cost"], CELL * (10 + 10 * math.sqrt(5)), places=9)

        def latlon(x, y):  # inverse polar stereographic on the sphere, true scale at the pole
            rho = math.hypot(x, y)
            return (math.degrees(2 * math.atan(rho / (2 * 1737400.0)) - math.pi / 2),
                    math.degrees(math.atan2(x, y)))
        la, lb = latlon(*a), latlon(*b)
        r = self.ce8("--from", f"{la[0]:.10f},{la[1]:.10f}", "--to", f"{lb[0]:.10f},{lb[1]:.10f}")
        self.assertEqual(r.returncode, 0, r.stderr)
        ll = json.loads(r.stdout)
        self.assertAlmostEqual(ll["cost"], xy["cost"], places=9)
        self.assertEqual(ll["path"], xy["path"])
        self.assertAlmostEqual(ll["path"][0]["lat"], la[0], places=6)
        r = self.ce8("--from-xy", f"{a[0]},{a[1]}", "--to-xy", f"{b[0]},{b[1]}",
                     "--connectivity", "8")
        self.assertAlmostEqual(json.loads(r.stdout)["cost"], CELL * (20 + 10 * math.sqrt(2)),
                               places=9)

    def test_bad_input_exits_2_with_one_line(self):
        inside = f"{X_MIN + 50},{Y_MAX - 50}"
        cases = [
            (["--from-xy", inside, "--to-xy", f"{X_MIN - 100},{Y_MAX - 50}"], "off the map"),
            (["--from-xy", inside, "--from", "-89,10", "--to-xy", inside], "exactly one"),
            (["--from-xy", "1;2", "--to-xy", inside], "--from-xy must be X,Y"),
            (["--from", "-10,10", "--to-xy", inside],
             "--from: latitude must be between -90 and -60"),
            (["--from", "-89;10", "--to-xy", inside], "--from: expected LAT,LON in degrees"),
            (["--from-xy", inside, "--to-xy", inside, "--connectivity", "12"], "8 or 16"),
        ]
        for args, what in cases:
            r = self.ce8(*args)
            self.assertEqual(r.returncode, 2, (args, r.stderr))
            self.assertIn(what, r.stderr)
            self.assertTrue(r.stderr.startswith("ce8: error: "), r.stderr)
            self.assertEqual(r.stdout, "")
        r = subprocess.run([CE8, "traverse-cost", "--friction", "/nonexistent.tif",
                            "--from-xy", inside, "--to-xy", inside],
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 2)


if __name__ == "__main__":
    unittest.main()
