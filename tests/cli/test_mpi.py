"""`ce8` under MPI (the native-mpi preset, run by scripts/test-mpi): horizon and illumination
maps and batch sweeps on 1, 2 and 3 ranks give the same pixels / numbers, bit for bit, as the
plain single-process `ce8`; memory per rank shrinks with the ranks; a failing or killed rank
ends the run with one error line from rank 0 and no output file. Skipped unless CE8_MPI_BIN
names the MPI build of ce8 (CE8_BIN: the plain build to compare with)."""
import glob
import json
import os
import shutil
import subprocess
import tempfile
import unittest

CE8 = os.environ.get("CE8_BIN", "ce8")
CE8_MPI = os.environ.get("CE8_MPI_BIN")
MPIRUN = os.environ.get("CE8_MPIRUN", "mpirun")
# Root in CI; more ranks than cores on 2-core machines.
MPI_FLAGS = ["--oversubscribe", "--allow-run-as-root", "--mca", "btl_vader_single_copy_mechanism",
             "none"]
RANKS = [1, 2, 3]
WINDOW = ["--from", "2028-10-01", "--until", "2028-10-11", "--step", "4h"]


def run(args, env=None, timeout=300):
    e = dict(os.environ)
    e.update(env or {})
    return subprocess.run(args, capture_output=True, text=True, timeout=timeout, env=e)


def mpi(n, *args, env=None):
    return run([MPIRUN, *MPI_FLAGS, "-n", str(n), CE8_MPI, *args], env=env)


def raw_pixels(path):
    """Every band's float32 pixels as bytes (GDAL's raw ENVI copy)."""
    out = path + ".bin"
    r = run(["gdal_translate", "-q", "-of", "ENVI", path, out])
    if r.returncode != 0:
        raise RuntimeError(r.stderr)
    with open(out, "rb") as f:
        return f.read()


def error_lines(stderr):
    return [ln for ln in stderr.splitlines() if ln.startswith("ce8: error:")]


@unittest.skipUnless(CE8_MPI, "CE8_MPI_BIN is not set: build the native-mpi preset and run "
                     "scripts/test-mpi to run the MPI tests")
