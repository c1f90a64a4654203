"""Bad input to `ce8`: each kind gets exit 2, nothing on stdout, exactly one line on stderr that
starts "ce8: error: " and names the problem (or the limit), and no partial output file. The
README's bad-input table (docs/reliability.md) points here and to the other test_*.py files
for the cases they already pin. Files are made at test time (ce8 terrain generate, hand-written
TIFF and PDS3 headers); nothing binary is committed."""
import json
import os
import re
import shutil
import struct
import subprocess
import tempfile
import time
import unittest

CE8 = os.environ.get("CE8_BIN", "ce8")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def ce8(*args):
    return subprocess.run([CE8, *args], capture_output=True, timeout=300)


def tiff_header(width, height, bits=32, sample_format=3):
    """A little-endian TIFF whose first IFD claims width x height float cells; no pixel data."""
    entries = [(256, 4, 1, width), (257, 4, 1, height), (258, 3, 1, bits), (259, 3, 1, 1),
               (262, 3, 1, 1), (273, 4, 1, 8), (277, 3, 1, 1), (278, 4, 1, height),
               (279, 4, 1, 0xFFFFFFF0), (339, 3, 1, sample_format)]
    ifd = struct.pack("<H", len(entries))
    for tag, typ, count, value in entries:
        ifd += struct.pack("<HHI", tag, typ, count)
        ifd += struct.pack("<HH", value, 0) if typ == 3 else struct.pack("<I", value)
    ifd += struct.pack("<I", 0)
    return b"II*\x00" + struct.pack("<I", 8) + ifd


