#!/usr/bin/python3
"""Compiler end to end: lpbq-opt --lpbq-quantize-weights on a bytecode model
with >= 256 MB of float32 weights in dense_resource blobs, against lpbq-opt
parse + print of the same file alone; wall time (median) and peak RSS
(/usr/bin/time -v). Prints JSON lines."""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np


def make_model(path_text, layers, n, k):
    rng = np.random.default_rng(7)
    lines = []
    blobs = []
    t = f"tensor<{n}x{k}xf32>"
    args = ", ".join(f"%x{i}: tensor<1x{k}xf32>" for i in range(layers))
    lines.append(f"func.func @model({args}) -> tensor<1x{n}xf32> {{")
    lines.append(f"  %z = arith.constant 0.0 : f32")
    lines.append(f"  %e = tensor.empty() : tensor<1x{n}xf32>")
    lines.append(f"  %acc0 = linalg.fill ins(%z : f32) outs(%e : tensor<1x{n}xf32>) -> tensor<1x{n}xf32>")
    for i in range(layers):
        lines.append(f'  %w{i} = arith.constant dense_resource<w{i}> : {t} loc("layer{i}.weight")')
        lines.append(
            f"  %acc{i + 1} = linalg.matmul indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, "
            f"affine_map<(d0, d1, d2) -> (d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>] "
            f"ins(%x{i}, %w{i} : tensor<1x{k}xf32>, {t}) outs(%acc{i} : tensor<1x{n}xf32>) -> tensor<1x{n}xf32>")
        w = rng.standard_normal((n, k), dtype=np.float32) * np.float32(0.02)
        blobs.append(f'      w{i}: "0x04000000{w.tobytes().hex()}"')
    lines.append(f"  return %acc{layers} : tensor<1x{n}xf32>")
    lines.append("}")
    with open(path_text, "w") as f:
        f.write("\n".join(lines))
        f.write("\n{-#\n  dialect_resources: {\n    builtin: {\n")
        f.write(",\n".join(blobs))
        f.write("\n    }\n  }\n#-}\n")


def timed(cmd):
    t0 = time.perf_counter()
    r = subprocess.run(["/usr/bin/time", "-v"] + cmd, capture_output=True,
                       text=True)
    dt = time.perf_counter() - t0
    if r.returncode != 0:
        sys.exit(f"error: {' '.join(cmd)} failed:\n{r.stderr[-2000:]}")
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)",
                        r.stderr).group(1))
    return dt, rss * 1024


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--build", required=True)
    ap.add_argument("--layers", type=int, default=4)
    ap.add_argument("--n", type=int, default=4096)
    ap.add_argument("--k", type=int, default=4096)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    opt = os.path.join(args.build, "bin", "lpbq-opt")
    weight_bytes = args.layers * args.n * args.k * 4
    with tempfile.TemporaryDirectory() as d:
        text = os.path.join(d, "model.mlir")
        bc = os.path.join(d, "model.mlirbc")
        out = os.path.join(d, "out.mlirbc")
        make_model(text, args.layers, args.n, args.k)
        subprocess.run([opt, text, "--emit-bytecode", "-o", bc], check=True)
        os.unlink(text)
        results = {}
        for name, extra in [("parse+print", []),
                            ("quantize", ["--lpbq-quantize-weights"])]:
            runs = [timed([opt, bc, "--emit-bytecode", "-o", out] + extra)
                    for _ in range(args.repeats)]
            results[name] = (statistics.median(r[0] for r in runs),
                             max(r[1] for r in runs))
        out_bytes = os.path.getsize(out)
    for name, (secs, rss) in results.items():
        print(json.dumps({"bench": "e2e", "impl": name, "seconds": secs,
                          "peak_rss_bytes": rss, "weight_bytes": weight_bytes}))
    print(json.dumps({"bench": "e2e", "impl": "quantized-file",
                      "bytes": out_bytes, "weight_bytes": weight_bytes}))


if __name__ == "__main__":
    main()
