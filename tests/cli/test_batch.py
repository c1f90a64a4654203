"""`ce8 batch` without MPI (one process, threads): a site x window sweep over the catalogue's
landing sites. Its numbers are checked against `ce8 illumination --site` (the same site's time
series, reduced here independently); bad input gives one error line and keeps an existing file."""
import csv
import io
import json
import os
import shutil
import subprocess
import tempfile
import unittest

CE8 = os.environ.get("CE8_BIN", "ce8")


def ce8(*args):
    return subprocess.run([CE8, *args], capture_output=True, text=True, timeout=300)


class Batch(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="ce8_batch_")
        cls.dem = os.path.join(cls.tmp, "pole.tif")
        r = ce8("terrain", "generate", "--out", cls.dem, "--center", "-89.9,0", "--size", "192",
                "--resolution", "3200")
        assert r.returncode == 0, r.stderr

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_numbers_match_the_site_time_series(self):
        r = ce8("batch", "--dem", self.dem, "--from", "2028-10-01", "--until", "2028-10-05",
                "--window", "2d", "--step", "3h", "--directions", "180", "--threads", "2")
        self.assertEqual(r.returncode, 0, r.stderr)
        j = json.loads(r.stdout)
        sites = json.loads(ce8("catalogue", "sites").stdout)
        self.assertEqual(j["windows"], 2)
        self.assertEqual(len(j["results"]), j["sites"] * 2)
        self.assertEqual(j["ranks"], 1)
        by_id = {s["id"]: s for s in sites["entries"]}
        checked = 0
        for row in j["results"]:
            self.assertIn(row["site"], by_id)
            if "error" in row:
                continue
            series = ce8("illumination", "--dem", self.dem, "--site",
                         f"{row['lat_deg']},{row['lon_deg']}", "--from", row["window_from_utc"],
                         "--until", row["window_until_utc"], "--step", "3h", "--directions", "180",
                         "--format", "json")
            self.assertEqual(series.returncode, 0, series.stderr)
            samples = json.loads(series.stdout)["samples"]
            self.assertEqual(row["instants"], len(samples))
            lit = [s["sun_visible_fraction"] for s in samples]
            earth = [s["earth_visible_fraction"] for s in samples]
            self.assertAlmostEqual(row["percent_lit"], 100 * sum(lit) / len(lit), places=9)
            self.assertAlmostEqual(row["percent_earth"], 100 * sum(earth) / len(earth), places=9)
            run = longest = 0
            for f in lit:
                run = 0 if f > 0 else run + 1
                longest = max(longest, run)
            self.assertEqual(row["longest_darkness_h"], longest * 3.0)
            checked += 1
        self.assertGreaterEqual(checked, 4)

    def test_csv_to_file(self):
        out = os.path.join(self.tmp, "sweep.csv")
        r = ce8("batch", "--dem", self.dem, "--sites", "cabeus,amundsen", "--from", "2028-10-01",
                "--until", "2028-10-04", "--window", "1d", "--step", "6h", "--directions", "90",
                "--format", "csv", "--out", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, "")
        with open(out) as f:
            rows = list(csv.DictReader(io.StringIO(f.read())))
        self.assertEqual([row["site"] for row in rows], ["cabeus"] * 3 + ["amundsen"] * 3)
        self.assertEqual(rows[0]["window_from_utc"], "2028-10-01T00:00:00Z")
        self.assertEqual(rows[-1]["window_until_utc"], "2028-10-04T00:00:00Z")
        for row in rows:
            self.assertTrue(0.0 <= float(row["percent_lit"]) <= 100.0)

    def test_bad_input(self):
        out = os.path.join(self.tmp, "kept.json")
        with open(out, "w") as f:
            f.write("old")
        base = ["batch", "--dem", self.dem, "--from", "2028-10-01", "--until", "2028-10-03",
                "--step", "6h", "--out", out]
        for extra, words in ((["--window", "1d", "--sites", "atlantis"], "no landing site 'atlantis'"),
                             (["--window", "1h"], "--window must be at least"),
                             (["--window", "1d", "--format", "xml"], "--format must be"),
                             (["--window", "1d", "--directions", "2"], "--directions")):
            with self.subTest(extra=extra):
                r = ce8(*base, *extra)
                self.assertEqual(r.returncode, 2)
                self.assertEqual(len(r.stderr.strip().splitlines()), 1, r.stderr)
                self.assertIn(words, r.stderr)
                with open(out) as f:
                    self.assertEqual(f.read(), "old")


if __name__ == "__main__":
    unittest.main()
