#!/usr/bin/env python3
"""Turns Google Benchmark JSON (scripts/bench.sh) into the Markdown tables of RESULTS.md:
medians, xgrad against libtorch (ratio = libtorch time / xgrad time, so > 1 means xgrad is
faster), and the fraction of the machine's sgemm throughput reached."""
import json
import re
import sys


def medians(path):
    with open(path) as f:
        data = json.load(f)
    out = {}
    for b in data["benchmarks"]:
        if b.get("aggregate_name", "median") != "median":
            continue
        name = re.sub(r"_median$", "", b["run_name"] if "run_name" in b else b["name"])
        out[name] = b
    return data["context"], out


def to_us(b):
    scale = {"ns": 1e-3, "us": 1.0, "ms": 1e3, "s": 1e6}[b["time_unit"]]
    return b["real_time"] * scale


def main(path):
    context, runs = medians(path)
    print(f"Machine: {context.get('num_cpus')} CPUs at {context.get('mhz_per_cpu')} MHz; "
          f"run on {context.get('date')}; library build: {context.get('library_build_type')}\n")
    print("| benchmark | case | xgrad (us) | libtorch (us) | libtorch / xgrad |")
    print("|---|---|---:|---:|---:|")
    for name, b in runs.items():
        m = re.match(r"BM_(GRUCell\w+)/(.*)", name)
        if not m:
            continue
        torch = runs.get(f"BM_Torch{m.group(1)}/{m.group(2)}")
        t = to_us(b)
        if torch:
            tt = to_us(torch)
            print(f"| {m.group(1)} | {m.group(2)} | {t:.2f} | {tt:.2f} | {tt / t:.2f}x |")
        else:
            print(f"| {m.group(1)} | {m.group(2)} | {t:.2f} | - | - |")
    print("\n| benchmark | time (us) | GFLOP/s |")
    print("|---|---:|---:|")
    for name, b in runs.items():
        if name.startswith("BM_GRUCell") or name.startswith("BM_TorchGRUCell"):
            continue
        rate = b.get("GFLOP/s")
        print(f"| {name} | {to_us(b):.3f} | {rate:.1f} |" if rate else f"| {name} | {to_us(b):.3f} | - |")
    sgemm = runs.get("BM_Sgemm/m:256/n:3072/k:1024")
    big = runs.get("BM_GRUCellForwardBackward/batch:256/input:1024/hidden:1024")
    if sgemm and big and "GFLOP/s" in sgemm and "GFLOP/s" in big:
        print(f"\nGRUCell forward+backward at (256,1024,1024): {big['GFLOP/s']:.1f} GFLOP/s = "
              f"{100 * big['GFLOP/s'] / sgemm['GFLOP/s']:.0f}% of sgemm's {sgemm['GFLOP/s']:.1f} GFLOP/s")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "benchmarks/results.json")
