"""Prints the issue-17 table from one scripts/bench_illumination run.

Usage: bench_illumination_table.py DIR [GRASS.json]
DIR holds native.json, wasm.json, wasm-threads.json, gpu-512.json and gpu-1024.json (Google
Benchmark JSON; gpu-N.failed.json where a GPU size ran past its limit or failed), start.json and
end.json (UTC time and load average); GRASS.json is scripts/grass_horizon_check --json output.
"""
import json
import os
import sys


def load(path):
    if not os.path.exists(path):
        return {}
    with open(path) as f:
        data = json.load(f)
    out = {}
    for b in data["benchmarks"]:
        if b.get("run_type", "iteration") != "iteration" or b.get("error_occurred"):
            continue
        scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[b["time_unit"]]
        out[b["name"].split("/iterations")[0]] = (b["real_time"] * scale, b["cpu_time"] * scale)
    return out


def gpu_cell(d, n):
    """The GPU path's year map at n x n: its time, or why there is none."""
    times = load(f"{d}/gpu-{n}.json")
    value = times.get(f"BM_IlluminationGpuLolaYear/{n}/256")
    if value:  # wall time only: a software rasteriser draws on threads of its own
        return f"{value[0]:.1f} s"
    failed = f"{d}/gpu-{n}.failed.json"
    if os.path.exists(failed):
        f = json.load(open(failed))
        if f["rc"] in (124, 137):
            return f"over {f['limit_s']} s (stopped at the limit)"
        return f"failed (exit status {f['rc']} after {f['seconds']} s)"
    return "not measured"


def gpu_renderer(d):
    for n in (512, 1024):
        path = f"{d}/gpu-{n}.json"
        if os.path.exists(path):
            return json.load(open(path))["context"].get("gl_renderer")
    return None


def seconds(value):
    """Wall time, and the calling thread's CPU time when it differs (a loaded machine)."""
    if value is None:
        return "not measured"
    wall, cpu = value
    return f"{wall:.2f} s" if abs(wall - cpu) < 0.1 * wall else f"{wall:.2f} s ({cpu:.2f} s CPU)"


def main():
    d = sys.argv[1]
    native, wasm = load(f"{d}/native.json"), load(f"{d}/wasm.json")
    threads = load(f"{d}/wasm-threads.json")
    start = json.load(open(f"{d}/start.json"))
    end = json.load(open(f"{d}/end.json"))
    grass = json.load(open(sys.argv[2])) if len(sys.argv) > 2 else None
    print(f"One run, {start['utc']} to {end['utc']}, load average {start['loadavg']} before and "
          f"{end['loadavg']} after (1, 5, 15 minutes; 2 cores).")
    print()
    print("| Benchmark: wall time (CPU time of the calling thread where it differs by over 10%) | native, 1 thread | native, 2 threads | WebAssembly (node), "
          "1 thread | WebAssembly (node), 2 threads | GPU (SwiftShader / llvmpipe) |")
    print("|---|---|---|---|---|---|")
    rows = (
        ("Illumination map, year hourly (8784 instants), LOLA 512²",
         "BM_IlluminationLolaYear/512/{}/0"),
        ("Illumination map, year hourly (8784 instants), LOLA 1024²",
         "BM_IlluminationLolaYear/1024/{}/0"),
        ("Horizon map 1024², 64 directions, 2 sweep lines per cell", "BM_HorizonMap/1024/{}/2"),
    )
    for label, name in rows:
        cells = (native.get(name.format(1)), native.get(name.format(2)), wasm.get(name.format(1)),
                 threads.get(name.format(2)))
        g = gpu_cell(d, name.split("/")[1]) if name.startswith("BM_IlluminationLolaYear") else "-"
        print(f"| {label} | " + " | ".join(seconds(c) for c in cells) + f" | {g} |")
    renderer = gpu_renderer(d)
    ref = native.get("BM_IlluminationLolaYear/512/1/1")
    fast = native.get("BM_IlluminationLolaYear/512/1/0")
    if ref:
        print("| Illumination map, year hourly, LOLA 512², per-instant reference (the plain "
              f"definition) | {seconds(ref)} | - | - | - | - |")
    if grass:
        k = grass["compared_directions"]
        scaled = grass["grass_s_scaled_to_all"]
        print(f"| GRASS r.horizon, same 1024² DEM, 64 directions ({k} run, x {64 // k}) | "
              f"{scaled:.1f} s | - | - | - | - |")
        print()
        h1, h2 = native.get("BM_HorizonMap/1024/1/2"), native.get("BM_HorizonMap/1024/2/2")
        parts = []
        if h2:
            parts.append(f"{scaled / h2[0]:.0f}x on 2 threads")
        if h1:
            parts.append(f"{scaled / h1[0]:.0f}x on 1 thread")
        print("r.horizon wall time / ce8 horizon map wall time (same run): " + ", ".join(parts) +
              ".")
    if renderer:
        print(f"GPU column: ce8_bench_gpu in the same run, GL renderer \"{renderer}\" (256 "
              "instants per pass; uploads, passes, read-back and the CPU-decided cells timed).")
    if ref and fast:
        print(f"Per-instant reference / sector tables (512², 1 thread): {ref[0] / fast[0]:.1f}x "
              f"in wall time, {ref[1] / fast[1]:.1f}x in CPU time.")


if __name__ == "__main__":
    main()
