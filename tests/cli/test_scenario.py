"""CLI tests for `ce8 scenario check|url|decode` and `ce8 exercise list|check`."""
import json
import os
import subprocess
import tempfile
import unittest

CE8 = os.environ.get("CE8_BIN", "ce8")

SCENARIO = {
    "kind": "ce8-scenario", "version": 1,
    "site": {"id": "leibnitz-beta", "lat_deg": -86.3, "lon_deg": 38.0, "height_m": 0.1},
    "clock": {"utc": "2028-10-25T00:00:00Z", "speed_index": 2, "playing": False},
    "rover": "pk-suparco-rover",
    "manifest": ["it-laser-retroreflector", "lander-seismometer"],
    "traverse": [[-86.3, 38.0], [-86.31, 0.30000000000000004]],
    "view": {"target_x_m": 1.0 / 3.0, "target_y_m": -5, "distance_m": 40000, "yaw_deg": 10,
             "pitch_deg": 35, "vertical_exaggeration": 2, "color_mode": 1,
             "panels": ["about", "scenario"]},
}


def ce8(*args):
    return subprocess.run([CE8, *args], capture_output=True, text=True, timeout=120)


def write(obj_or_text):
    text = obj_or_text if isinstance(obj_or_text, str) else json.dumps(obj_or_text)
    f = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8")
    f.write(text)
    f.close()
    return f.name


class Scenario(unittest.TestCase):
    def test_check_normalises_and_url_round_trips(self):
        r = ce8("scenario", "check", write(SCENARIO))
        self.assertEqual(r.returncode, 0, r.stderr)
        j = json.loads(r.stdout)
        self.assertTrue(j["valid"])
        s = j["scenario"]
        self.assertAlmostEqual(s["clock"]["tt_s"], 909316869.184, places=2)
        self.assertEqual(s["view"]["target_x_m"], 1.0 / 3.0)
        self.assertEqual(s["traverse"][1][1], 0.30000000000000004)
        self.assertTrue(j["url"].startswith("#s="))
        r2 = ce8("scenario", "url", write(SCENARIO))
        self.assertEqual(r2.stdout.strip(), j["url"])
        d = ce8("scenario", "decode", "https://example.org/app/" + j["url"])
        self.assertEqual(d.returncode, 0, d.stderr)
        self.assertEqual(json.loads(d.stdout), s)
        # A file holding the link works too.
        self.assertEqual(json.loads(ce8("scenario", "check", write(j["url"])).stdout)["scenario"], s)

    def bad(self, args, needle):
        r = ce8(*args)
        self.assertEqual(r.returncode, 2, r.stdout)
        self.assertIn(needle, r.stderr)
        self.assertEqual(r.stderr.count("\n"), 1, r.stderr)
        self.assertEqual(r.stdout, "")

    def test_malformed(self):
        self.bad(["scenario", "check", write("{\"kind\": ")], "not valid JSON")
        self.bad(["scenario", "check", write(dict(SCENARIO, manifest=["nope"]))],
                 "unknown payload id 'nope'")
        self.bad(["scenario", "check", write(dict(SCENARIO, zoom=3))], "unknown field 'zoom'")
        self.bad(["scenario", "check", write(dict(SCENARIO, site={"lat_deg": -95}))],
                 "site.lat_deg")
        self.bad(["scenario", "check", write(dict(SCENARIO, rover=5))], "rover must be a string")
        self.bad(["scenario", "decode", "#s=eyJraW5kIjoiY2U4"], "scenario URL")
        self.bad(["scenario", "decode", "#s=abcde"], "truncated")
        self.bad(["scenario", "check", "/no/such/file.json"], "/no/such/file.json")


