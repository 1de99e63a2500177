# RUN: rm -rf %t && mkdir -p %t
# RUN: %python %s %t | FileCheck %s
"""python -m lpbq.report on the bundled example: quantize examples/mlp.mlir
with a report (through the Python API), print the table and render the PNG
plot (matplotlib, Agg backend)."""

import os
import subprocess
import sys

import lpbq
from lpbq import report

out = sys.argv[1]
src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples", "mlp.mlir")
model = lpbq.Module.parse_file(src)
path = os.path.join(out, "mlp.report.json")
lpbq.set_grouped_blockwise_quantization_for_weights(model, block_size=16, report=path)
data = report.load_report(path)
print([layer["name"] for layer in data["layers"]])
# CHECK: ['fc1.weight', 'fc2.weight', 'fc3.weight']

# The command line, as a user runs it.
png = os.path.join(out, "mlp.png")
proc = subprocess.run([sys.executable, "-m", "lpbq.report", path, "--plot", png],
                      capture_output=True, text=True)
print(proc.returncode, proc.stderr.strip())
print(proc.stdout)
# CHECK: 0
# CHECK: layer       op             shape     ch  blocks  bs  bits/w  bw fp16  pc bits  LPBQ dB  blockwise dB  per-ch dB  LPBQ-bw dB
# CHECK: fc1.weight  linalg.matmul  784x256  256      49  16  4.2908   5.0000   4.0408    20.90         21.31      11.62       -0.41
# CHECK: fc2.weight  linalg.matmul  256x128  128      16  16  4.3750   5.0000   4.1250    20.93         21.16      14.54       -0.23
# CHECK: fc3.weight  linalg.matmul  128x10    10       8  16  4.5000   5.0000   4.2500    21.45         21.53      18.01       -0.07
# CHECK: 3 weights quantized, 939008 -> 133624 bytes (7.0x smaller)
# CHECK: wrote {{.*}}mlp.png

with open(png, "rb") as f:
    head = f.read(24)
width, height = int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
print("png", head[:8] == b"\x89PNG\r\n\x1a\n", width, height, os.path.getsize(png) > 20000)
# CHECK: png True 1200 1080 True

# Exact reconstructions (SQNR null) print as "exact"; a bad report is an error.
data["layers"][0]["sqnr_lpbq_db"] = None
print(report.format_table(data).splitlines()[2].split()[9])
# CHECK: exact
report.plot_report(data, os.path.join(out, "exact.svg"))
print("svg", open(os.path.join(out, "exact.svg")).read().count("<svg") >= 1)
# CHECK: svg True
bad = os.path.join(out, "bad.json")
with open(bad, "w") as f:
    f.write('{"layers": [{"name": "x"}]}')
proc = subprocess.run([sys.executable, "-m", "lpbq.report", bad], capture_output=True, text=True)
print(proc.returncode, proc.stderr.strip())
# CHECK: 1 error: {{.*}}bad.json: layers[0]: missing op, shape, channels, blocks, block_size, bits_per_weight, sqnr_lpbq_db, sqnr_blockwise_db, sqnr_per_channel_db
