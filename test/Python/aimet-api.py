# RUN: %python %s | FileCheck %s
"""The AIMET-shaped flow from Python: quantize a module's weights with
set_grouped_blockwise_quantization_for_weights, export the encodings, import
them into a fresh float module (--lpbq-import-encodings) and get identical
LPBQ weights; for both file formats and a plain blockwise configuration.
Also: text and bytecode round trips, in-place semantics, excluded_nodes and
op_types."""

import json
import os
import re
import tempfile

import lpbq

MODEL = r"""
func.func @mlp(%x: tensor<1x16xf32>, %acc: tensor<1x8xf32>, %acc2: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %w1 = arith.constant dense<[
    [0.12, -0.5, 0.33, 0.9, -0.41, 0.07, 0.28, -0.66], [0.05, 0.61, -0.22, -0.18, 0.73, -0.94, 0.11, 0.36],
    [-0.87, 0.14, 0.52, -0.03, 0.29, 0.48, -0.71, 0.2], [0.44, -0.16, -0.58, 0.81, -0.09, 0.35, 0.62, -0.27],
    [1.9, 0.02, -0.13, 0.4, -0.55, 0.17, -0.38, 0.91], [-0.24, 0.77, 0.06, -0.69, 0.31, -0.12, 0.54, 0.08],
    [0.66, -0.35, 0.21, 0.15, -0.82, 0.59, -0.04, -0.47], [-0.19, 0.43, -0.76, 0.27, 0.1, -0.63, 0.85, 0.32],
    [0.37, 0.09, 0.68, -0.51, 0.23, -0.28, -0.14, 0.72], [-0.6, -0.84, 0.18, 0.39, -0.07, 0.95, 0.26, -0.33],
    [0.03, 0.56, -0.45, -0.2, 0.64, 0.13, -0.92, 0.49], [0.25, -0.11, 0.79, 0.58, -0.36, -0.01, 0.42, -0.74],
    [-0.53, 0.34, -0.08, 0.71, 0.16, -0.42, 0.6, 0.04], [0.88, -0.67, 0.3, -0.26, 0.47, 0.22, -0.15, -0.58],
    [-0.02, 0.26, -0.97, 0.12, -0.31, 0.83, 0.07, 0.45], [0.14, -0.44, 0.5, 0.63, 0.19, -0.77, -0.3, 0.11]]>
    : tensor<16x8xf32> loc("fc1.weight")
  %0 = linalg.matmul ins(%x, %w1 : tensor<1x16xf32>, tensor<16x8xf32>) outs(%acc : tensor<1x8xf32>) -> tensor<1x8xf32> loc("fc1")
  %w2 = arith.constant dense<[
    [0.31, -0.72, 0.05, 0.44], [-0.18, 0.26, -0.93, 0.61], [0.57, 0.12, 0.38, -0.29], [-0.46, 0.81, 0.2, 0.07],
    [0.09, -0.35, 0.66, -0.52], [0.74, 0.03, -0.41, 0.17], [-0.63, 0.49, 0.28, 0.9], [0.22, -0.14, -0.07, -0.38]]>
    : tensor<8x4xf32> loc("fc2.weight")
  %1 = linalg.matmul ins(%0, %w2 : tensor<1x8xf32>, tensor<8x4xf32>) outs(%acc2 : tensor<1x4xf32>) -> tensor<1x4xf32> loc("fc2")
  return %1 : tensor<1x4xf32>
}
"""


def constants(module):
    """The printed lpbq.constant ops (payloads, type and name)."""
    return [line.strip().split(" = ", 1)[1] for line in str(module).splitlines()
            if "lpbq.constant" in line]


tmp = tempfile.mkdtemp()
for version, kwargs in (("1.0.0", dict(block_size=4)),
                        ("2.0.0", dict(block_size=4)),
                        ("1.0.0", dict(block_size=2, block_grouping=1)),
                        ("1.0.0", dict(block_size=4, bitwidth=3, decompressed_bw=6))):
    model = lpbq.Module.parse(MODEL, "mlp.mlir")
    out = lpbq.set_grouped_blockwise_quantization_for_weights(
        model, op_types=("linalg.matmul",), **kwargs)
    assert out is model  # in place, like AIMET's sim
    path = os.path.join(tmp, "mlp-%s.encodings" % version)
    encodings = model.export_encodings(path, version=version)
    entries = encodings["param_encodings" if version == "1.0.0" else "encodings"]
    fresh = lpbq.Module.parse(MODEL, "mlp.mlir")
    fresh.import_encodings(path, decompressed_bw=kwargs.get("decompressed_bw", 8))
    quantized, imported = constants(model), constants(fresh)
    print(version, kwargs, [e["name"] for e in entries],
          "enc_type", sorted({e.get("enc_type") for e in entries}),
          "constants", len(quantized), "identical", quantized == imported,
          "modules identical", str(model) == str(fresh))
# CHECK: 1.0.0 {'block_size': 4} ['fc1.weight', 'fc2.weight'] enc_type ['LPBQ'] constants 2 identical True modules identical True
# CHECK: 2.0.0 {'block_size': 4} ['fc1.weight', 'fc2.weight'] enc_type ['LPBQ'] constants 2 identical True modules identical True
# CHECK: 1.0.0 {'block_size': 2, 'block_grouping': 1} ['fc1.weight', 'fc2.weight'] enc_type ['PER_BLOCK'] constants 2 identical True modules identical True
# CHECK: 1.0.0 {'block_size': 4, 'bitwidth': 3, 'decompressed_bw': 6} ['fc1.weight', 'fc2.weight'] enc_type ['LPBQ'] constants 2 identical True modules identical True

# The exported file is the spec's JSON, readable by anyone.
with open(os.path.join(tmp, "mlp-1.0.0.encodings")) as f:
    entry = json.load(f)["param_encodings"][0]
print(sorted(entry))
# CHECK: ['block_size', 'bw', 'compressed_bw', 'dtype', 'enc_type', 'is_sym', 'name', 'offset', 'per_block_int_scale', 'scale']

# The names AIMET would exclude (weight or layer name); export without a path
# returns the dict only.
model = lpbq.Module.parse(MODEL)
lpbq.set_grouped_blockwise_quantization_for_weights(model, block_size=4, excluded_nodes=["fc1"])
print([e["name"] for e in model.export_encodings()["param_encodings"]])
# CHECK: ['fc2.weight']

# Text and bytecode round trips keep the LPBQ weights.
again = lpbq.Module.parse(str(model))
blob = model.to_bytecode()
from_bytecode = lpbq.Module.parse(blob)
path = os.path.join(tmp, "model.mlirbc")
model.save(path, bytecode=True)
from_file = lpbq.Module.parse_file(path)
print(blob[:4], constants(again) == constants(model) == constants(from_bytecode)
      == constants(from_file))
# CHECK: b'ML\xefR' True

# Remarks of a run are kept (fc2 is [K = 8, N = 4]: not divisible by 16).
model = lpbq.Module.parse(MODEL, "mlp.mlir")
model.quantize(block_size=16)
for d in model.diagnostics:
    print(d)
# CHECK: "fc2": remark: lpbq: weight 'fc2.weight' left unquantized: block axis 0 of size 8 is not divisible by block size 16
