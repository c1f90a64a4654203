#!/usr/bin/env python3
"""Seed corpora for the fuzz targets, made at fuzz time by the project's own generators:
GeoTIFFs from `ce8 terrain generate` (and, from their pixels, the browser-import layout and
LOLA-style PDS3 products), scenarios normalised by `ce8 scenario check` (JSON and #s= links),
manifests from tests/data and from `ce8 catalogue payloads`, the catalogue texts from assets/.
Nothing binary is committed.

usage: make_seeds.py --ce8 BUILD/src/cli/ce8 --out DIR
"""
import argparse
import json
import os
import struct
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def run(*args):
    r = subprocess.run(list(args), capture_output=True, text=True, timeout=300)
    if r.returncode != 0:
        sys.exit(f"make_seeds: {' '.join(args)} failed: {r.stderr.strip()}")
    return r.stdout


def put(out, target, name, data):
    d = os.path.join(out, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


def raster(path, tmp):
    """Geotransform, size, nodata and float32 pixels of a GeoTIFF (gdalinfo + ENVI raw)."""
    info = json.loads(run("gdalinfo", "-json", path))
    raw = os.path.join(tmp, os.path.basename(path) + ".raw")
    run("gdal_translate", "-q", "-of", "ENVI", "-ot", "Float32", path, raw)
    with open(raw, "rb") as f:
        pixels = f.read()
    w, h = info["size"]
    assert len(pixels) == 4 * w * h, "ENVI output size"
    return info["geoTransform"], w, h, info["bands"][0].get("noDataValue"), pixels


def import_seed(gt, w, h, nodata, pixels, proj_kind=1, text=b""):
    flags = 1 | (2 if nodata is not None else 0)
    head = struct.pack("<BBii6dd", flags, proj_kind, w, h, *gt,
                       float(nodata) if nodata is not None else 0.0)
    return head + struct.pack("<H", len(text)) + text + pixels


def pds3_label(w, h, cell_m, x_min, y_max, image_pointer):
    # LOLA convention: kilometres above 1737.4 km; projection offsets in pixels from the pole.
    return ("PDS_VERSION_ID = \"PDS3\"\nRECORD_TYPE = FIXED_LENGTH\n"
            f"RECORD_BYTES = {4 * w}\nFILE_RECORDS = {h}\n^IMAGE = {image_pointer}\n"
            f"OBJECT = IMAGE\n  LINES = {h}\n  LINE_SAMPLES = {w}\n  SAMPLE_TYPE = PC_REAL\n"
            "  SAMPLE_BITS = 32\n  UNIT = KILOMETER\n  SCALING_FACTOR = 1\n  OFFSET = 1737.4\n"
            "END_OBJECT = IMAGE\nOBJECT = IMAGE_MAP_PROJECTION\n"
            "  MAP_PROJECTION_TYPE = \"POLAR STEREOGRAPHIC\"\n  A_AXIS_RADIUS = 1737.4 <KM>\n"
            "  B_AXIS_RADIUS = 1737.4 <KM>\n  C_AXIS_RADIUS = 1737.4 <KM>\n"
            "  POSITIVE_LONGITUDE_DIRECTION = \"EAST\"\n  CENTER_LATITUDE = -90.0 <DEG>\n"
            "  CENTER_LONGITUDE = 0.0 <DEG>\n  MAP_PROJECTION_ROTATION = 0.0\n"
            f"  MAP_SCALE = {cell_m:g} <METERS/PIXEL>\n"
            f"  LINE_PROJECTION_OFFSET = {y_max / cell_m - 0.5:g} <PIXEL>\n"
            f"  SAMPLE_PROJECTION_OFFSET = {-x_min / cell_m - 0.5:g} <PIXEL>\n"
            "END_OBJECT = IMAGE_MAP_PROJECTION\nEND\n")


def dem_seeds(ce8, out, tmp):
    # Small grids only: libFuzzer works best on inputs of a few KiB.
    variants = [("pole16", ["--size", "16", "--resolution", "100"]),
                ("shackleton24", ["--size", "24", "--resolution", "60", "--center", "-89.5,130"]),
                ("amundsen8", ["--size", "8", "--resolution", "500", "--center", "-84,82"])]
    for name, args in variants:
        tif = os.path.join(tmp, name + ".tif")
        run(ce8, "terrain", "generate", "--out", tif, "--seed", "7", *args)
        with open(tif, "rb") as f:
            tif_bytes = f.read()
        put(out, "fuzz_dem_gdal", name + "-tif", b"\x00" + tif_bytes)
        gt, w, h, nodata, pixels = raster(tif, tmp)
        put(out, "fuzz_dem_import", name + "-geokeys", import_seed(gt, w, h, nodata, pixels, 1))
        put(out, "fuzz_dem_import", name + "-proj", import_seed(gt, w, h, nodata, pixels, 0))
        put(out, "fuzz_dem_import", name + "-geokeys-text", import_seed(
            gt, w, h, nodata, pixels, 2,
            b"GTModelTypeGeoKey=1 ProjCoordTransGeoKey=15 GeogSemiMajorAxisGeoKey=1737400 "
            b"ProjNatOriginLatGeoKey=-90 ProjLinearUnitsGeoKey=9001"))
        # PDS3: the same heights in kilometres above 1737.4 km.
        heights = struct.unpack(f"<{w * h}f", pixels)
        km = struct.pack(f"<{w * h}f", *[(v / 1000.0 if abs(v) < 1e30 else v) for v in heights])
        label = pds3_label(w, h, gt[1], gt[0], gt[3], "\"DEM.IMG\"")
        put(out, "fuzz_dem_gdal", name + "-lbl", b"\x02" + label.encode() + km)
        # Attached label, padded to 2048 bytes; the image starts at byte 2049.
        attached = pds3_label(w, h, gt[1], gt[0], gt[3], "2049 <BYTES>").encode()
        put(out, "fuzz_dem_gdal", name + "-img", b"\x01" + attached.ljust(2048, b" ") + km)


def scenario_seeds(ce8, out, tmp):
    payloads = json.loads(run(ce8, "catalogue", "payloads"))["entries"]
    rovers = json.loads(run(ce8, "catalogue", "rovers"))["entries"]
    full = {
        "kind": "ce8-scenario", "version": 1,
        "site": {"id": "leibnitz-beta", "lat_deg": -86.3, "lon_deg": 38.0, "height_m": 0},
        "clock": {"utc": "2028-10-25T00:00:00Z", "speed_index": 3, "playing": True},
        "rover": rovers[0]["id"], "manifest": [p["id"] for p in payloads[:5]],
        "traverse": [[-86.3, 38.0], [-86.31, 38.2], [-86.32, 38.4]],
        "view": {"target_x_m": 1000, "target_y_m": -2000, "distance_m": 40000, "yaw_deg": 10,
                 "pitch_deg": 35, "vertical_exaggeration": 2, "color_mode": 1,
                 "panels": ["about", "sites", "scenario"]},
    }
    for name, sc in [("minimal", {"kind": "ce8-scenario", "version": 1}), ("full", full),
                     ("custom-site", {"kind": "ce8-scenario", "version": 1,
                                      "site": {"id": "", "lat_deg": -89.9, "lon_deg": -120.5},
                                      "clock": {"tt_s": 909316869.184}})]:
        path = os.path.join(tmp, name + ".json")
        with open(path, "w") as f:
            json.dump(sc, f)
        checked = json.loads(run(ce8, "scenario", "check", path))
        normal = checked["scenario"]
        put(out, "fuzz_scenario_json", name, json.dumps(normal, separators=(",", ":")))
        put(out, "fuzz_scenario_json", name + "-pretty", json.dumps(normal, indent=2))
        url = checked["url"]
        put(out, "fuzz_scenario_url", name + "-fragment", url)
        put(out, "fuzz_scenario_url", name + "-link", "https://example.org/explorer/" + url)
        put(out, "fuzz_scenario_url", name + "-bare", url[len("#s="):])
    return payloads


def manifest_seeds(out, payloads):
    mdir = os.path.join(ROOT, "tests", "data", "manifests")
    for name in sorted(os.listdir(mdir)):
        with open(os.path.join(mdir, name), "rb") as f:
            put(out, "fuzz_manifest", name, f.read())
    put(out, "fuzz_manifest", "catalogue-first-three", json.dumps(
        {"name": "first three", "payloads": [p["id"] for p in payloads[:3]]}))


def catalogue_seeds(out):
    for k, kind in enumerate(["participants", "mission", "sites", "payloads", "rovers"]):
        with open(os.path.join(ROOT, "assets", kind + ".json"), "rb") as f:
            put(out, "fuzz_catalogue", kind, bytes([k]) + f.read())


def argument_seeds(out):
    for k, t in enumerate(["2028-10-25", "2028-10-25T12:30", "2028-10-25T12:30:45Z",
                           "2016-12-31T23:59:60Z", "2028-01-01 00:00:00.123456789",
                           "1960-01-01T00:00:00", "2199-12-31T23:59:59.999Z", "90s", "15m",
                           "1.5h", "-2d", "utc", "tdb"]):
        put(out, "fuzz_time_args", f"seed{k}", t)
    for k, t in enumerate(["-86.3,38", "-89.5,130", "-85.33,317.87,250", "0,0", "-90,0",
                           "1e1,-2.5E-3", "+45.0,-180"]):
        put(out, "fuzz_coordinates", f"seed{k}", t)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ce8", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="ce8-seeds-") as tmp:
        dem_seeds(a.ce8, a.out, tmp)
        payloads = scenario_seeds(a.ce8, a.out, tmp)
    manifest_seeds(a.out, payloads)
    catalogue_seeds(a.out)
    argument_seeds(a.out)
    for t in sorted(os.listdir(a.out)):
        print(f"  {t}: {len(os.listdir(os.path.join(a.out, t)))} seeds")


if __name__ == "__main__":
    main()
