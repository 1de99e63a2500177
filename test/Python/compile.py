# RUN: %python %s | FileCheck %s
"""lpbq.compile runs the registered lpbq-compile pipeline (quantize, lower the
LPBQ weights, bufferize, convert to the LLVM dialect) on a copy of the
module: the result is in the llvm dialect, the input is untouched."""

import lpbq

SOURCE = """
func.func @fc(%x: tensor<1x16xf32>) -> tensor<1x4xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<[[0.5, -0.25, 0.125, 1.0], [0.3, 0.2, -0.1, 0.05], [-0.7, 0.6, 0.5, -0.4],
    [0.9, -0.8, 0.7, 0.6], [0.5, -0.25, 0.125, 1.0], [0.3, 0.2, -0.1, 0.05], [-0.7, 0.6, 0.5, -0.4],
    [0.9, -0.8, 0.7, 0.6], [0.5, -0.25, 0.125, 1.0], [0.3, 0.2, -0.1, 0.05], [-0.7, 0.6, 0.5, -0.4],
    [0.9, -0.8, 0.7, 0.6], [0.5, -0.25, 0.125, 1.0], [0.3, 0.2, -0.1, 0.05], [-0.7, 0.6, 0.5, -0.4],
    [0.9, -0.8, 0.7, 0.6]]> : tensor<16x4xf32> loc("fc.weight")
  %init = tensor.empty() : tensor<1x4xf32>
  %acc = linalg.fill ins(%zero : f32) outs(%init : tensor<1x4xf32>) -> tensor<1x4xf32>
  %0 = linalg.matmul ins(%x, %w : tensor<1x16xf32>, tensor<16x4xf32>) outs(%acc : tensor<1x4xf32>) -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}
"""


def dialects(module):
    ops = set()
    for line in str(module).splitlines():
        for word in line.replace("=", " ").split():
            if "." in word and word.split(".")[0] in ("llvm", "func", "linalg", "lpbq", "arith",
                                                      "tensor", "memref", "quant", "scf"):
                if word.split(".")[0] != word and not word[0].isdigit() and "(" not in word:
                    ops.add(word.split(".")[0])
    return sorted(ops)


model = lpbq.Module.parse(SOURCE, "fc.mlir")
for lowering in ("per-channel", "vector"):
    compiled = lpbq.compile(model, lowering=lowering, block_size=8)
    text = str(compiled)
    print(lowering, "llvm.func @fc" in text, dialects(compiled))
# CHECK: per-channel True ['llvm']
# CHECK: vector True ['llvm']

# The input module is not changed; compiled copies are independent modules.
print("input unchanged:", "lpbq." not in str(model) and "linalg.matmul" in str(model))
# CHECK: input unchanged: True

# Without to_llvm the pipeline stops after the lpbq lowering, on tensors.
lowered = str(lpbq.compile(model, lowering="per-channel", to_llvm=False, block_size=8))
print("lpbq:", "lpbq." in lowered, "llvm:", "llvm." in lowered,
      "matmul on tensors:", "linalg.matmul ins(%arg0" in lowered and "tensor<1x16xf32>" in lowered)
# CHECK: lpbq: False llvm: False matmul on tensors: True

# A float baseline: no quantization.
baseline = lpbq.compile(model, quantize=False)
print("baseline:", "llvm.func @fc" in str(baseline))
# CHECK: baseline: True

# Options of the quantize step are checked.
try:
    lpbq.compile(model, block_size=8, bitwidth=1)
except lpbq.LPBQError as e:
    print("error:", e.diagnostics[0])
# CHECK: error: fc.mlir:0:0: error: invalid lpbq-quantize-weights options: expected bitwidth in [2, 8], found 1
try:
    lpbq.compile(model, blocksize=8)
except TypeError as e:
    print("TypeError:", e)
# CHECK: TypeError: unexpected keyword arguments: blocksize
