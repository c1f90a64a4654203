"""CLI tests for `ce8 payloads budget|simulate`: JSON shape, rule checks, one-line errors."""
import csv
import io
import json
import os
import subprocess
import tempfile
import unittest

CE8 = os.environ.get("CE8_BIN", "ce8")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MANIFESTS = os.path.join(ROOT, "tests", "data", "manifests")


def ce8(*args):
    return subprocess.run([CE8, *args], capture_output=True, text=True, timeout=120)


def write(text):
    f = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8")
    f.write(text)
    f.close()
    return f.name


class Budget(unittest.TestCase):
    def budget(self, path):
        r = ce8("payloads", "budget", "--manifest", path)
        self.assertEqual(r.returncode, 0, r.stderr)
        return json.loads(r.stdout)

    def test_selected_ten_within_budget(self):
        j = self.budget(os.path.join(MANIFESTS, "selected-ten.json"))
        self.assertTrue(j["within_budget"])
        self.assertEqual(j["violations"], [])
        self.assertEqual(j["totals"]["international_count"], 10)
        self.assertLessEqual(j["totals"]["international_mass_kg"], 200)
        self.assertEqual(j["limits"]["international_allocation_kg"], 200)

    def test_over_budget_names_rules(self):
        j = self.budget(os.path.join(MANIFESTS, "everything.json"))
        self.assertFalse(j["within_budget"])
        rules = [v["rule"] for v in j["violations"]]
        self.assertIn("data-volume", rules)

    def assert_bad(self, args, *needles):
        r = ce8("payloads", *args)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertEqual(r.stdout, "")
        self.assertTrue(r.stderr.startswith("ce8: error: "), r.stderr)
        self.assertEqual(len(r.stderr.splitlines()), 1, r.stderr)
        for n in needles:
            self.assertIn(n, r.stderr)

    def test_bad_manifests(self):
        self.assert_bad(["budget", "--manifest", "/nonexistent.json"], "cannot read")
        self.assert_bad(["budget", "--manifest", write('{"payloads": ["warp-drive"]}')],
                        "unknown payload id 'warp-drive'")
        self.assert_bad(["budget", "--manifest",
                         write('{"payloads": ["pk-suparco-rover", "pk-suparco-rover"]}')],
                        "listed twice")
        self.assert_bad(["budget", "--manifest", write('{"payloads": [')], "not valid JSON")
        self.assert_bad(["budget", "--manifest", write("[" * 50 + "]" * 50)], "deeper")
        self.assert_bad(["budget", "--manifest", write(" " * 70000)], "larger")
        self.assert_bad(["budget"], "manifest")


if __name__ == "__main__":
    unittest.main()


class Simulate(unittest.TestCase):
    ARGS = ["payloads", "simulate", "--manifest",
            os.path.join(MANIFESTS, "lander-and-rovers.json"), "--site", "-86.3,38",
            "--from", "2028-10-20T00:00:00Z", "--until", "2028-10-27T00:00:00Z"]

    def test_json_schedule_respects_sunlight(self):
        r = ce8(*self.ARGS)
        self.assertEqual(r.returncode, 0, r.stderr)
        j = json.loads(r.stdout)
        self.assertEqual(len(j["payloads"]), 10)
        self.assertIn("solar_wh", j["totals"])
        self.assertTrue(j["schedule"])
        c = ce8(*self.ARGS, "--format", "csv")
        self.assertEqual(c.returncode, 0, c.stderr)
        rows = list(csv.DictReader(io.StringIO(c.stdout)))
        self.assertEqual(len(rows), 7 * 96)
        for row in rows:
            if row["pk-suparco-rover"] == "1":  # needs sunlight
                self.assertGreater(float(row["solar_w"]), 0.0)
            if row["lander-soft-xray-telescope"] == "1":  # must not see the Sun
                self.assertEqual(float(row["solar_w"]), 0.0)
        hours = {p["id"]: p["hours"] for p in j["payloads"]}
        on = sum(1 for row in rows if row["pk-suparco-rover"] == "1") * 0.25
        self.assertAlmostEqual(hours["pk-suparco-rover"], on, places=6)

    def test_bad_site_and_times(self):
        m = os.path.join(MANIFESTS, "selected-ten.json")
        base = ["simulate", "--manifest", m]
        b = Budget()
        b.assert_bad([*base, "--site", "-95,0", "--from", "2028-01-01", "--until", "2028-01-02"],
                     "site")
        b.assert_bad([*base, "--site", "abc", "--from", "2028-01-01", "--until", "2028-01-02"],
                     "--site")
        b.assert_bad([*base, "--site", "-89,0", "--from", "2028-13-01", "--until", "2028-01-02"],
                     "--from")
        b.assert_bad([*base, "--site", "-89,0", "--from", "2028-01-02", "--until", "2028-01-01"],
                     "after")
        b.assert_bad([*base, "--site", "-89,0", "--from", "2028-01-01", "--until", "2028-03-01"],
                     "30 days")
        b.assert_bad([*base, "--site", "-89,0", "--from", "2028-01-01", "--until", "2028-01-02",
                      "--format", "xml"], "--format")
