"""Prints Google Benchmark results of the native, WebAssembly and threaded WebAssembly runs side
by side, then the explorer's browser timings (tests/browser/variants.spec.mjs JSON files).

Usage: bench_table.py NATIVE.json WASM.json [WASM_THREADS.json [BROWSER.json ...]]
"""
import json
import sys


def load(path):
    with open(path) as f:
        data = json.load(f)
    out = {}
    for b in data["benchmarks"]:
        if b.get("run_type", "iteration") != "iteration" or b.get("error_occurred"):
            continue
        out[b["name"]] = (b["real_time"], b["time_unit"], b.get("peak_heap_MiB"))
    return out, data.get("context", {})


def to_ns(value, unit, *_):
    return value * {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}[unit]


def fmt(ns):
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("us", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3f} {unit}"
    return f"{ns:.1f} ns"


BROWSER_ROWS = [
    ("first frame", "first_frame_s", "s"),
    ("shadows ready after the first frame", "shadows_after_first_frame_s", "s"),
    ("long tasks (> 50 ms) after the first frame", "long_tasks", ""),
    ("long tasks over 200 ms", "long_tasks_over_200ms", ""),
    ("longest task", "longest_task_ms", "ms"),
    ("main thread blocked by long tasks", "long_task_blocked_s", "s"),
    ("median frame", "median_frame_ms", "ms"),
]


def browser_table(paths):
    runs = []
    for p in paths:
        with open(p) as f:
            runs.append(json.load(f))
    if not runs:
        return
    names = [f"{r['variant']} ({r.get('job_threads', '?')} job threads)" for r in runs]
    w = max(len(n) for n, _, _ in BROWSER_ROWS)
    print(f"\n{'explorer in headless Chromium':<{w}}  " + "  ".join(f"{n:>24}" for n in names))
    print("-" * (w + 26 * len(names)))
    for label, key, unit in BROWSER_ROWS:
        cells = []
        for r in runs:
            v = r.get(key)
            cells.append("n/a" if v is None else f"{v} {unit}".strip())
        print(f"{label:<{w}}  " + "  ".join(f"{c:>24}" for c in cells))
    r = runs[0]
    print(f"({r['viewport']}, SwiftShader, {r['hardware_concurrency']} cores, "
          f"{r['watched_s']} s watched after the first frame)")


def main():
    if len(sys.argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    native, ctx = load(sys.argv[1])
    wasm, _ = load(sys.argv[2])
    threads = load(sys.argv[3])[0] if len(sys.argv) > 3 else None
    names = [n for n in native if n in wasm]
    missing = sorted(set(native) ^ set(wasm))
    w = max([len("benchmark")] + [len(n) for n in names])
    head = f"{'benchmark':<{w}}  {'native':>12}  {'WebAssembly':>12}  {'wasm/native':>11}"
    if threads is not None:
        head += f"  {'wasm+threads':>12}  {'ratio':>8}"
    print(head)
    print("-" * (len(head)))
    for n in names:
        a, b = to_ns(*native[n]), to_ns(*wasm[n])
        line = f"{n:<{w}}  {fmt(a):>12}  {fmt(b):>12}  {b / a:>10.2f}x"
        if threads is not None:
            if n in threads:
                c = to_ns(*threads[n])
                line += f"  {fmt(c):>12}  {c / a:>7.2f}x"
            else:
                line += f"  {'-':>12}  {'':>8}"
        print(line)
    mem = [n for n in names if native[n][2] is not None and wasm[n][2] is not None]
    if mem:
        print(f"\n{'measured peak heap':<{w}}  {'native':>12}  {'WebAssembly':>12}")
        for n in mem:
            print(f"{n:<{w}}  {native[n][2]:>9.1f} MiB  {wasm[n][2]:>9.1f} MiB")
    if missing:
        print("\nonly on one side: " + ", ".join(missing))
    print(f"\nhost: {ctx.get('num_cpus', '?')} CPUs, times are wall clock per iteration; "
          "all runs on this machine, one after the other. The single-threaded WebAssembly runs "
          "its 'threads' rows on one thread; wasm+threads is the pthread build under node.")
    browser_table(sys.argv[4:])
    return 1 if missing or not names else 0


if __name__ == "__main__":
    sys.exit(main())
