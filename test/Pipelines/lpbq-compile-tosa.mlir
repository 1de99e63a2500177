// RUN: lpbq-opt %s --lpbq-compile="block-size=4" | FileCheck %s
// RUN: lpbq-opt %s --lpbq-compile="block-size=4 lowering=vector" | FileCheck %s
// RUN: lpbq-opt %s --lpbq-compile="block-size=4 lowering=fused" | FileCheck %s
// RUN: lpbq-opt %s --lpbq-compile="block-size=4 quantize=false" | FileCheck %s

// lpbq-compile on TOSA models: every tosa.const that is not an LPBQ weight
// (a conv bias; every weight when quantize=false) must be lowered too, so
// that the result is pure llvm dialect. The numbers are checked in
// test/Integration/jit-routes.py (tosa.conv2d, tosa.matmul).

// CHECK-NOT: {{(^|[ =(])(func|linalg|tensor|arith|scf|cf|memref|vector|bufferization|quant|lpbq|tosa|affine)\.}}
// CHECK: llvm.func @conv(
// CHECK: llvm.func @matmul(
// CHECK-NOT: {{(^|[ =(])(func|linalg|tensor|arith|scf|cf|memref|vector|bufferization|quant|lpbq|tosa|affine)\.}}

// tosa.conv2d, weight OHWI [2, 2, 2, 4], with a constant bias.
func.func @conv(%x: tensor<1x3x3x4xf32>) -> tensor<1x2x2x2xf32> {
  %w = "tosa.const"() <{values = dense<[[[[0.5, -0.25, 0.125, 1.0], [0.5, -0.25, 0.125, 1.0]], [[0.5, -0.25, 0.125, 1.0], [0.5, -0.25, 0.125, 1.0]]], [[[0.7, -0.35, 0.1, 0.0], [0.5, -0.25, 0.125, 1.0]], [[0.5, -0.25, 0.125, 1.0], [0.5, -0.25, 0.125, 1.0]]]]> : tensor<2x2x2x4xf32>}> : () -> tensor<2x2x2x4xf32> loc("conv.weight")
  %b = "tosa.const"() <{values = dense<[0.5, -0.5]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x3x3x4xf32>, tensor<2x2x2x4xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32>
  return %0 : tensor<1x2x2x2xf32>
}

// tosa.matmul with a constant B [1, 8, 2].
func.func @matmul(%a: tensor<1x3x8xf32>) -> tensor<1x3x2xf32> {
  %w = "tosa.const"() <{values = dense<[[[0.7, -1.6], [-0.35, 0.8], [0.1, 0.4], [0.0, 0.2], [0.07, 0.0], [-0.02, 0.0], [0.03, 0.0], [0.01, 0.0]]]> : tensor<1x8x2xf32>}> : () -> tensor<1x8x2xf32> loc("mm.weight")
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.matmul %a, %w, %zp, %zp : (tensor<1x3x8xf32>, tensor<1x8x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x2xf32>
  return %0 : tensor<1x3x2xf32>
}