class MpiRuns(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="ce8_mpi_")
        cls.dem = os.path.join(cls.tmp, "dem.tif")
        r = run([CE8, "terrain", "generate", "--out", cls.dem, "--center", "-89.45,222.7",
                 "--size", "96", "--resolution", "40"])
        assert r.returncode == 0, r.stderr
        cls.dem512 = os.path.join(cls.tmp, "mem.tif")
        r = run([CE8, "terrain", "generate", "--out", cls.dem512, "--center", "-89.45,222.7",
                 "--size", "512", "--resolution", "40"])
        assert r.returncode == 0, r.stderr

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def path(self, name):
        return os.path.join(self.tmp, name)

    def leftovers(self):
        """Temporary files a run left behind (core/atomic_file.cpp names them NAME.partial-*)."""
        return sorted(os.path.basename(p)
                      for p in glob.glob(os.path.join(self.tmp, "*.partial-*")))

    def test_horizon_maps_equal_single_process(self):
        args = ["horizon", "--dem", self.dem, "--directions", "12", "--height", "2"]
        ref = self.path("h_ref.tif")
        r = run([CE8, *args, "--out", ref])
        self.assertEqual(r.returncode, 0, r.stderr)
        want = raw_pixels(ref)
        for n in RANKS:
            with self.subTest(ranks=n):
                out = self.path(f"h_{n}.tif")
                r = mpi(n, *args, "--threads", "1", "--out", out)
                self.assertEqual(r.returncode, 0, r.stderr)
                j = json.loads(r.stdout)
                self.assertEqual(j["ranks"], n)
                self.assertEqual(len(j["per_rank"]), n)
                self.assertEqual(sum(p["directions"][1] - p["directions"][0]
                                     for p in j["per_rank"]), 12)
                self.assertEqual(raw_pixels(out), want)

    def test_illumination_maps_equal_single_process(self):
        args = ["illumination", "--dem", self.dem, *WINDOW, "--directions", "16"]
        ref = self.path("i_ref.tif")
        r = run([CE8, *args, "--out", ref])
        self.assertEqual(r.returncode, 0, r.stderr)
        ref_json = json.loads(r.stdout)
        want = raw_pixels(ref)
        for n in RANKS:
            with self.subTest(ranks=n):
                out = self.path(f"i_{n}.tif")
                r = mpi(n, *args, "--threads", "1", "--out", out)
                self.assertEqual(r.returncode, 0, r.stderr)
                j = json.loads(r.stdout)
                self.assertEqual(j["ranks"], n)
                self.assertEqual(j["method"], ref_json["method"])
                self.assertEqual(sum(p["rows"][1] - p["rows"][0] for p in j["per_rank"]), 96)
                for key in ("instants", "mean_percent_lit", "permanently_shadowed_cells"):
                    self.assertEqual(j[key], ref_json[key], key)
                self.assertEqual(raw_pixels(out), want)

    def test_per_instant_maps_equal_single_process(self):
        """--per-instant (the reference path) is the method the ranks use too."""
        args = ["illumination", "--dem", self.dem, *WINDOW, "--directions", "16", "--per-instant"]
        ref = self.path("ip_ref.tif")
        r = run([CE8, *args, "--out", ref])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout)["method"], "per-instant")
        out = self.path("ip_2.tif")
        r = mpi(2, *args, "--threads", "1", "--out", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        j = json.loads(r.stdout)
        self.assertEqual((j["ranks"], j["method"]), (2, "per-instant"))
        self.assertEqual(raw_pixels(out), raw_pixels(ref))
        # ... and differs from the default sector tables' file (so the flag reached the ranks).
        r = mpi(2, *args[:-1], "--threads", "1", "--out", self.path("is_2.tif"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout)["method"], "sector-tables")
        self.assertNotEqual(raw_pixels(self.path("is_2.tif")), raw_pixels(ref))

    def test_memory_per_rank_shrinks_with_ranks(self):
        """512 x 512 x 64 directions = 64 MiB of horizons: each of 3 ranks holds a third of the
        directions, and a rank other than 0 peaks well below the single rank's resident size."""
        args = ["horizon", "--dem", self.dem512, "--directions", "64", "--lines-per-cell", "1",
                "--threads", "1"]
        one = json.loads(mpi(1, *args, "--out", self.path("m1.tif")).stdout)
        three = mpi(3, *args, "--out", self.path("m3.tif"))
        self.assertEqual(three.returncode, 0, three.stderr)
        three = json.loads(three.stdout)
        self.assertAlmostEqual(one["per_rank"][0]["horizon_block_mib"], 64.0, places=6)
        blocks = [p["horizon_block_mib"] for p in three["per_rank"]]
        self.assertEqual(sum(blocks), 64.0)
        self.assertLessEqual(max(blocks), 22.0)
        # Measured resident peaks: rank 1 of 3 saves at least half of the 43 MiB it no longer holds.
        saved = one["per_rank"][0]["peak_rss_mib"] - three["per_rank"][1]["peak_rss_mib"]
        self.assertGreater(saved, 21.0, (one["per_rank"], three["per_rank"]))

    def test_memory_limit_is_per_rank(self):
        """512 x 512 x 3600 directions = 3600 MiB: over the 2 GiB limit for one process (plain
        ce8 and one rank refuse before allocating); the message says more ranks would do."""
        args = ["horizon", "--dem", self.dem512, "--directions", "3600", "--out", self.path("x.tif")]
        plain = run([CE8, *args])
        self.assertEqual(plain.returncode, 2)
        self.assertIn("more than the limit of 2048 MiB", plain.stderr)
        one = mpi(1, *args)
        self.assertEqual(one.returncode, 2)
        lines = error_lines(one.stderr)
        self.assertEqual(len(lines), 1, one.stderr)
        self.assertIn("over 1 ranks needs 3600 MiB on rank 0", lines[0])
        self.assertIn("use more ranks", lines[0])
        self.assertFalse(os.path.exists(self.path("x.tif")))

    def test_batch_equals_single_process(self):
        dem = self.path("pole.tif")
        r = run([CE8, "terrain", "generate", "--out", dem, "--center", "-89.9,0",
                 "--size", "256", "--resolution", "2400"])
        self.assertEqual(r.returncode, 0, r.stderr)
        args = ["batch", "--dem", dem, "--from", "2028-10-01", "--until", "2028-10-15",
                "--window", "7d", "--step", "6h", "--directions", "72"]
        r = run([CE8, *args, "--threads", "2"])
        self.assertEqual(r.returncode, 0, r.stderr)
        want = json.loads(r.stdout)
        self.assertGreaterEqual(want["sites"], 4)
        self.assertEqual(want["windows"], 2)
        self.assertTrue(any("percent_lit" in row for row in want["results"]))
        for n in RANKS:
            with self.subTest(ranks=n):
                r = mpi(n, *args, "--threads", "1")
                self.assertEqual(r.returncode, 0, r.stderr)
                got = json.loads(r.stdout)
                self.assertEqual(got["ranks"], n)
                self.assertEqual(got["results"], want["results"])
        csv_out = self.path("batch.csv")
        r = mpi(2, *args, "--format", "csv", "--out", csv_out)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(csv_out) as f:
            lines = f.read().splitlines()
        self.assertEqual(len(lines), 1 + len(want["results"]))

    def test_bad_input_one_error_line_no_file(self):
        out = self.path("bad.tif")
        r = mpi(2, "horizon", "--dem", self.path("missing.tif"), "--directions", "8",
                "--out", out)
        self.assertNotEqual(r.returncode, 0)
        self.assertEqual(len(error_lines(r.stderr)), 1, r.stderr)
        self.assertIn("missing.tif", error_lines(r.stderr)[0])
        self.assertFalse(os.path.exists(out))

    def test_bad_input_on_one_rank_keeps_existing_file(self):
        out = self.path("kept.tif")
        with open(out, "w") as f:
            f.write("old")
        r = mpi(3, "illumination", "--dem", self.dem, *WINDOW, "--directions", "8", "--out", out,
                env={"CE8_TEST_FAULT": "bad-dem", "CE8_TEST_FAULT_RANK": "1"})
        self.assertEqual(r.returncode, 2, r.stderr)
        lines = error_lines(r.stderr)
        self.assertEqual(len(lines), 1, r.stderr)
        self.assertIn("rank 1:", lines[0])
        self.assertIn("missing-on-rank-1", lines[0])
        with open(out) as f:
            self.assertEqual(f.read(), "old")
        self.assertEqual(self.leftovers(), [])

    def test_killed_rank_leaves_no_file(self):
        for cmd in (["horizon", "--dem", self.dem, "--directions", "8"],
                    ["illumination", "--dem", self.dem, *WINDOW, "--directions", "8"]):
            with self.subTest(cmd=cmd[0]):
                out = self.path("killed.tif")
                r = mpi(2, *cmd, "--out", out,
                        env={"CE8_TEST_FAULT": "abort", "CE8_TEST_FAULT_RANK": "1"})
                self.assertNotEqual(r.returncode, 0)
                # mpirun stops rank 0 (SIGTERM): its handler removes the temporary file.
                self.assertEqual(len(error_lines(r.stderr)), 1, r.stderr)
                self.assertIn("no output file was written", error_lines(r.stderr)[0])
                self.assertFalse(os.path.exists(out), r.stderr)
                self.assertEqual(self.leftovers(), [], r.stderr)

    def test_other_commands_refuse_several_ranks(self):
        r = mpi(2, "rovers")
        self.assertEqual(r.returncode, 2)
        lines = error_lines(r.stderr)
        self.assertEqual(len(lines), 1, r.stderr)
        self.assertIn("runs on one process", lines[0])


if __name__ == "__main__":
    unittest.main()
