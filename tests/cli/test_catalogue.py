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

    def test_sites_two_names_and_context_apart(self):
        sites = self.kind("sites")
        # Leibnitz Beta is Mons Mouton: one Chang'e-8 site, found under both names, on the
        # plateau near the gazetteer centre (84.6 S, 31 E; not 31 W).
        lb = [e for e in sites["entries"] if e["id"] == "leibnitz-beta"]
        self.assertEqual(len(lb), 1)
        lb = lb[0]
        self.assertIn("mons-mouton", lb["aliases"])
        self.assertIn("Mons Mouton", lb["name"])
        self.assertIn("Leibnitz Beta", lb["name"])
        self.assertEqual(lb["setting"], "plateau")
        self.assertAlmostEqual(lb["lat_deg"], -84.6, delta=0.3)
        self.assertAlmostEqual(lb["lon_deg"], 31.0, delta=3.0)
        ids = [e["id"] for e in sites["entries"]]
        self.assertNotIn("mons-mouton", ids)
        for e in sites["entries"]:
            self.assertEqual(e["mission"], "change-8", e["id"])
            self.assertIn(e["setting"], ["plateau", "summit", "massif", "peak", "ridge", "rim",
                                         "plain", "crater-floor"], e["id"])
        # Other missions' sites: a separate list, none of them a Chang'e-8 candidate, each
        # with sources from the file's table and an uncertainty.
        ctx = sites["context"]
        self.assertTrue(ctx)
        for e in ctx:
            self.assertNotEqual(e["mission"], "change-8", e["id"])
            self.assertNotIn(e["id"], ids)
            self.assertTrue(e["sources"], e["id"])
            for s in e["sources"]:
                self.assertIn(s, sites["sources"])
            self.assertGreater(e["uncertainty_km"], 0)
        artemis = sorted(e["name"] for e in ctx if e["mission"] == "artemis-iii")
        self.assertEqual(artemis, sorted([
            "Peak near Cabeus B", "Haworth", "Malapert Massif", "Mons Mouton Plateau",
            "Mons Mouton", "Nobile Rim 1", "Nobile Rim 2", "de Gerlache Rim 2", "Slater Plain"]))
        for e in ctx:
            if e["mission"] == "artemis-iii":  # NASA published no coordinates
                self.assertIn("lat_deg", e["assumed"], e["id"])
        im2 = [e for e in ctx if e["mission"] == "im-2"]
        self.assertEqual(len(im2), 1)

    def test_bad_sites_named_by_cli_and_build_check(self):
        cases = [
            (lambda d: d["context"][0].update(mission="change-8"), "'im-2-athena'"),
            (lambda d: d["context"][1].pop("sources"), "sources"),
            (lambda d: d["entries"][0].update(setting="hilltop"), "setting"),
            (lambda d: d["context"][0].update(id="mons-mouton"), "duplicate id"),
        ]
        for edit, want in cases:
            with tempfile.TemporaryDirectory() as d:
                for f in os.listdir(ASSETS):
                    if f.endswith(".json"):
                        shutil.copy(os.path.join(ASSETS, f), d)
                p = os.path.join(d, "sites.json")
                with open(p, encoding="utf-8") as f:
                    doc = json.load(f)
                edit(doc)
                with open(p, "w", encoding="utf-8") as f:
                    json.dump(doc, f)
                r = ce8("catalogue", "sites", "--assets", d)
                self.assertEqual(r.returncode, 2, want)
                self.assertIn(want, r.stderr)
                v = subprocess.run([sys.executable, VALIDATOR, d], capture_output=True, text=True)
                self.assertNotEqual(v.returncode, 0, want)
                self.assertIn(want, v.stderr)

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
