#!/usr/bin/env python3
"""Schema check of the mission catalogue (assets/*.json), run by the build on both targets
(cmake/Catalogue.cmake). A bad entry fails the build with one line naming the file and the entry.
With --out FILE it also writes a C++ source that embeds the five files (the app and the engine
tests need no file access). The engine's loader (src/engine/mission/catalogue.cpp) makes the same
checks at run time."""
import json
import math
import re
import sys

KINDS = ["participants", "mission", "sites", "payloads", "rovers"]
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
MONTH_RE = re.compile(r"^[0-9]{4}-(0[1-9]|1[0-2])$")
CONSTRAINTS = ["needs_sunlight", "needs_earth_in_view", "needs_quiet", "must_not_see_sun",
               "must_survive_night"]
MAX_BYTES = 1 << 20


class Bad(Exception):
    pass


def num(e, key, lo, hi, where):
    v = e.get(key)
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) \
            or v < lo or v > hi:
        raise Bad(f"{where}: {key} must be a number in [{lo}, {hi}]")
    return v


def text(e, key, where):
    v = e.get(key)
    if not isinstance(v, str) or not v.strip():
        raise Bad(f"{where}: {key} must be a non-empty string")
    return v


def check_common(kind, doc):
    if not isinstance(doc, dict):
        raise Bad(f"{kind}.json: the top level must be an object")
    if doc.get("kind") != kind:
        raise Bad(f"{kind}.json: \"kind\" must be \"{kind}\"")
    srcs = doc.get("sources")
    if not isinstance(srcs, dict) or not srcs or \
            not all(isinstance(v, str) and v.strip() for v in srcs.values()):
        raise Bad(f"{kind}.json: \"sources\" must be an object of non-empty strings")
    entries = doc.get("entries")
    if not isinstance(entries, list) or not entries:
        raise Bad(f"{kind}.json: \"entries\" must be a non-empty array")
    seen = set()
    for i, e in enumerate(entries):
        if not isinstance(e, dict):
            raise Bad(f"{kind}.json: entry #{i + 1} must be an object")
        eid = e.get("id")
        if not isinstance(eid, str) or not ID_RE.match(eid):
            raise Bad(f"{kind}.json: entry #{i + 1}: id must be lower-case letters, digits and '-'")
        where = f"{kind}.json: entry '{eid}'"
        if eid in seen:
            raise Bad(f"{where}: duplicate id")
        seen.add(eid)
        s = e.get("sources")
        if not isinstance(s, list) or not s:
            raise Bad(f"{where}: sources must be a non-empty array")
        for r in s:
            if r not in srcs:
                raise Bad(f"{where}: unknown source '{r}'")
        check_assumed(e, where)
    return entries


def has_path(obj, key):
    """True when `key` names a field of obj, or a nested one as "model.power.idle_w"."""
    for part in key.split("."):
        if not isinstance(obj, dict) or part not in obj:
            return False
        obj = obj[part]
    return True


# Rover engineering model (issue 6, src/engine/traverse/rover.cpp checks the same ranges).
ROVER_MODEL_NUMBERS = [
    ("length_m", 0.05, 20), ("width_m", 0.05, 20), ("height_m", 0.05, 20),
    ("top_speed_m_s", 1e-4, 10),
    ("max_slope_up_deg", 1, 60), ("max_slope_down_deg", 1, 60), ("max_cross_slope_deg", 1, 60),
    ("max_obstacle_m", 0, 5), ("panel_area_m2", 0, 100), ("panel_efficiency", 0, 1),
    ("panel_facing_deg", -360, 360), ("battery_wh", 1, 100000), ("min_soc", 0, 0.95),
    ("mast_height_m", 0, 20)]
ROVER_POWER = ["idle_w", "driving_w", "survival_w", "comm_w", "instruments_w"]
PANEL_MOUNTS = ["fixed-vertical", "horizontal", "sun-tracking"]
COMM_ROUTES = ["direct-to-earth", "via-lander"]
SOLAR_CONSTANT = 1361.0


