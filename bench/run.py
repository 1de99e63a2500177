#!/usr/bin/python3
"""Runs the lpbq benchmarks and prints a table of medians and ratios.

Everything is measured in this one run (absolute times drift on shared
machines; ratios taken in the same run are what we quote):
  1. encode: the C++ core on 4096x4096 and 14336x4096 float32 weights,
     1 thread and all threads (lpbq-bench), and the numpy reference
     (python/lpbq/reference.py) on the same shapes;
  2. the machine's streaming-read bandwidth (lpbq-bench);
  3. dequant: the generated vector loop (JIT) vs hand-written C++
     (lpbq-kernel-bench);
  4. gemv/gemm: the fused LPBQ kernel vs the float32 kernel of the same
     pipeline and a hand-written float32 GEMV (lpbq-kernel-bench);
  5. compiler end to end on a bytecode model with >= 256 MB of weights
     (bench/e2e.py).
Writes a PNG chart with --plot (Debian's python3-matplotlib).
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


def kernel_table(rows, bw):
    kern = [r for r in rows if r["bench"] in ("dequant", "gemv", "gemm")]
    if not kern:
        return
    print()
    print(f"{'kernel':>8} {'shape':>11} {'M':>2} {'impl':<26} {'G w/s':>7} "
          f"{'ratio':>24} {'of read bw':>10}")
    for bench in ("dequant", "gemv", "gemm"):
        for shape in sorted({tuple(r["shape"]) for r in kern}):
            sel = [r for r in kern if r["bench"] == bench
                   and tuple(r["shape"]) == shape]
            if not sel:
                continue
            base = {r["impl"]: r["gweights_per_s"] for r in sel}
            for r in sel:
                ratio = ""
                if r["impl"] == "generated-vector" and "hand-written-c++" in base:
                    ratio = f"{r['gweights_per_s'] / base['hand-written-c++']:.2f}x hand-written"
                elif r["impl"] == "generated-lpbq-fused":
                    parts = []
                    if "generated-float32" in base:
                        parts.append(f"{r['gweights_per_s'] / base['generated-float32']:.1f}x gen-f32")
                    if "hand-written-float32-c++" in base:
                        parts.append(f"{r['gweights_per_s'] / base['hand-written-float32-c++']:.1f}x hw-f32")
                    ratio = ", ".join(parts)
                # Bytes read per weight: 4-bit packed LPBQ 0.5, float 4.
                frac = ""
                if bw and bench in ("gemv", "gemm"):
                    bpw = 0.5 if "lpbq" in r["impl"] else 4.0
                    frac = f"{r['gweights_per_s'] * bpw / bw:.0%}"
                print(f"{bench:>8} {'x'.join(map(str, shape)):>11} {r['batch']:>2} "
                      f"{r['impl']:<26} {r['gweights_per_s']:>7.2f} {ratio:>24} {frac:>10}")


def e2e_table(rows):
    e2e = {r["impl"]: r for r in rows if r["bench"] == "e2e"}
    if "quantize" not in e2e:
        return
    q, p = e2e["quantize"], e2e["parse+print"]
    wb = q["weight_bytes"]
    print()
    print(f"compiler end to end, {wb / 2**20:.0f} MiB of float32 weights (bytecode):")
    print(f"  parse+print {p['seconds']:.2f} s, peak {p['peak_rss_bytes'] / 2**20:.0f} MiB")
    print(f"  quantize    {q['seconds']:.2f} s, peak {q['peak_rss_bytes'] / 2**20:.0f} MiB"
          f"  -> {q['seconds'] / p['seconds']:.2f}x time, "
          f"{q['peak_rss_bytes'] / wb:.2f}x weights in memory")
    f = e2e.get("quantized-file")
    if f:
        print(f"  output file {f['bytes'] / 2**20:.0f} MiB ({f['bytes'] / wb:.3f}x)")


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--numpy-repeats", type=int, default=3)
    ap.add_argument("--small", action="store_true",
                    help="tiny shapes (a smoke run, not a measurement)")
    ap.add_argument("--plot", help="write a PNG chart here")
    ap.add_argument("--json", help="write all measurements here")
    ap.add_argument("--no-kernels", action="store_true")
    ap.add_argument("--no-e2e", action="store_true")
    args = ap.parse_args()

    rows = run_cpp(args.build, args.repeats, args.small)
    if not args.no_kernels:
        cmd = [os.path.join(args.build, "bin", "lpbq-kernel-bench"),
               "--repeats", str(args.repeats)] + (["--small"] if args.small else [])
        out = subprocess.run(cmd, check=True, capture_output=True,
                             text=True).stdout
        rows += [json.loads(l) for l in out.splitlines() if l.strip()]
    if not args.no_e2e:
        cmd = [sys.executable, os.path.join(ROOT, "bench", "e2e.py"),
               "--build", args.build] + (["--layers", "1", "--n", "512",
                                          "--k", "512"] if args.small else [])
        out = subprocess.run(cmd, check=True, capture_output=True,
                             text=True).stdout
        rows += [json.loads(l) for l in out.splitlines() if l.strip()]
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
    kernel_table(rows, bw)
    e2e_table(rows)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=1)
    if args.plot:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        kern = [r for r in rows if r["bench"] in ("dequant", "gemv", "gemm")]
        fig, axes = plt.subplots(1, 2 if kern else 1, figsize=(13 if kern else 7, 4.5))
        axes = axes if kern else [axes]
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
        ax = axes[0]
        ax.bar(range(len(values)), values, color="tab:blue")
        ax.set_xticks(range(len(values)), labels, fontsize=7)
        ax.set_ylabel("G weights/s")
        ax.set_yscale("log")
        ax.set_title("LPBQ encoding (aimet-torch, block 64)")
        if kern:
            ax = axes[1]
            colors = {"generated-vector": "tab:green",
                      "generated-lpbq-fused": "tab:green",
                      "hand-written-c++": "tab:gray",
                      "hand-written-float32-c++": "tab:gray",
                      "generated-float32": "tab:red"}
            labels = [f"{r['bench']} M={r['batch']}\n{'x'.join(map(str, r['shape']))}\n{r['impl']}"
                      for r in kern]
            ax.bar(range(len(kern)), [r["gweights_per_s"] for r in kern],
                   color=[colors.get(r["impl"], "tab:blue") for r in kern])
            ax.set_xticks(range(len(kern)), labels, fontsize=5, rotation=90)
            ax.set_ylabel("G weights/s")
            ax.set_yscale("log")
            ax.set_title("generated kernels (green) vs hand-written (gray), float (red)")
        fig.tight_layout()
        fig.savefig(args.plot, dpi=120)
        print(f"plot: {args.plot}")


if __name__ == "__main__":
    main()
