// RUN: lpbq-opt %s --lpbq-compile="block-size=4" | FileCheck %s --check-prefix=LLVM
// RUN: lpbq-opt %s --lpbq-compile="block-size=4 lowering=vector" | FileCheck %s --check-prefix=LLVM
// RUN: lpbq-opt %s --lpbq-compile="block-size=4 lowering=fused" | FileCheck %s --check-prefix=LLVM
// RUN: lpbq-opt %s --lpbq-compile="block-size=4" | mlir-translate --mlir-to-llvmir | FileCheck %s --check-prefix=IR
// RUN: lpbq-opt %s --lpbq-compile="block-size=4 to-llvm=false" | FileCheck %s --check-prefix=PC
// RUN: lpbq-opt %s --lpbq-compile="block-size=4 lowering=vector to-llvm=false" | FileCheck %s --check-prefix=VEC
// RUN: lpbq-opt %s --lpbq-compile="block-size=4 lowering=fused to-llvm=false" | FileCheck %s --check-prefix=FUSED
// RUN: lpbq-opt %s --lpbq-compile="quantize=false to-llvm=false" | FileCheck %s --check-prefix=FLOAT
// RUN: not lpbq-opt %s --lpbq-compile="lowering=int4" 2>&1 | FileCheck %s --check-prefix=BAD

// The full pipeline leaves only the LLVM dialect, which translates to LLVM IR.
// LLVM-NOT: {{(^|[ =(])(func|linalg|tensor|arith|scf|cf|memref|vector|bufferization|quant|lpbq)\.}}
// LLVM: llvm.func @fc(
// LLVM-NOT: {{(^|[ =(])(func|linalg|tensor|arith|scf|cf|memref|vector|bufferization|quant|lpbq)\.}}
// IR: define {{.*}} @fc(

// per-channel: int8 decompressed integers, scaled per channel, then matmul.
// PC-LABEL: func.func @fc
// PC: arith.constant dense<{{\[\[}}112, -64, 16, 0, 12, -4, 4, 2], [-128, 64, 32, 16, 0, 0, 0, 0]]> : tensor<2x8xi8>
// PC: linalg.generic
// PC: arith.sitofp
// PC: arith.mulf
// PC: linalg.matmul
// PC-NOT: lpbq.
// PC-NOT: quant.

// vector: dequantization loops over the packed bytes feed the matmul.
// VEC-LABEL: func.func @fc
// VEC: scf.for
// VEC: vector.interleave
// VEC: linalg.matmul

// fused: no float weight, no matmul: one kernel over the packed bytes.
// FUSED-LABEL: func.func @fc
// FUSED-NOT: linalg.matmul
// FUSED: vector.interleave
// FUSED: vector.fma
// FUSED: vector.reduction <add>
// FUSED-NOT: linalg.matmul

// quantize=false: the float model, untouched weights.
// FLOAT-LABEL: func.func @fc
// FLOAT: arith.constant dense<{{\[\[}}0.699999988
// FLOAT: linalg.matmul

// BAD: Cannot find option named 'int4'!

func.func @fc(%x: tensor<3x8xf32>) -> tensor<3x2xf32> {
  %w = arith.constant dense<[[0.7, -0.35, 0.1, 0.0, 0.07, -0.02, 0.03, 0.01], [-1.6, 0.8, 0.4, 0.2, 0.0, 0.0, 0.0, 0.0]]> : tensor<2x8xf32> loc("fc.weight")
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<3x2xf32>
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<3x2xf32>) -> tensor<3x2xf32>
  %0 = linalg.matmul indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>] ins(%x, %w : tensor<3x8xf32>, tensor<2x8xf32>) outs(%f : tensor<3x2xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}
