#!/usr/bin/env python3
"""Turns Google Benchmark JSON (scripts/bench.sh) into the Markdown of RESULTS.md: medians,
xgrad against libtorch (ratio = libtorch time / xgrad time, so > 1 means xgrad is faster), the
fraction of the machine's sgemm throughput reached, and whether each performance target holds."""
import json
import re
import sys

TOY_HIDDEN = 32  # the targets' "toy sizes": hidden <= 32
LARGEST = "batch:256/input:1024/hidden:1024"


def medians(path):
    with open(path) as f:
        data = json.load(f)
    out = {}
    for b in data["benchmarks"]:
        if b.get("run_type") == "aggregate" and b.get("aggregate_name") != "median":
            continue
        out[b.get("run_name", b["name"])] = b
    return data["context"], out


def to_us(b):
    return b["real_time"] * {"ns": 1e-3, "us": 1.0, "ms": 1e3, "s": 1e6}[b["time_unit"]]


def torch_name(name):
    return re.sub(r"^BM_", "BM_Torch", name)


def pairs(runs):
    """(name, xgrad run, libtorch run or None) for every xgrad benchmark."""
    return [(n, b, runs.get(torch_name(n))) for n, b in runs.items() if not n.startswith("BM_Torch")]


def ratio(xgrad, torch):
    return to_us(torch) / to_us(xgrad)


def print_tables(runs):
    print("| benchmark | xgrad (us) | libtorch (us) | libtorch / xgrad | xgrad GFLOP/s |")
    print("|---|---:|---:|---:|---:|")
    for name, b, t in pairs(runs):
        label = f"{name} ({b['label']})" if b.get("label") else name
        torch_us = f"{to_us(t):.2f}" if t else "-"
        r = f"{ratio(b, t):.2f}x" if t else "-"
        rate = f"{b['GFLOP/s']:.1f}" if "GFLOP/s" in b else "-"
        print(f"| {label} | {to_us(b):.2f} | {torch_us} | {r} | {rate} |")


def print_targets(runs):
    print("\n| target | measured | met |")
    print("|---|---|---|")
    for name, b, t in pairs(runs):
        m = re.match(r"BM_GRUCell(ForwardBackward|ForwardBackwardAllInputs|ForwardNoGrad)/batch:\d+/input:\d+/hidden:(\d+)", name)
        if not m or not t:
            continue
        toy = int(m.group(2)) <= TOY_HIDDEN
        need = 5.0 if toy else 1.0
        r = ratio(b, t)
        print(f"| {name}: libtorch / xgrad >= {need:g} | {r:.2f}x | {'yes' if r >= need else 'NO'} |")
    sgemm = runs.get("BM_Sgemm/m:256/n:3072/k:1024")
    big = runs.get(f"BM_GRUCellForwardBackward/{LARGEST}")
    if sgemm and big:
        frac = big['GFLOP/s'] / sgemm['GFLOP/s']
        print(f"| GRUCell forward+backward at (256,1024,1024) >= 70% of sgemm | {big['GFLOP/s']:.1f} of "
              f"{sgemm['GFLOP/s']:.1f} GFLOP/s = {100 * frac:.0f}% | {'yes' if frac >= 0.7 else 'NO'} |")
    for op in ("Add", "Mul", "Sigmoid"):
        b = runs.get(f"BM_{op}/1")
        if b:
            ns = to_us(b) * 1e3
            print(f"| recorded {op} on a 4x4 tensor < 1 us | {ns:.0f} ns | {'yes' if ns < 1000 else 'NO'} |")


def main(path):
    context, runs = medians(path)
    print(f"Machine: {context.get('num_cpus')} CPUs at {context.get('mhz_per_cpu')} MHz; "
          f"run on {context.get('date')}; library build: {context.get('library_build_type')}\n")
    print_tables(runs)
    print_targets(runs)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "benchmarks/results.json")
