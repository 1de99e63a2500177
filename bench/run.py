#!/usr/bin/python3
"""Runs the lpbq benchmarks and prints a table of medians and ratios.

Everything is measured in this one run (absolute times drift on shared
machines; ratios taken in the same run are what we quote):
  - the machine's streaming-read bandwidth (lpbq-bench),
  - the C++ encoding core on 4096x4096 and 14336x4096 float32 weights,
    1 thread and all threads (lpbq-bench),
  - the numpy reference (python/lpbq/reference.py) on the same shapes.
Optionally writes a PNG bar chart (--plot FILE, Debian's python3-matplotlib).
"""

import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "python"))
from lpbq import reference  # noqa: E402


def run_cpp(build, repeats, small):
    cmd = [os.path.join(build, "bin", "lpbq-bench"), "--repeats", str(repeats)]
    if small:
        cmd.append("--small")
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def run_numpy(shape, repeats):
    rng = np.random.default_rng(42)
    w = rng.normal(0.0, 0.02, size=shape).astype(np.float32)
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        reference.compute_encodings(w, channel_axis=0, block_axis=1,
                                    block_size=64)
        times.append(time.perf_counter() - t0)
    s = sorted(times)[len(times) // 2]
    return {"bench": "encode_numpy", "shape": list(shape), "seconds": s,
            "gweights_per_s": w.size / s / 1e9}


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--numpy-repeats", type=int, default=3)
    ap.add_argument("--small", action="store_true",
                    help="tiny shapes (a smoke run, not a measurement)")
    ap.add_argument("--plot", help="write a PNG chart here")
    ap.add_argument("--json", help="write all measurements here")
    args = ap.parse_args()

    rows = run_cpp(args.build, args.repeats, args.small)
    shapes = sorted({tuple(r["shape"]) for r in rows if r["bench"] == "encode"})
    for shape in shapes:
        rows.append(run_numpy(shape, args.numpy_repeats))

    bw = next((r["gbytes_per_s"] for r in rows
               if r["bench"] == "read_bandwidth"), None)
    if bw:
        print(f"streaming read bandwidth: {bw:.1f} GB/s "
              f"({bw / 4:.2f} G float32/s)")
    print(f"{'shape':>12} {'C++ 1 thr':>11} {'C++ all':>11} {'thr':>4} "
          f"{'numpy':>9} {'C++1/numpy':>11} {'all/1':>6}   (G weights/s)")
    for shape in shapes:
        enc = [r for r in rows if r["bench"] == "encode"
               and tuple(r["shape"]) == shape]
        one = next(r for r in enc if r["threads"] == 1)
        best = max(enc, key=lambda r: r["threads"])
        npy = next(r for r in rows if r["bench"] == "encode_numpy"
                   and tuple(r["shape"]) == shape)
        print(f"{'x'.join(map(str, shape)):>12} {one['gweights_per_s']:>11.3f} "
              f"{best['gweights_per_s']:>11.3f} {best['threads']:>4} "
              f"{npy['gweights_per_s']:>9.4f} "
              f"{one['gweights_per_s'] / npy['gweights_per_s']:>10.1f}x "
              f"{best['gweights_per_s'] / one['gweights_per_s']:>5.2f}x")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=1)
    if args.plot:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        fig, ax = plt.subplots(figsize=(7, 4))
        labels, values = [], []
        for shape in shapes:
            tag = "x".join(map(str, shape))
            for r in rows:
                if tuple(r.get("shape", ())) != shape:
                    continue
                if r["bench"] == "encode":
                    labels.append(f"C++ {r['threads']}t\n{tag}")
                elif r["bench"] == "encode_numpy":
                    labels.append(f"numpy\n{tag}")
                else:
                    continue
                values.append(r["gweights_per_s"])
        ax.bar(range(len(values)), values)
        ax.set_xticks(range(len(values)), labels, fontsize=7)
        ax.set_ylabel("G weights/s")
        ax.set_yscale("log")
        ax.set_title("LPBQ encoding (aimet-torch, block 64)")
        fig.tight_layout()
        fig.savefig(args.plot, dpi=120)
        print(f"plot: {args.plot}")


if __name__ == "__main__":
    main()