class Exercise(unittest.TestCase):
    def test_list(self):
        r = ce8("exercise", "list")
        self.assertEqual(r.returncode, 0, r.stderr)
        ids = [e["id"] for e in json.loads(r.stdout)]
        self.assertEqual(ids, ["site-choice", "manifest-200kg", "survive-night"])

    def test_site_choice_markdown(self):
        r = ce8("exercise", "check", "site-choice", "--site", "amundsen")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("Amundsen", r.stdout)
        self.assertIn("(your pick)", r.stdout)
        self.assertIn("power-and-link", r.stdout)

    def test_site_choice_terrain_agrees_with_illumination_site(self):
        """The table's terrain numbers against an independent run: the same grid written by
        `ce8 terrain generate` (GeoTIFF) and read back by `ce8 illumination --site`, the same
        708 hourly instants. Same heights (float32 both ways) and the same ray-marched horizon,
        so the only differences can be instants whose Sun or Earth sits within float rounding
        of the horizon: 0.5 points is two such instants out of 708."""
        r = ce8("exercise", "check", "site-choice", "--site", "cabeus", "--format", "json",
                "--from", "2028-10-25T00:00:00Z", "--days", "29.53")
        self.assertEqual(r.returncode, 0, r.stderr)
        j = json.loads(r.stdout)
        self.assertFalse(j["passed"])
        self.assertTrue(any("terrain horizon" in n for n in j["notes"]))
        rows = {}
        for line in j["table"][2:]:
            cells = [c.strip() for c in line.strip("|").split("|")]
            rows[cells[0].replace(" (your pick)", "")] = [float(c) for c in cells[1:]]
        sites = {"Cabeus crater": "-85.3,317.9", "Shackleton-de Gerlache ridge": "-89.45,222.7"}
        with tempfile.TemporaryDirectory() as d:
            dem = os.path.join(d, "site.tif")
            for name, latlon in sites.items():
                g = ce8("terrain", "generate", "--center", latlon, "--size", "768",
                        "--resolution", "400", "--out", dem)
                self.assertEqual(g.returncode, 0, g.stderr)
                s = ce8("illumination", "--dem", dem, "--site", latlon, "--from",
                        "2028-10-25T00:00:00Z", "--until", "2028-11-23T11:00:00Z", "--step", "1h",
                        "--height", "2", "--directions", "360", "--format", "json")
                self.assertEqual(s.returncode, 0, s.stderr)
                samples = json.loads(s.stdout)["samples"]
                self.assertEqual(len(samples), 708)
                sun = [x["sun_visible_fraction"] > 0 for x in samples]
                earth = [x["earth_visible_fraction"] > 0.5 for x in samples]  # centre above
                both = [a and b for a, b in zip(sun, earth)]
                pct = lambda v: 100.0 * sum(v) / len(v)
                sun_up, earth_pct, both_pct, _, _, _, flat_sun = rows[name]
                self.assertAlmostEqual(sun_up, pct(sun), delta=0.5)
                self.assertAlmostEqual(earth_pct, pct(earth), delta=0.5)
                self.assertAlmostEqual(both_pct, pct(both), delta=0.5)
        # Cabeus's floor is in its rim's shadow (flat horizon: Sun up 61%, terrain a quarter of
        # that at most); the ridge is lit.
        self.assertLess(rows["Cabeus crater"][0], rows["Cabeus crater"][6] / 4.0)
        self.assertGreater(rows["Cabeus crater"][6], 50.0)
        self.assertGreater(rows["Shackleton-de Gerlache ridge"][0], 90.0)

    def test_manifest_over_200_fails_naming_rule(self):
        cat = json.loads(ce8("catalogue", "payloads").stdout)
        entries = cat["entries"] if isinstance(cat, dict) else cat
        ids = [p["id"] for p in entries]
        m = write({"payloads": ids})
        r = ce8("exercise", "check", "manifest-200kg", "--manifest", m, "--format", "json")
        self.assertEqual(r.returncode, 0, r.stderr)
        j = json.loads(r.stdout)
        self.assertFalse(j["passed"])
        mass = [c for c in j["checks"] if c["name"] == "total-mass"][0]
        self.assertFalse(mass["passed"])

    def test_survive_night_agrees_with_payloads_simulate(self):
        ids = ["lander-seismometer", "lander-soft-xray-telescope", "ru-plasma-dust", "lander-isru"]
        m = write({"payloads": ids})
        r = ce8("exercise", "check", "survive-night", "--manifest", m, "--site", "leibnitz-beta",
                "--from", "2028-10-25T00:00:00Z", "--days", "29.5", "--format", "json")
        self.assertEqual(r.returncode, 0, r.stderr)
        j = json.loads(r.stdout)
        sim = ce8("payloads", "simulate", "--manifest", m, "--site", "-86.3,38.0",
                  "--from", "2028-10-25T00:00:00Z", "--until", "2028-11-23T12:00:00Z")
        self.assertEqual(sim.returncode, 0, sim.stderr)
        lost = [p["id"] for p in json.loads(sim.stdout)["payloads"] if p["lost"]]
        check = [c for c in j["checks"] if c["name"] == "no-payload-lost"][0]
        self.assertEqual(check["passed"], not lost)
        for pid in lost:
            self.assertIn(pid, check["detail"])

    def test_bad_inputs(self):
        r = ce8("exercise", "check", "nope")
        self.assertEqual(r.returncode, 2)
        self.assertIn("unknown exercise 'nope'", r.stderr)
        r = ce8("exercise", "check", "manifest-200kg", "--manifest", write({"payloads": ["zz"]}))
        self.assertEqual(r.returncode, 2)
        self.assertIn("unknown payload id", r.stderr)
        r = ce8("exercise", "check", "site-choice", "--site", "atlantis")
        self.assertEqual(r.returncode, 2)
        self.assertIn("atlantis", r.stderr)


if __name__ == "__main__":
    unittest.main()
