#!/usr/bin/env bash
# Peak memory of quantizing one big weight that a bytecode file holds as a
# dense_resource blob: generates a linalg.matmul model with a ROWS x COLS f32
# weight (default 8192 x 8192 = 64M floats = 256 MB) in both layouts ([K, N],
# the default matmul, and [N, K], transposed-B maps), converts it to bytecode
# and measures with /usr/bin/time -v the maximum resident set size of
#
#   lpbq-opt big.mlirbc --emit-bytecode -o out.mlirbc                 (parse + print)
#   lpbq-opt big.mlirbc --lpbq-quantize-weights --emit-bytecode -o out.mlirbc
#
# and prints both, their difference and the difference in units of the
# float weight's size. Needs about 3 x the weight size of disk in
# ${LPBQ_BIG_DIR:-/tmp} and python3-numpy. Not part of the test suite.
#
#   scripts/big-weight.sh              # 8192 x 8192
#   scripts/big-weight.sh 4096 4096
#   LPBQ_OPT=build-release/bin/lpbq-opt scripts/big-weight.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rows="${1:-8192}"
cols="${2:-8192}"
opt="${LPBQ_OPT:-${LPBQ_BUILD_DIR:-$root/build}/bin/lpbq-opt}"
[ -x "$opt" ] || { echo "lpbq-opt not found at $opt (set LPBQ_OPT)"; exit 1; }
dir="$(mktemp -d "${LPBQ_BIG_DIR:-/tmp}/lpbq-big.XXXXXX")"
trap 'rm -rf "$dir"' EXIT

peak_mb() { # command... -> prints peak RSS in MB
  /usr/bin/time -v "$@" 2> "$dir/time.log" > /dev/null || {
    cat "$dir/time.log"; echo "command failed: $*" >&2; exit 1; }
  awk '/Maximum resident set size/ { printf "%.0f", $NF / 1024 }' "$dir/time.log"
}

weight_mb=$(( rows * cols * 4 / 1048576 ))
echo "weight: ${rows} x ${cols} f32 = ${weight_mb} MB, lpbq-opt: $opt"
for layout in kn nk; do
  /usr/bin/python3 - "$dir/big.mlir" "$rows" "$cols" "$layout" <<'PY'
import sys
import numpy as np
path, rows, cols, layout = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
if layout == "kn":  # weight [K, N] = [rows, cols]
    k, n = rows, cols
    maps = ""
else:               # weight [N, K] = [rows, cols], transposed-B maps
    n, k = rows, cols
    maps = ("indexing_maps = [affine_map<(m, n, k) -> (m, k)>, "
            "affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>] ")
rng = np.random.default_rng(0)
with open(path, "w") as f:
    f.write(f"""func.func @fc(%x: tensor<1x{k}xf32>, %acc: tensor<1x{n}xf32>) -> tensor<1x{n}xf32> {{
  %w = arith.constant dense_resource<big_weight> : tensor<{rows}x{cols}xf32>
  %0 = linalg.matmul {maps}ins(%x, %w : tensor<1x{k}xf32>, tensor<{rows}x{cols}xf32>) outs(%acc : tensor<1x{n}xf32>) -> tensor<1x{n}xf32>
  return %0 : tensor<1x{n}xf32>
}}
{{-#
  dialect_resources: {{
    builtin: {{
      big_weight: "0x04000000""")
    chunk = 1 << 22
    for start in range(0, rows * cols, chunk):
        count = min(chunk, rows * cols - start)
        f.write(rng.standard_normal(count, dtype=np.float32).tobytes().hex().upper())
    f.write('"\n    }\n  }\n#-}\n')
PY
  "$opt" "$dir/big.mlir" --emit-bytecode -o "$dir/big.mlirbc"
  rm -f "$dir/big.mlir"
  base=$(peak_mb "$opt" "$dir/big.mlirbc" --emit-bytecode -o "$dir/out.mlirbc")
  quant=$(peak_mb "$opt" "$dir/big.mlirbc" --lpbq-quantize-weights --emit-bytecode -o "$dir/out.mlirbc")
  out_mb=$(( $(stat -c %s "$dir/out.mlirbc") / 1048576 ))
  delta=$(( quant - base ))
  ratio=$(awk -v d="$delta" -v w="$weight_mb" 'BEGIN { printf "%.2f", d / w }')
  weight_layout=$([ "$layout" = kn ] && echo "[K, N]" || echo "[N, K]")
  echo "layout $weight_layout: parse+print ${base} MB, quantize ${quant} MB peak RSS;" \
       "quantize - parse+print = ${delta} MB = ${ratio} x the float weight (output ${out_mb} MB)"
done
