"""`ce8 traverse` on the real terrain (the Shackleton-de Gerlache ridge): an infeasible drive from
a shadowed start says why and what would work, and --earliest-start finds a later start from
which the same drive is feasible (checked from the written timeline)."""
import json
import os
import subprocess
import tempfile
import unittest

CE8 = os.environ.get("CE8_BIN", "ce8")
DARK = ["--rover", "pk-suparco-rover", "--from", "-89.4331,223.3291", "--to", "-89.45,222.7",
        "--start", "2028-10-20T22:00:00Z", "--initial-soc", "0.3"]


def ce8(*args):
    return subprocess.run([CE8, *args], capture_output=True, text=True, timeout=300)


class EarliestStart(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="ce8_explain_")
        cls.dem = os.path.join(cls.tmp.name, "ridge.tif")
        r = ce8("terrain", "generate", "--out", cls.dem, "--center", "-89.45,222.7", "--size",
                "256", "--resolution", "20")
        assert r.returncode == 0, r.stderr

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def load(self, name):
        with open(os.path.join(self.tmp.name, name)) as f:
            return json.load(f)

    def test_dark_start_fails_with_a_suggestion_that_works(self):
        out = os.path.join(self.tmp.name, "dark.json")
        r = ce8("traverse", "--dem", self.dem, *DARK, "--out", out)
        self.assertEqual(r.returncode, 1, r.stderr)
        j = self.load("dark.json")
        t = j["totals"]
        self.assertFalse(t["feasible"])
        self.assertEqual(j["timeline"][0]["sun_visible_fraction"], 0.0)  # really dark
        self.assertIn("the start is in shadow at 2028-10-20 22:00 UTC", t["suggestion"])
        self.assertRegex(t["suggestion"], r"start at 2028-1\d-\d\d \d\d:\d\d UTC instead")
        self.assertEqual(r.stderr.count("\n"), 1)
        self.assertIn(t["suggestion"], r.stderr)
        # The suggested start, used as --start, gives a feasible drive.
        later = t["suggestion"].split("start at ")[1][:16].replace(" ", "T") + ":00Z"
        args = list(DARK)
        args[args.index("--start") + 1] = later
        r2 = ce8("traverse", "--dem", self.dem, *args, "--out",
                 os.path.join(self.tmp.name, "suggested.json"))
        self.assertEqual(r2.returncode, 0, r2.stderr)
        self.assertTrue(self.load("suggested.json")["totals"]["feasible"])

    def test_earliest_start_finds_a_later_feasible_start(self):
        out = os.path.join(self.tmp.name, "later.json")
        r = ce8("traverse", "--dem", self.dem, *DARK, "--earliest-start", "--out", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        j = self.load("later.json")
        es = j["earliest_start"]
        self.assertTrue(es["found"])
        self.assertEqual(es["requested_start_utc"], "2028-10-20 22:00 UTC")
        self.assertGreater(es["delay_h"], 0.0)
        self.assertEqual(es["delay_h"] % es["step_h"], 0.0)
        self.assertEqual(es["tries"], es["delay_h"] / es["step_h"] + 1)
        self.assertLessEqual(es["delay_h"], 30 * 24)
        t = j["totals"]
        self.assertTrue(t["feasible"], t["reason"])
        self.assertEqual(t["suggestion"], "")
        self.assertGreaterEqual(t["min_soc"], 0.2 - 1e-9)
        self.assertTrue(all(s["soc"] >= 0.2 - 1e-9 for s in j["timeline"]))
        self.assertEqual(j["timeline"][0]["time_utc"][:16].replace("T", " ") + " UTC",
                         es["start_utc"])
        self.assertEqual(j["timeline"][-1]["mode"], "done")

    def test_a_feasible_start_is_kept(self):
        r = ce8("traverse", "--dem", self.dem, "--rover", "pk-suparco-rover", "--from",
                "-89.45,222.7", "--to", "-89.47,222.0", "--start", "2028-10-20T00:00:00Z",
                "--earliest-start")
        self.assertEqual(r.returncode, 0, r.stderr)
        j = json.loads(r.stdout)
        self.assertEqual(j["earliest_start"]["delay_h"], 0.0)
        self.assertEqual(j["earliest_start"]["tries"], 1)

    def test_bad_search_options(self):
        r = ce8("traverse", "--dem", self.dem, *DARK, "--earliest-start", "--search-step", "10s")
        self.assertEqual(r.returncode, 2)
        self.assertIn("--search-step", r.stderr)


if __name__ == "__main__":
    unittest.main()
