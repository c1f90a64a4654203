"""CLI tests for `ce8 ephemeris`: output shape, physical sanity, agreement between formats and
time scales, and one-line errors with exit status 2 on bad input."""
import csv
import io
import json
import math
import os
import subprocess
import unittest

CE8 = os.environ.get("CE8_BIN", "ce8")

COLUMNS = ["time_utc", "sun_az_deg", "sun_el_deg", "earth_az_deg", "earth_el_deg",
           "subsolar_lat_deg", "subsolar_lon_deg", "subearth_lat_deg", "subearth_lon_deg",
           "sun_distance_km", "earth_distance_km"]


def ce8(*args):
    return subprocess.run([CE8, *args], capture_output=True, text=True, timeout=120)


def rows(*args):
    r = ce8("ephemeris", *args)
    if r.returncode != 0:
        raise AssertionError(r.stderr)
    return list(csv.DictReader(io.StringIO(r.stdout))), r


class EphemerisCsvJson(unittest.TestCase):
    def test_csv_header_and_rows(self):
        data, r = rows("--site", "-89.5,130", "--time", "2028-01-01T00:00:00Z",
                       "--until", "2028-01-02T00:00:00Z", "--step", "6h")
        self.assertEqual(r.stdout.splitlines()[0], ",".join(COLUMNS))
        self.assertEqual(len(data), 5)  # both ends included
        self.assertEqual(data[0]["time_utc"], "2028-01-01T00:00:00.000Z")
        self.assertEqual(data[-1]["time_utc"], "2028-01-02T00:00:00.000Z")
        self.assertEqual(r.stderr, "")
        for row in data:
            self.assertTrue(0 <= float(row["sun_az_deg"]) < 360)
            self.assertTrue(0 <= float(row["earth_az_deg"]) < 360)
            self.assertLess(abs(float(row["subsolar_lat_deg"])), 1.6)
            self.assertLess(abs(float(row["subearth_lat_deg"])), 7.0)
            self.assertTrue(356000 < float(row["earth_distance_km"]) < 407000)
            self.assertTrue(1.45e8 < float(row["sun_distance_km"]) < 1.53e8)
            # Near the south pole the Sun skims the horizon.
            self.assertLess(abs(float(row["sun_el_deg"])), 2.2)

    def test_json_matches_csv(self):
        args = ["--site", "-85.33,317.87,250", "--time", "2029-03-01T12:00:00Z",
                "--until", "2029-03-01T14:00:00Z", "--step", "1h"]
        data, _ = rows(*args)
        r = ce8("ephemeris", *args, "--format", "json")
        self.assertEqual(r.returncode, 0, r.stderr)
        objs = json.loads(r.stdout)
        self.assertEqual(len(objs), len(data))
        for o, c in zip(objs, data):
            self.assertEqual(list(o.keys()), COLUMNS)
            self.assertEqual(o["time_utc"], c["time_utc"])
            for k in COLUMNS[1:]:
                self.assertAlmostEqual(o[k], float(c[k]), places=6)

    def test_single_instant_without_until(self):
        data, _ = rows("--site", "0,0", "--time", "2028-06-01T00:00:00Z")
        self.assertEqual(len(data), 1)

    def test_scales_shift_the_instant(self):
        # 2028-01-01T00:01:09.184 TT is 2028-01-01T00:00:00 UTC (TT - UTC = 69.184 s).
        a, _ = rows("--site", "-89.9,0", "--time", "2028-01-01T00:01:09.184", "--scale", "tt")
        b, _ = rows("--site", "-89.9,0", "--time", "2028-01-01T00:00:00Z")
        self.assertEqual(a[0]["time_utc"], "2028-01-01T00:00:00.000Z")
        self.assertEqual(a[0]["sun_az_deg"], b[0]["sun_az_deg"])
        t, _ = rows("--site", "-89.9,0", "--time", "2028-01-01T00:01:09.184", "--scale", "tdb")
        self.assertEqual(t[0]["time_utc"][:19], "2028-01-01T00:00:00")

    def test_eclipse_sun_and_earth_coincide(self):
        # Total lunar eclipse, 2022-11-08 10:59 UTC: from the Moon the Sun is behind the Earth.
        data, _ = rows("--site", "0,0", "--time", "2022-11-08T10:59:11Z")
        r = data[0]
        lat1, lon1 = math.radians(float(r["subsolar_lat_deg"])), math.radians(float(r["subsolar_lon_deg"]))
        lat2, lon2 = math.radians(float(r["subearth_lat_deg"])), math.radians(float(r["subearth_lon_deg"]))
        c = (math.sin(lat1) * math.sin(lat2) +
             math.cos(lat1) * math.cos(lat2) * math.cos(lon1 - lon2))
        self.assertLess(math.degrees(math.acos(min(1.0, c))), 0.5)

    def test_subsolar_longitude_rate(self):
        data, _ = rows("--site", "0,0", "--time", "2028-01-01", "--until", "2028-01-11",
                       "--step", "1d")
        total = 0.0
        for a, b in zip(data, data[1:]):
            d = float(b["subsolar_lon_deg"]) - float(a["subsolar_lon_deg"])
            total += (d + 180) % 360 - 180
        self.assertAlmostEqual(total / 10, -12.19, delta=0.15)

    def test_south_pole_accepts_negative_latitude(self):
        data, _ = rows("--site", "-90,0", "--time", "2028-01-01T00:00:00Z")
        self.assertEqual(len(data), 1)


