"""Prints issue 16's browser table from one scripts/bench_browser run.

Usage: bench_browser_table.py DIR
DIR holds browser.json (scripts/bench_browser.mjs), native.json, wasm.json, wasm-threads.json
(Google Benchmark JSON of BM_AppMaps), start.json and end.json (UTC time and load average).
Exit status 1 when the browser's maps are not the native ones (summary numbers differ).
"""
import json
import os
import sys


def load_bench(path):
    """BM_AppMaps/<threads> -> (wall s, CPU s of the calling thread, counters)."""
    if not os.path.exists(path):
        return {}
    with open(path) as f:
        data = json.load(f)
    out = {}
    for b in data["benchmarks"]:
        if b.get("run_type", "iteration") != "iteration" or b.get("error_occurred"):
            continue
        scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[b["time_unit"]]
        threads = int(b["name"].split("/")[1])
        out[threads] = (b["real_time"] * scale, b["cpu_time"] * scale, b)
    return out


def secs(x, digits=2):
    return "n/a" if x is None else f"{x:.{digits}f} s"


def bench_cell(value):
    if value is None:
        return "not measured"
    wall, cpu, _ = value
    return f"{wall:.2f} s" if abs(wall - cpu) < 0.1 * wall else f"{wall:.2f} s ({cpu:.2f} s CPU)"


def ratio(a, b):
    return "-" if a is None or b is None or b <= 0 else f"{a / b:.2f}x"


def same_maps(maps, reference):
    """Differences between a browser run's summary and the native counters ('' when none)."""
    diffs = []
    for key in ("instants", "cells", "shadow_cells"):
        if int(maps.get(key, -1)) != int(round(reference[key])):
            diffs.append(f"{key} {maps.get(key)} vs {reference[key]:.0f}")
    lit = maps.get("mean_percent_lit")
    if lit is None or abs(lit - reference["mean_percent_lit"]) > 1e-3:
        diffs.append(f"mean lit {lit} vs {reference['mean_percent_lit']:.6f}")
    return ", ".join(diffs)


def start_screen_table(single, threads):
    print("| Start screen, headless Chromium (SwiftShader), 1280x800 | single-threaded page | "
          "threaded page |")
    print("|---|---|---|")
    rows = (
        ("first frame (from navigation)", "first_frame_s", "s"),
        ("cast shadows ready, after the first frame", "shadows_after_first_frame_s", "s"),
        (f"long tasks over 50 ms (first {single.get('watched_s')} s after the first frame)",
         "long_tasks", ""),
        ("long tasks over 200 ms", "long_tasks_over_200ms", ""),
        ("longest task", "longest_task_ms", "ms"),
        ("main thread blocked by long tasks", "long_task_blocked_s", "s"),
        ("median frame", "median_frame_ms", "ms"),
        ("threads per background job (job_threads)", "job_threads", ""),
    )
    for label, key, unit in rows:
        cells = []
        for r in (single, threads):
            v = r.get(key)
            cells.append("n/a" if v is None else f"{v} {unit}".strip())
        print(f"| {label} | " + " | ".join(cells) + " |")


def main():
    d = sys.argv[1]
    browser = json.load(open(f"{d}/browser.json"))
    native, node = load_bench(f"{d}/native.json"), load_bench(f"{d}/wasm.json")
    node_threads = load_bench(f"{d}/wasm-threads.json")
    start, end = json.load(open(f"{d}/start.json")), json.load(open(f"{d}/end.json"))
    single, threads = browser["single"], browser["threads"]
    req = browser["request"]
    print(f"One run, {start['utc']} to {end['utc']}, load average {start['loadavg']} before and "
          f"{end['loadavg']} after (1, 5, 15 minutes; {threads.get('hardware_concurrency')} "
          "cores).")
    print()
    start_screen_table(single, threads)
    print()
    ref = native.get(1)
    counters = ref[2] if ref else None
    grid = ""
    if counters:
        grid = (f"{counters['grid_width']:.0f}² cells of {counters['cell_m']:.0f} m, "
                f"{counters['directions']:.0f} horizon directions, "
                f"{counters['instants']:.0f} instants")
    print(f"| Illumination maps on the CPU: {req['window_days']:g} days every "
          f"{req['step_hours']:g} h from {req['from']} ({grid}) | native | WebAssembly (node) | "
          "browser, single-threaded page | browser, threaded page | browser / native | "
          "browser / node |")
    print("|---|---|---|---|---|---|---|")
    by_threads = {m["threads_asked"]: m for m in threads.get("maps", [])}
    single_maps = {m["threads_asked"]: m for m in single.get("maps", [])}
    mismatches = []
    for n in (1, 2, 4):
        nat = native.get(n)
        nod = node.get(n) if n == 1 else None
        nod_t = node_threads.get(n)
        node_text = " / ".join(
            t for t in ((f"{bench_cell(nod)} single build" if nod else ""),
                        (f"{bench_cell(nod_t)} threaded build" if nod_t else "")) if t) or "-"
        s, t = single_maps.get(n), by_threads.get(n)
        s_text = (f"{secs(s['job_s'])} of slices, {secs(s['page_s'])} waited" if s else "-")
        t_text = f"{secs(t['job_s'])} ({secs(t['page_s'])} waited)" if t else "-"
        for label, m in (("single", s), ("threaded", t)):
            if m and counters:
                diff = same_maps(m, counters)
                if diff:
                    mismatches.append(f"{label} page, {n} thread(s): {diff}")
                if m.get("threads") != n:
                    mismatches.append(f"{label} page asked {n} threads, used {m.get('threads')}")
        browser_s = t["job_s"] if t else None
        node_s = (nod_t[0] if nod_t else None)
        ratios_native = ratio(browser_s, nat[0] if nat else None)
        ratios_node = ratio(browser_s, node_s)
        if s and n == 1:
            ratios_native += f" threaded, {ratio(s['page_s'], nat[0] if nat else None)} single (waited)"
            ratios_node += f" threaded, {ratio(s['job_s'], nod[0] if nod else None)} single (slices)"
        print(f"| {n} thread{'s' if n > 1 else ''} | {bench_cell(nat)} | {node_text} | {s_text} | "
              f"{t_text} | {ratios_native} | {ratios_node} |")
    print()
    if counters and not mismatches:
        print(f"Same maps everywhere: every browser run's summary equals the native one "
              f"({counters['instants']:.0f} instants, {counters['cells']:.0f} cells, "
              f"{counters['shadow_cells']:.0f} permanently shadowed, mean lit "
              f"{counters['mean_percent_lit']:.4f} %).")
    elif mismatches:
        print("NOT the same maps: " + "; ".join(mismatches))
    errors = single.get("page_errors", []) + threads.get("page_errors", [])
    if errors:
        print("Page errors: " + "; ".join(errors[:5]))
    return 1 if mismatches or not counters else 0


if __name__ == "__main__":
    sys.exit(main())