def check_rover_model(e, where):
    m = e.get("model")
    if not isinstance(m, dict):
        raise Bad(f"{where}: model must be an object (the rover's engineering model)")
    w = f"{where}: model"
    known = {k for k, _, _ in ROVER_MODEL_NUMBERS} | {"panel_mount", "comm", "power"}
    for k in m:
        if k not in known:
            raise Bad(f"{w}: unknown field '{k}'")
    for k, lo, hi in ROVER_MODEL_NUMBERS:
        num(m, k, lo, hi, w)
    if m.get("panel_mount") not in PANEL_MOUNTS:
        raise Bad(f"{w}: panel_mount must be one of {', '.join(PANEL_MOUNTS)}")
    if m.get("comm") not in COMM_ROUTES:
        raise Bad(f"{w}: comm must be one of {', '.join(COMM_ROUTES)}")
    p = m.get("power")
    if not isinstance(p, dict) or sorted(p) != sorted(ROVER_POWER):
        raise Bad(f"{w}: power must hold exactly {', '.join(ROVER_POWER)} (watts)")
    for k in ROVER_POWER:
        num(p, k, 0, 100000, f"{w}.power")
    # Consistency with the catalogue's own figures.
    v = m["top_speed_m_s"] * 3600.0
    if abs(v - e["speed_m_per_h"]) > 0.02 * e["speed_m_per_h"]:
        raise Bad(f"{w}: top_speed_m_s x 3600 ({v:.4g} m/h) must be within 2 % of "
                  f"speed_m_per_h ({e['speed_m_per_h']})")
    peak = m["panel_area_m2"] * m["panel_efficiency"] * SOLAR_CONSTANT
    if abs(peak - e["solar_w"]) > 0.1 * e["solar_w"]:
        raise Bad(f"{w}: panel_area_m2 x panel_efficiency x {SOLAR_CONSTANT:g} W/m^2 "
                  f"({peak:.4g} W) must be within 10 % of solar_w ({e['solar_w']})")
    if p["idle_w"] + p["driving_w"] > m["battery_wh"] * 10:
        raise Bad(f"{w}: idle + driving power would empty the battery in under 6 minutes")


def check_assumed(obj, where):
    a = obj.get("assumed")
    if not isinstance(a, dict):
        raise Bad(f"{where}: assumed must be an object (field -> basis)")
    for k, v in a.items():
        if not has_path(obj, k) or k in ("id", "sources", "assumed"):
            raise Bad(f"{where}: assumed names '{k}', which is not a field of the entry")
        if not isinstance(v, str) or not v.strip():
            raise Bad(f"{where}: assumed '{k}' needs its basis (a non-empty string)")

# What a site's description claims about the ground (engine: kSiteSettings in catalogue.hpp).
SITE_SETTINGS = ["plateau", "summit", "massif", "peak", "ridge", "rim", "plain", "crater-floor"]
CHANGE8 = "change-8"


def check_site(e, where, context):
    text(e, "name", where)
    text(e, "description", where)
    mission = text(e, "mission", where)
    if context and mission == CHANGE8:
        raise Bad(f"{where}: mission of a context site must not be \"change-8\" "
                  "(Chang'e-8's sites go in entries)")
    if not context and mission != CHANGE8:
        raise Bad(f"{where}: mission must be \"change-8\" (other missions' sites go in \"context\")")
    if e.get("setting") not in SITE_SETTINGS:
        raise Bad(f"{where}: setting must be one of {', '.join(SITE_SETTINGS)}")
    num(e, "lat_deg", -90, 90, where)
    num(e, "lon_deg", -360, 360, where)
    if context:
        num(e, "uncertainty_km", 0, 500, where)
    if "aliases" in e:
        a = e["aliases"]
        if context:
            raise Bad(f"{where}: aliases are for Chang'e-8 sites only")
        if not isinstance(a, list) or not all(isinstance(x, str) and ID_RE.match(x) for x in a):
            raise Bad(f"{where}: aliases must be ids (lower-case letters, digits and '-')")


def check_sites(doc):
    """Chang'e-8's candidate sites ("entries") and other missions' sites ("context", kept apart,
    each with its own sources). Ids and aliases share one namespace."""
    entries = check_common("sites", doc)
    names = set()
    for e in entries:
        where = f"sites.json: entry '{e['id']}'"
        check_site(e, where, False)
        names.add(e["id"])
    for e in entries:
        for a in e.get("aliases", []):
            if a in names:
                raise Bad(f"sites.json: entry '{e['id']}': alias '{a}' is already an id or alias")
            names.add(a)
    ctx = doc.get("context", [])
    if not isinstance(ctx, list):
        raise Bad("sites.json: \"context\" must be an array")
    for i, e in enumerate(ctx):
        if not isinstance(e, dict):
            raise Bad(f"sites.json: context entry #{i + 1} must be an object")
        eid = e.get("id")
        if not isinstance(eid, str) or not ID_RE.match(eid):
            raise Bad(f"sites.json: context entry #{i + 1}: id must be lower-case letters, "
                      "digits and '-'")
        where = f"sites.json: context entry '{eid}'"
        if eid in names:
            raise Bad(f"{where}: duplicate id")
        names.add(eid)
        s = e.get("sources")
        if not isinstance(s, list) or not s:
            raise Bad(f"{where}: sources must be a non-empty array")
        for r in s:
            if r not in doc["sources"]:
                raise Bad(f"{where}: unknown source '{r}'")
        check_site(e, where, True)
        check_assumed(e, where)