class MoonFrame(unittest.TestCase):
    def test_moon_frame_json(self):
        r = ce8("ephemeris", "--moon-frame", "--time", "2040-01-01T12:00:00", "--scale", "tdb")
        self.assertEqual(r.returncode, 0, r.stderr)
        j = json.loads(r.stdout)
        m = j["matrix"]
        self.assertEqual(len(m), 3)
        self.assertTrue(all(len(row) == 3 for row in m))
        # 2040-01-01T12:00 TDB is 14610 days after J2000: CSPICE sxform('IAU_MOON','J2000').
        spice = [[0.5720547105837333, 0.8198082524397307, -0.025842548842481546],
                 [-0.761073769862349, 0.5187960000245592, -0.38938082539594815],
                 [-0.30581060303147345, 0.2424152214491336, 0.9207142528946177]]
        for i in range(3):
            for k in range(3):
                self.assertAlmostEqual(m[i][k], spice[i][k], places=9)
        self.assertTrue(0 <= j["prime_meridian_deg"] < 360)
        dec, ra = math.radians(j["pole_dec_deg"]), math.radians(j["pole_ra_deg"])
        self.assertAlmostEqual(m[2][2], math.sin(dec), places=12)
        self.assertAlmostEqual(m[0][2], math.cos(dec) * math.cos(ra), places=12)


class BadInput(unittest.TestCase):
    def check_bad(self, *args, mentions=None):
        r = ce8("ephemeris", *args)
        self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
        self.assertEqual(r.stdout, "")
        lines = r.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, r.stderr)
        self.assertTrue(lines[0].startswith("ce8: error:"), lines[0])
        if mentions:
            self.assertIn(mentions, lines[0])

    def test_impossible_date(self):
        self.check_bad("--site", "0,0", "--time", "2028-02-30T00:00:00Z", mentions="2028-02-30")

    def test_leap_second_only_where_one_happened(self):
        self.check_bad("--site", "0,0", "--time", "2017-12-31T23:59:60Z", mentions="second")
        data, _ = rows("--site", "0,0", "--time", "2016-12-31T23:59:60Z")
        self.assertEqual(data[0]["time_utc"], "2016-12-31T23:59:60.000Z")

    def test_malformed_time(self):
        self.check_bad("--site", "0,0", "--time", "tomorrow", mentions="tomorrow")

    def test_bad_step(self):
        common = ["--site", "0,0", "--time", "2028-01-01", "--until", "2028-01-02"]
        self.check_bad(*common, "--step", "1fortnight", mentions="1fortnight")
        self.check_bad(*common, "--step", "0h", mentions="positive")
        self.check_bad(*common, "--step", "-1h", mentions="positive")

    def test_until_before_time(self):
        self.check_bad("--site", "0,0", "--time", "2028-01-02", "--until", "2028-01-01",
                       "--step", "1h", mentions="before")

    def test_latitude_out_of_range(self):
        self.check_bad("--site", "-90.5,0", "--time", "2028-01-01", mentions="latitude")
        self.check_bad("--site", "abc", "--time", "2028-01-01", mentions="--site")

    def test_too_many_rows(self):
        self.check_bad("--site", "0,0", "--time", "2028-01-01", "--until", "2048-01-01",
                       "--step", "1s", mentions="limit")

    def test_bad_scale_and_format(self):
        self.check_bad("--site", "0,0", "--time", "2028-01-01", "--scale", "gps", mentions="gps")
        self.check_bad("--site", "0,0", "--time", "2028-01-01", "--format", "xml", mentions="xml")

    def test_missing_site_or_time(self):
        self.check_bad("--time", "2028-01-01", mentions="--site")
        self.check_bad("--site", "0,0")

    def test_until_without_step(self):
        self.check_bad("--site", "0,0", "--time", "2028-01-01", "--until", "2028-01-02",
                       mentions="--step")


if __name__ == "__main__":
    unittest.main()
