"""Prints Google Benchmark results of the native and WebAssembly runs side by side."""
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


def main():
    native, ctx = load(sys.argv[1])
    wasm, _ = load(sys.argv[2])
    names = [n for n in native if n in wasm]
    missing = sorted(set(native) ^ set(wasm))
    w = max([len("benchmark")] + [len(n) for n in names])
    print(f"{'benchmark':<{w}}  {'native':>12}  {'WebAssembly':>12}  {'wasm/native':>11}")
    print("-" * (w + 43))
    for n in names:
        a, b = to_ns(*native[n]), to_ns(*wasm[n])
        print(f"{n:<{w}}  {fmt(a):>12}  {fmt(b):>12}  {b / a:>10.2f}x")
    mem = [n for n in names if native[n][2] is not None and wasm[n][2] is not None]
    if mem:
        print(f"\n{'measured peak heap':<{w}}  {'native':>12}  {'WebAssembly':>12}")
        for n in mem:
            print(f"{n:<{w}}  {native[n][2]:>9.1f} MiB  {wasm[n][2]:>9.1f} MiB")
    if missing:
        print("\nonly on one side: " + ", ".join(missing))
    print(f"\nhost: {ctx.get('num_cpus', '?')} CPUs, times are wall clock per iteration; "
          "both runs on this machine, one after the other.")
    return 1 if missing or not names else 0


if __name__ == "__main__":
    sys.exit(main())