class BadInput(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="ce8-bad-")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def path(self, name):
        return os.path.join(self.tmp, name)

    def write(self, name, data):
        p = self.path(name)
        with open(p, "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
        return p

    def refused(self, args, expected):
        """Runs ce8 and checks the one-line refusal; `expected` is the exact message after
        "ce8: error: " (a str) or a pattern it must match (a compiled regex)."""
        r = ce8(*args)
        err = r.stderr.decode("utf-8", "strict")
        self.assertEqual(r.returncode, 2, err)
        self.assertEqual(r.stdout, b"")
        self.assertTrue(err.endswith("\n"), err)
        lines = err.splitlines()
        self.assertEqual(len(lines), 1, err)
        self.assertTrue(lines[0].startswith("ce8: error: "), lines[0])
        msg = lines[0][len("ce8: error: "):]
        if isinstance(expected, str):
            self.assertEqual(msg, expected)
        else:
            self.assertRegex(msg, expected)
        self.assertEqual([n for n in os.listdir(self.tmp) if "partial" in n or n.startswith(".")],
                         [])
        return msg

    # ---- DEM files -----------------------------------------------------------------------------

    def test_tiff_claiming_thousands_of_samples_per_cell_is_refused_quickly(self):
        # Found by fuzz_dem_gdal: a small tiled GeoTIFF from `ce8 terrain generate` whose
        # SamplesPerPixel tag says 20993. Reading band 1 then decodes 5 GiB blocks: GDAL took
        # 38 s to fail. It must be refused before reading, naming the block limit.
        good = self.path("small.tif")
        r = ce8("terrain", "generate", "--size", "8", "--resolution", "500", "--out", good)
        self.assertEqual(r.returncode, 0, r.stderr)
        data = bytearray(open(good, "rb").read())
        self.assertEqual(bytes(data[:4]), b"II*\x00")
        ifd = struct.unpack_from("<I", data, 4)[0]
        patched = False
        for k in range(struct.unpack_from("<H", data, ifd)[0]):
            e = ifd + 2 + 12 * k
            tag, typ = struct.unpack_from("<HH", data, e)
            if tag == 277 and typ == 3:
                struct.pack_into("<H", data, e + 8, 20993)
                patched = True
        self.assertTrue(patched, "no SamplesPerPixel tag to patch")
        bad = self.write("many-samples.tif", bytes(data))
        t0 = time.monotonic()
        self.refused(["terrain", "info", bad],
                     re.compile(r"^'.*many-samples\.tif' stores 20993 bands per \d+x\d+ block: "
                                r"decoding one block would take \d+ MiB, over the limit of 256 MiB"))
        self.assertLess(time.monotonic() - t0, 10.0)

    def test_empty_file_named_tif(self):
        p = self.write("empty.tif", b"")
        self.refused(["terrain", "info", p], f"'{p}' is empty")

    def test_tiff_header_claiming_huge_grid(self):
        p = self.write("huge.tif", tiff_header(100000, 100000))
        self.refused(["terrain", "info", p],
                     f"'{p}' is 100000x100000 cells, over the limit of 16384 cells per side")

    def test_tiff_header_over_the_cell_limit(self):
        # 16384 x 16385 passes neither the per-side nor the cell limit; 16000 x 16800 passes
        # the per-side limit (<= 16384) and fails the cell count (> 16384^2).
        p = self.write("cells.tif", tiff_header(16384, 16384 + 1))
        self.refused(["terrain", "info", p], re.compile(r"over the limit of 16384 cells per side$"))

    def test_directory_as_dem(self):
        d = self.path("adir.tif")
        os.mkdir(d)
        self.refused(["terrain", "info", d], f"'{d}' is not a regular file")

    def test_half_downloaded_geotiff(self):
        good = self.path("good.tif")
        r = ce8("terrain", "generate", "--out", good, "--size", "256", "--resolution", "100")
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(good, "rb") as f:
            data = f.read()
        half = self.write("half.tif", data[: len(data) // 2])
        msg = self.refused(["terrain", "info", half], re.compile(re.escape(f"'{half}'")))
        self.assertNotIn("\\n", msg)

    def test_pds3_label_without_its_image(self):
        lbl = self.write("LDEM_X.LBL",
                         "PDS_VERSION_ID = \"PDS3\"\nRECORD_TYPE = FIXED_LENGTH\n"
                         "RECORD_BYTES = 32\nFILE_RECORDS = 6\n^IMAGE = \"LDEM_X.IMG\"\n"
                         "OBJECT = IMAGE\n  LINES = 6\n  LINE_SAMPLES = 8\n"
                         "  SAMPLE_TYPE = PC_REAL\n  SAMPLE_BITS = 32\nEND_OBJECT = IMAGE\n"
                         "OBJECT = IMAGE_MAP_PROJECTION\n  MAP_PROJECTION_TYPE = \"POLAR STEREOGRAPHIC\"\n"
                         "  A_AXIS_RADIUS = 1737.4 <KM>\n  CENTER_LATITUDE = -90\n  CENTER_LONGITUDE = 0\n"
                         "  MAP_SCALE = 20 <METERS/PIXEL>\n  LINE_PROJECTION_OFFSET = 3\n"
                         "  SAMPLE_PROJECTION_OFFSET = 4\nEND_OBJECT = IMAGE_MAP_PROJECTION\n"
                         "END\n")
        self.refused(["terrain", "info", lbl], re.compile(
            r"^'" + re.escape(lbl) + r"' names the image file 'LDEM_X.IMG', which is not next to it"))

    def test_pds3_label_claiming_huge_grid(self):
        lbl = self.write("BIG.LBL",
                         "PDS_VERSION_ID = \"PDS3\"\nRECORD_TYPE = FIXED_LENGTH\n"
                         "RECORD_BYTES = 400000\nFILE_RECORDS = 100000\n^IMAGE = \"BIG.IMG\"\n"
                         "OBJECT = IMAGE\n  LINES = 100000\n  LINE_SAMPLES = 100000\n"
                         "  SAMPLE_TYPE = PC_REAL\n  SAMPLE_BITS = 32\nEND_OBJECT = IMAGE\n"
                         "OBJECT = IMAGE_MAP_PROJECTION\n  MAP_PROJECTION_TYPE = \"POLAR STEREOGRAPHIC\"\n"
                         "  A_AXIS_RADIUS = 1737.4 <KM>\n  CENTER_LATITUDE = -90\n  CENTER_LONGITUDE = 0\n"
                         "  MAP_SCALE = 20 <METERS/PIXEL>\n  LINE_PROJECTION_OFFSET = 3\n"
                         "  SAMPLE_PROJECTION_OFFSET = 4\nEND_OBJECT = IMAGE_MAP_PROJECTION\n"
                         "END\n")
        self.write("BIG.IMG", b"\0" * 64)
        self.refused(["terrain", "info", lbl], re.compile(
            r"' is 100000x100000 cells, over the limit of 16384 cells per side$"))

    def test_path_over_the_length_limit(self):
        long_path = "/tmp/" + "d" * 5000 + ".tif"
        self.refused(["terrain", "info", long_path],
                     "the DEM file path is longer than 4096 bytes")
        self.refused(["scenario", "check", "/tmp/" + "s" * 5000 + ".json"],
                     re.compile(r"^'/tmp/s+ \.\.\. s+\.json': the file path is longer than 4096 bytes$"))

    def test_failed_write_keeps_the_old_output(self):
        out = self.write("keep.tif", "the user's earlier result")
        self.refused(["terrain", "generate", "--out", out, "--size", "20000"],
                     "--size: grid 20000x20000 exceeds the limit of 16384 cells per side")
        with open(out) as f:
            self.assertEqual(f.read(), "the user's earlier result")

    # ---- arguments ------------------------------------------------------------------------------

    def test_newline_and_escape_in_an_argument_stay_on_one_line(self):
        # Found by tests/fuzz (fuzz_time_args): the message quoted the raw text, newline included.
        self.refused(["ephemeris", "--site", "0,0", "--time", "2028-01-01\n\x1b[2J"],
                     "--time: invalid ISO 8601 time '2028-01-01\\n\\x1b[2J' "
                     "(expected YYYY-MM-DD[THH:MM[:SS[.fff]]][Z])")
        self.refused(["ephemeris", "--site", "-86\n38", "--time", "2028-01-01"],
                     "--site: expected LAT,LON[,HEIGHT_M] in degrees and metres, got '-86\\n38'")

    def test_hex_inf_and_nan_coordinates(self):
        for bad in ("0x10,5", "inf,0", "-86,nan", "-86, 38", "-86,38,"):
            self.refused(["payloads", "simulate", "--manifest",
                          os.path.join(ROOT, "tests", "data", "manifests", "selected-ten.json"),
                          "--site", bad, "--from", "2028-01-01", "--until", "2028-01-02"],
                         f"--site: expected LAT,LON in degrees, got '{bad}'")
        self.refused(["terrain", "generate", "--out", self.path("x.tif"), "--center", "0x10,5"],
                     "--center: expected LAT,LON in degrees, got '0x10,5'")

    def test_coordinates_and_durations_share_one_message_format(self):
        # src/cli/cli_parse.hpp: every LAT,LON and duration option names itself and quotes the
        # text. The checks run before any file is read, so the DEM paths need not exist.
        manifest = os.path.join(ROOT, "tests", "data", "manifests", "selected-ten.json")
        dem = self.path("none.tif")
        traverse = ["traverse", "--dem", dem, "--rover", "chinese-rover", "--start", "2028-01-01"]
        window = ["--from", "2028-01-01", "--until", "2028-01-02"]
        latlon = "expected LAT,LON in degrees, got 'abc'"
        cases = [
            (["ephemeris", "--site", "abc", "--time", "2028-01-01"],
             "--site: expected LAT,LON[,HEIGHT_M] in degrees and metres, got 'abc'"),
            (["payloads", "simulate", "--manifest", manifest, "--site", "abc", *window],
             "--site: " + latlon),
            (["terrain", "generate", "--out", self.path("x.tif"), "--center", "abc"],
             "--center: " + latlon),
            # (without a comma, exercise's --site is a site id)
            (["exercise", "check", "site-choice", "--site", "abc,1"],
             "--site: expected LAT,LON in degrees, got 'abc,1'"),
            ([*traverse, "--from", "abc", "--to", "-89,0"], "--from: " + latlon),
            ([*traverse, "--from", "-89,0", "--to", "-89,1", "--via", "abc"],
             "--via: " + latlon),
            ([*traverse, "--from", "-50,0", "--to", "-89,0"],
             "--from: latitude must be between -90 and -60 degrees (south polar grid), "
             "got '-50,0'"),
            (["illumination", "--dem", dem, "--site", "abc", *window, "--step", "1h"],
             "--site: " + latlon),
            (["ephemeris", "--site", "0,0", "--time", "2028-01-01", "--until", "2028-01-02",
              "--step", "6hours"],
             "--step: expected a duration such as 90s, 15m, 6h or 1d, got '6hours'"),
            (["ephemeris", "--site", "0,0", "--time", "2028-01-01", "--until", "2028-01-02",
              "--step", "0h"], "--step: must be positive, got '0h'"),
            (["payloads", "simulate", "--manifest", manifest, "--site", "-89,0", *window,
              "--step", "7h"], "--step: must be between 1m and 6h, got '7h'"),
            ([*traverse, "--from", "-89,0", "--to", "-89,1", "--step", "0h"],
             "--step: must be between 1s and 1d, got '0h'"),
            ([*traverse, "--from", "-89,0", "--to", "-89,1", "--dwell", "-1h"],
             "--dwell: must be 0 or more, got '-1h'"),
            ([*traverse, "--from", "-89,0", "--to", "-89,1", "--wait-step", "2d"],
             "--wait-step: must be between 1m and 1d, got '2d'"),
        ]
        for args, message in cases:
            with self.subTest(args=args):
                self.refused(args, message)

    def test_very_long_argument_is_cut(self):
        msg = self.refused(["ephemeris", "--site", "1" * 100000, "--time", "2028-01-01"],
                           re.compile(r"^--site: expected LAT,LON\[,HEIGHT_M\] in degrees and metres, "
                                      r"got '1+ \.\.\. 1+'$"))
        self.assertLessEqual(len(msg), 1024)

    def test_year_outside_the_time_range(self):
        self.refused(["ephemeris", "--site", "0,0", "--time", "1959-12-31"],
                     re.compile(r"1960\.\.2199"))

    def test_time_range_times_step_over_the_row_limit(self):
        self.refused(["ephemeris", "--site", "0,0", "--time", "2028-01-01", "--until",
                      "2030-01-01", "--step", "1s"], re.compile(r"1000000"))

    def test_zero_and_negative_steps(self):
        for step in ("0s", "-1h"):
            self.refused(["ephemeris", "--site", "0,0", "--time", "2028-01-01", "--until",
                          "2028-01-02", "--step", step], re.compile(r"--step"))

    # ---- scenario files and links ---------------------------------------------------------------

    def test_scenario_file_over_the_size_limit(self):
        p = self.write("big.json", "{" + " " * (64 * 1024) + "}")
        self.refused(["scenario", "check", p], f"'{p}': '{p}' is larger than 65536 bytes")

    def test_scenario_nested_too_deep(self):
        p = self.write("deep.json", '{"kind": "ce8-scenario", "version": 1, "x": ' + "[" * 20 +
                       "]" * 20 + "}")
        self.refused(["scenario", "check", p], re.compile(r"deeper than 8"))

    def test_scenario_with_invalid_utf8(self):
        p = self.write("latin1.json", b'{"kind": "ce8-scenario", "version": 1, "rover": "\xe9"}')
        self.refused(["scenario", "check", p],
                     f"'{p}': scenario: not valid JSON (truncated or mistyped?)")

    def test_link_with_bad_characters(self):
        self.refused(["scenario", "decode", "#s=eyJr*W5k"],
                     "scenario URL: base64 text has a bad character at position 4")

    def test_link_that_is_base64_of_text_not_json(self):
        self.refused(["scenario", "decode", "#s=aGVsbG8gd29ybGQ"],
                     re.compile(r"^scenario URL: not valid JSON"))

    def test_link_too_long(self):
        self.refused(["scenario", "decode", "#s=" + "A" * 100000],
                     "scenario URL: the link is too long")

    def test_link_to_another_kind_of_file(self):
        import base64
        blob = base64.urlsafe_b64encode(json.dumps({"format": "ce8-manifest", "version": 1,
                                                    "payloads": []}).encode()).rstrip(b"=")
        self.refused(["scenario", "decode", "#s=" + blob.decode()],
                     "scenario URL: unknown field 'format'")

    # ---- manifests and the catalogue ------------------------------------------------------------

    def test_manifest_with_a_payload_twice(self):
        p = self.write("twice.json", json.dumps(
            {"payloads": ["lander-seismometer", "lander-seismometer"]}))
        self.refused(["payloads", "budget", "--manifest", p], re.compile(r"twice|more than once"))

    def test_manifest_that_is_a_png(self):
        p = self.write("m.json", b"\x89PNG\r\n\x1a\n" + bytes(200))
        self.refused(["payloads", "budget", "--manifest", p], re.compile(r"not valid JSON"))

    def test_catalogue_dir_missing_a_file(self):
        d = self.path("assets")
        os.mkdir(d)
        for k in ("participants", "mission", "sites", "payloads"):
            shutil.copy(os.path.join(ROOT, "assets", k + ".json"), d)
        self.refused(["catalogue", "sites", "--assets", d], re.compile(re.escape("rovers.json")))

    # ---- the WebAssembly memory ceiling ---------------------------------------------------------

    def test_wasm_memory_ceiling_matches_the_engine_limits(self):
        """The explorer's -sMAXIMUM_MEMORY and engine/core/limits.hpp must agree: the engine
        refuses buffers larger than a quarter of it before allocating (a failed allocation would
        abort the page)."""
        with open(os.path.join(ROOT, "src", "app", "CMakeLists.txt")) as f:
            m = re.search(r"-sMAXIMUM_MEMORY=(\d+)GB", f.read())
        self.assertIsNotNone(m, "src/app/CMakeLists.txt sets no -sMAXIMUM_MEMORY")
        with open(os.path.join(ROOT, "src", "engine", "core", "limits.hpp")) as f:
            c = re.search(r"kWasmMemoryCeilingBytes = std::int64_t\{(\d+)\} << 30", f.read())
        self.assertIsNotNone(c)
        self.assertEqual(int(m.group(1)), int(c.group(1)))


if __name__ == "__main__":
    unittest.main()