def check(docs):
    p = docs["participants"]
    entries = check_common("participants", p)
    levels = {lv.get("id") for lv in p.get("levels", []) if isinstance(lv, dict)}
    if not levels:
        raise Bad("participants.json: \"levels\" must list the levels")
    for e in entries:
        where = f"participants.json: entry '{e['id']}'"
        text(e, "name", where)
        if e.get("level") not in levels:
            raise Bad(f"{where}: level must be one of {sorted(levels)}")
        text(e, "region", where)
        j = e.get("joined")
        if j is not None and (not isinstance(j, str) or not MONTH_RE.match(j)):
            raise Bad(f"{where}: joined must be null or \"YYYY-MM\"")
        c = e.get("contributions")
        if not isinstance(c, dict) or any(
                not isinstance(c.get(m), list) or not all(isinstance(x, str) for x in c.get(m))
                for m in ("change7", "change8")):
            raise Bad(f"{where}: contributions needs arrays of strings change7 and change8")

    m = docs["mission"]
    for e in check_common("mission", m):
        text(e, "text", f"mission.json: entry '{e['id']}'")
    for block, keys in (("budget", ["international_allocation_kg", "max_single_payload_kg",
                                     "payload_power_w", "payload_data_mb_per_day"]),
                        ("lander_power", ["solar_peak_w", "battery_wh", "battery_floor_fraction",
                                          "battery_start_fraction", "platform_w"])):
        b = m.get(block)
        where = f"mission.json: {block}"
        if not isinstance(b, dict):
            raise Bad(f"{where} must be an object")
        for k in keys:
            if k.endswith("_fraction"):
                num(b, k, 0, 1, where)
            else:
                num(b, k, 0, 1e6, where)
        if not isinstance(b.get("sources"), list) or not b["sources"] or \
                any(r not in m["sources"] for r in b["sources"]):
            raise Bad(f"{where}: sources must name entries of \"sources\"")
        check_assumed(b, where)

    check_sites(docs["sites"])

    pd = docs["payloads"]
    payload_ids = set()
    carriers = {c.get("id") for c in pd.get("carriers", []) if isinstance(c, dict)}
    for e in check_common("payloads", pd):
        where = f"payloads.json: entry '{e['id']}'"
        payload_ids.add(e["id"])
        text(e, "name", where)
        text(e, "owner", where)
        if e.get("carrier") not in carriers:
            raise Bad(f"{where}: carrier must be one of {sorted(carriers)}")
        num(e, "mass_kg", 0.001, 10000, where)
        num(e, "power_w", 0, 100000, where)
        num(e, "standby_w", 0, 100000, where)
        num(e, "data_kbps", 0, 1e6, where)
        num(e, "hours_per_day", 0, 24, where)
        if e.get("powered_by") not in ("lander", "own"):
            raise Bad(f"{where}: powered_by must be \"lander\" or \"own\"")
        if not isinstance(e.get("noisy"), bool):
            raise Bad(f"{where}: noisy must be true or false")
        c = e.get("constraints")
        if not isinstance(c, dict) or sorted(c) != sorted(CONSTRAINTS) or \
                not all(isinstance(v, bool) for v in c.values()):
            raise Bad(f"{where}: constraints must hold exactly {', '.join(CONSTRAINTS)} "
                      "as true/false")

    for e in check_common("rovers", docs["rovers"]):
        where = f"rovers.json: entry '{e['id']}'"
        text(e, "name", where)
        num(e, "mass_kg", 0.001, 10000, where)
        num(e, "wheels", 1, 16, where)
        num(e, "solar_w", 0, 100000, where)
        num(e, "speed_m_per_h", 0.001, 100000, where)
        ids = e.get("payload_ids")
        if not isinstance(ids, list) or any(i not in payload_ids for i in ids):
            raise Bad(f"{where}: payload_ids must name payloads of payloads.json")
        check_rover_model(e, where)


def main(argv):
    out = None
    if len(argv) >= 3 and argv[1] == "--out":
        out, argv = argv[2], [argv[0]] + argv[3:]
    if len(argv) != 2:
        print("usage: validate_catalogue.py [--out FILE.cpp] ASSETS_DIR", file=sys.stderr)
        return 2
    texts, docs = {}, {}
    try:
        for k in KINDS:
            path = f"{argv[1]}/{k}.json"
            with open(path, "rb") as f:
                raw = f.read(MAX_BYTES + 1)
            if len(raw) > MAX_BYTES:
                raise Bad(f"{k}.json: larger than {MAX_BYTES} bytes")
            texts[k] = raw.decode("utf-8")
            try:
                docs[k] = json.loads(texts[k])
            except json.JSONDecodeError as e:
                raise Bad(f"{k}.json: not valid JSON ({e})")
            if ")ce8json\"" in texts[k]:
                raise Bad(f"{k}.json: contains the embedding delimiter )ce8json\"")
        check(docs)
    except (Bad, OSError, UnicodeDecodeError) as e:
        print(f"catalogue error: {e}", file=sys.stderr)
        return 1
    if out:
        body = ["// Generated by assets/validate_catalogue.py from assets/*.json; do not edit.",
                '#include "engine/mission/embedded.hpp"', "",
                "namespace ce8::mission {", "", "CatalogueTexts embedded_catalogue_texts() {",
                "  CatalogueTexts t;"]
        for k in KINDS:
            body.append(f'  t.{k} = R"ce8json({texts[k]})ce8json";')
        body += ["  return t;", "}", "", "}  // namespace ce8::mission", ""]
        with open(out, "w", encoding="utf-8") as f:
            f.write("\n".join(body))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
