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
