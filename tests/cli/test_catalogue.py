"""CLI tests for `ce8 catalogue`, and the build's schema check (assets/validate_catalogue.py):
a bad entry fails it and is named."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

CE8 = os.environ.get("CE8_BIN", "ce8")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ASSETS = os.path.join(ROOT, "assets")
VALIDATOR = os.path.join(ASSETS, "validate_catalogue.py")


def ce8(*args):
    return subprocess.run([CE8, *args], capture_output=True, text=True, timeout=60)


class Catalogue(unittest.TestCase):
    def kind(self, k, *extra):
        r = ce8("catalogue", k, *extra)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stderr, "")
        doc = json.loads(r.stdout)
        self.assertEqual(doc["kind"], k)
        for e in doc["entries"]:
            self.assertTrue(e["sources"], e["id"])
            self.assertIsInstance(e["assumed"], dict)
            for s in e["sources"]:
                self.assertIn(s, doc["sources"])
        return doc

    def test_each_kind(self):
        parts = self.kind("participants")
        self.assertIn("pakistan", [e["id"] for e in parts["entries"]])
        sites = self.kind("sites")
        self.assertEqual(len(sites["entries"]), 4)
        lb = [e for e in sites["entries"] if e["id"] == "leibnitz-beta"][0]
        self.assertIn("lat_deg", lb["assumed"])
        pay = self.kind("payloads")
        intl = [e for e in pay["entries"] if e["carrier"] == "international"]
        self.assertEqual(len(intl), 10)
        pk = [e for e in intl if e["id"] == "pk-suparco-rover"][0]
        self.assertEqual(pk["mass_kg"], 35)
        self.kind("rovers")

    def test_assets_option_and_bad_input(self):
        self.kind("payloads", "--assets", ASSETS)
        r = ce8("catalogue", "payloads", "--assets", "/nonexistent")
        self.assertEqual(r.returncode, 2)
        self.assertEqual(r.stdout, "")
        self.assertTrue(r.stderr.startswith("ce8: error: "))
        self.assertEqual(len(r.stderr.splitlines()), 1)
        r = ce8("catalogue", "planets")
        self.assertEqual(r.returncode, 2)
        self.assertEqual(r.stdout, "")

    def test_bad_entry_named_by_cli_and_build_check(self):
        with tempfile.TemporaryDirectory() as d:
            for f in os.listdir(ASSETS):
                if f.endswith(".json"):
                    shutil.copy(os.path.join(ASSETS, f), d)
            p = os.path.join(d, "payloads.json")
            doc = json.load(open(p, encoding="utf-8"))
            for e in doc["entries"]:
                if e["id"] == "th-neutron-analyser":
                    e["power_w"] = "lots"
            json.dump(doc, open(p, "w", encoding="utf-8"))
            r = ce8("catalogue", "sites", "--assets", d)
            self.assertEqual(r.returncode, 2)
            self.assertEqual(r.stdout, "")
            self.assertIn("'th-neutron-analyser'", r.stderr)
            self.assertIn("power_w", r.stderr)
            v = subprocess.run([sys.executable, VALIDATOR, d], capture_output=True, text=True)
            self.assertNotEqual(v.returncode, 0)
            self.assertIn("'th-neutron-analyser'", v.stderr)
            self.assertIn("power_w", v.stderr)
        v = subprocess.run([sys.executable, VALIDATOR, ASSETS], capture_output=True, text=True)
        self.assertEqual(v.returncode, 0, v.stderr)


if __name__ == "__main__":
    unittest.main()
