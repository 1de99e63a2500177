# RUN: %python %s | FileCheck %s
"""Errors surface as lpbq.LPBQError carrying the MLIR diagnostics with their
locations (file:line:col of the parsed buffer); a failing pass leaves the
module unchanged."""

import os
import tempfile

import lpbq


def report(what, fn):
    try:
        fn()
        print(what, "no error")
    except lpbq.LPBQError as e:
        print(what, "->", e.message)
        for d in e.diagnostics:
            print("  ", d)


# Parse errors: the location in the named buffer.
report("parse", lambda: lpbq.Module.parse("func.func @f() {\n  %0 = foo.bar\n}\n", "bad.mlir"))
# CHECK: parse -> cannot parse the module
# CHECK-NEXT: bad.mlir:2:8: error: Dialect `foo' not found for custom op 'foo.bar'
report("file", lambda: lpbq.Module.parse_file("/no/such/file.mlir"))
# CHECK: file -> cannot parse '/no/such/file.mlir'
# CHECK-NEXT: <unknown location>: error: cannot open '/no/such/file.mlir': {{.*}}

# Verifier errors are parse errors too.
report("verify", lambda: lpbq.Module.parse(
    "func.func @f() -> tensor<2x8xf32> {\n"
    "  %w = lpbq.constant values(dense<0> : tensor<8xi8>) int_scales(dense<0> : tensor<2x2xi8>)"
    " scales(dense<1.0> : tensor<2x1xf32>) : !lpbq.weight<tensor<2x8xf32>,"
    " #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>\n"
    "  %f = lpbq.dequantize %w : !lpbq.weight<tensor<2x8xf32>,"
    " #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>\n"
    "  return %f : tensor<2x8xf32>\n}\n", "invalid.mlir"))
# CHECK: verify -> cannot parse the module
# CHECK-NEXT: invalid.mlir:2:8: error: 'lpbq.constant' op expected int_scales in [1, 16], found 0 at index 0

# An unknown pass, a bad option.
SOURCE = """func.func @f(%x: tensor<1x6xf32>, %acc: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<0.5> : tensor<6x2xf32>
  %0 = linalg.matmul ins(%x, %w : tensor<1x6xf32>, tensor<6x2xf32>) outs(%acc : tensor<1x2xf32>) -> tensor<1x2xf32>
  return %0 : tensor<1x2xf32>
}
"""
module = lpbq.Module.parse(SOURCE, "model.mlir")
before = str(module)
report("pass", lambda: module.run_pipeline("no-such-pass"))
# CHECK: pass -> pass pipeline failed: no-such-pass
# CHECK-NEXT: <unknown location>: error: invalid pass pipeline (column 1): 'no-such-pass' does not refer to a registered pass or pass pipeline

# A located pass error: strict quantization of a weight whose block axis (6)
# the block size does not divide, at the consumer (line 3).
report("strict", lambda: lpbq.set_grouped_blockwise_quantization_for_weights(
    module, block_size=4, strict=True))
# CHECK: strict -> pass pipeline failed: lpbq-quantize-weights{{.*}}
# CHECK-NEXT: model.mlir:3:8: error: lpbq: cannot quantize weight 'f.linalg.matmul_0.weight': block axis 0 of size 6 is not divisible by block size 4
report("options", lambda: module.quantize(bitwidth=9))
# CHECK: options -> pass pipeline failed: {{.*}}
# CHECK-NEXT: model.mlir:0:0: error: invalid lpbq-quantize-weights options: expected bitwidth in [2, 8], found 9
print("unchanged:", str(module) == before)
# CHECK: unchanged: True

# Encodings import: a malformed file (module), an entry that does not fit
# its weight (at the constant, line 2).
tmp = tempfile.mkdtemp()
bad = os.path.join(tmp, "bad.json")
with open(bad, "w") as f:
    f.write('{"version": "1.0.0", "param_encodings": [\n  {"name": 1}]}\n')
report("import", lambda: module.import_encodings(bad))
# CHECK: import -> pass pipeline failed: lpbq-import-encodings{{.*}}
# CHECK-NEXT: model.mlir:0:0: error: lpbq: malformed encodings file '{{.*}}bad.json': expected a string at param_encodings[0].name
mismatch = os.path.join(tmp, "mismatch.json")
with open(mismatch, "w") as f:
    f.write('{"version": "1.0.0", "param_encodings": [{"name": "f.linalg.matmul_0.weight",'
            ' "enc_type": "LPBQ", "bw": 8, "compressed_bw": 4, "block_size": 3,'
            ' "scale": [0.1, 0.1], "per_block_int_scale": [16, 16, 16]}]}')
report("mismatch", lambda: module.import_encodings(mismatch))
# CHECK: mismatch -> pass pipeline failed: lpbq-import-encodings{{.*}}
# CHECK-NEXT: model.mlir:2:8: error: lpbq: cannot import the encoding of weight 'f.linalg.matmul_0.weight': expected 4 per_block_int_scale values (2 channels x 2 blocks), found 3
print("unchanged:", str(module) == before)
# CHECK: unchanged: True

# LPBQError is an Exception whose text holds the diagnostics.
try:
    module.run_pipeline("lpbq-import-encodings")
except Exception as e:  # noqa: BLE001
    print(type(e).__name__, str(e).splitlines())
# CHECK: LPBQError ['pass pipeline failed: lpbq-import-encodings', 'model.mlir:0:0: error: lpbq: expected an encodings file (path=FILE)']
