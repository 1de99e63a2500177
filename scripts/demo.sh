#!/usr/bin/env bash
# The main job on the bundled examples: installs what is missing, builds, then
# quantizes a linalg MLP and a TOSA conv net with LPBQ (AIMET defaults:
# 4-bit, decompressed 8-bit, block 64), writes their QNN encodings and a
# per-layer quality report, and prints the report.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${LPBQ_BUILD_DIR:-$root/build}"
out="${LPBQ_DEMO_OUT:-$root/out}"
"$root/scripts/build.sh"
mkdir -p "$out"
for model in mlp convnet-tosa; do
  echo "== examples/$model.mlir"
  "$build/bin/lpbq-opt" "$root/examples/$model.mlir" \
    --lpbq-quantize-weights="report=$out/$model.report.json" \
    --lpbq-export-encodings="path=$out/$model.encodings" \
    -o "$out/$model.lpbq.mlir" 2>&1 | sed -n 's/^.*remark: /  remark: /p'
  /usr/bin/python3 - "$out/$model.report.json" <<'PY'
import json, sys
layers = json.load(open(sys.argv[1]))["layers"]
print(f"  {'weight':<16} {'op':<22} {'shape':<14} {'bits/w':>6} {'SQNR LPBQ':>10} {'blockwise':>10} {'per-ch int4':>11}")
fmt = lambda v: f"{v:.2f}" if v is not None else "exact"
for l in layers:
    shape = "x".join(map(str, l["shape"]))
    print(f"  {l['name']:<16} {l['op']:<22} {shape:<14} {l['bits_per_weight']:>6.3f} "
          f"{fmt(l['sqnr_lpbq_db']):>10} {fmt(l['sqnr_blockwise_db']):>10} {fmt(l['sqnr_per_channel_db']):>11}")
PY
  echo "  wrote $out/$model.lpbq.mlir, $out/$model.encodings, $out/$model.report.json"
done
