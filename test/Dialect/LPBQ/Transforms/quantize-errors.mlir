// RUN: lpbq-opt %s -split-input-file -verify-diagnostics --lpbq-quantize-weights="block-size=4 strict=true"

// After an error the module is left unchanged: no weight is quantized, not even
// the good ones of the same module.
// RUN: not lpbq-opt %s -split-input-file --lpbq-quantize-weights="block-size=4 strict=true" -mlir-print-ir-after-failure 2>&1 | FileCheck %s --check-prefix=UNCHANGED

// Block grouping that does not divide the number of blocks (2 blocks of 4 per
// channel here): an error with strict=true, a remark (weight left alone)
// without.
// RUN: not lpbq-opt %s --lpbq-quantize-weights="block-size=4 block-grouping=3 strict=true" 2>&1 | FileCheck %s --check-prefix=GROUP-STRICT
// RUN: lpbq-opt %s --lpbq-quantize-weights="block-size=4 block-grouping=3 op-types=linalg.matmul" 2>&1 | FileCheck %s --check-prefix=GROUP
// GROUP-STRICT: error: lpbq: cannot quantize weight 'ok.linalg.matmul_0.weight': number of blocks 2 is not divisible by block grouping 3
// GROUP: remark: lpbq: weight 'ok.linalg.matmul_0.weight' left unquantized: number of blocks 2 is not divisible by block grouping 3
// GROUP-NOT: lpbq.constant

// Invalid options: an error on the module, nothing else happens.
// RUN: not lpbq-opt %s --lpbq-quantize-weights="op-types=linalg.matmul,linalg.generic" 2>&1 | FileCheck %s --check-prefix=OPTYPE
// OPTYPE: error: unknown op type 'linalg.generic' in op-types; expected one of: linalg.matmul, linalg.matvec, linalg.vecmat, linalg.batch_matmul, linalg.conv_2d_nhwc_hwcf, linalg.conv_2d_nhwc_fhwc, linalg.conv_2d_nchw_fchw, linalg.depthwise_conv_2d_nhwc_hwc, linalg.depthwise_conv_2d_nhwc_hwcm, linalg.depthwise_conv_2d_nchw_chw, tosa.conv2d, tosa.transpose_conv2d, tosa.matmul, tosa.depthwise_conv2d
// OPTYPE-NOT: lpbq.constant
// RUN: not lpbq-opt %s --lpbq-quantize-weights="bitwidth=9" 2>&1 | FileCheck %s --check-prefix=BW9
// BW9: error: invalid lpbq-quantize-weights options: expected bitwidth in [2, 8], found 9
// RUN: not lpbq-opt %s --lpbq-quantize-weights="bitwidth=1" 2>&1 | FileCheck %s --check-prefix=BW1
// BW1: error: invalid lpbq-quantize-weights options: expected bitwidth in [2, 8], found 1
// RUN: not lpbq-opt %s --lpbq-quantize-weights="bitwidth=4 decompressed-bitwidth=4" 2>&1 | FileCheck %s --check-prefix=DBW4
// DBW4: error: invalid lpbq-quantize-weights options: expected decompressed bitwidth in (4, 16] (greater than the bitwidth), found 4
// RUN: not lpbq-opt %s --lpbq-quantize-weights="bitwidth=6 decompressed-bitwidth=5" 2>&1 | FileCheck %s --check-prefix=DBW5
// DBW5: error: invalid lpbq-quantize-weights options: expected decompressed bitwidth in (6, 16] (greater than the bitwidth), found 5
// RUN: not lpbq-opt %s --lpbq-quantize-weights="decompressed-bitwidth=17" 2>&1 | FileCheck %s --check-prefix=DBW17
// DBW17: error: invalid lpbq-quantize-weights options: expected decompressed bitwidth in (4, 16] (greater than the bitwidth), found 17
// RUN: not lpbq-opt %s --lpbq-quantize-weights="scheme=aimet" 2>&1 | FileCheck %s --check-prefix=SCHEME
// SCHEME: error: expected scheme aimet-torch, aimet-onnx or executorch, found 'aimet'
// RUN: not lpbq-opt %s --lpbq-quantize-weights="block-size=0" 2>&1 | FileCheck %s --check-prefix=BS0
// BS0: error: invalid lpbq-quantize-weights options: expected block size >= 1, found 0
// RUN: not lpbq-opt %s --lpbq-quantize-weights="block-grouping=0" 2>&1 | FileCheck %s --check-prefix=G0
// G0: error: invalid lpbq-quantize-weights options: expected block grouping -1 or >= 1, found 0

// A NaN in a dense weight: an error at the constant (flat index 9 = [2, 1]).
func.func @nan(%x: tensor<2x8xf32>, %acc: tensor<2x4xf32>) -> tensor<2x4xf32> {
  // expected-error @below {{lpbq: cannot quantize weight 'nan.linalg.matmul_0.weight': weight has a non-finite value (NaN) at flat index 9}}
  %w = arith.constant dense<[[0.5, 0.25, -0.5, 1.0], [0.5, 0.25, -0.5, 1.0], [0.5, 0x7FC00000, -0.5, 1.0], [0.5, 0.25, -0.5, 1.0],
                             [0.5, 0.25, -0.5, 1.0], [0.5, 0.25, -0.5, 1.0], [0.5, 0.25, -0.5, 1.0], [0.5, 0.25, -0.5, 1.0]]> : tensor<8x4xf32>
  %0 = linalg.matmul ins(%x, %w : tensor<2x8xf32>, tensor<8x4xf32>) outs(%acc : tensor<2x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// A NaN splat.
func.func @nan_splat(%x: tensor<2x8xf32>, %acc: tensor<2x4xf32>) -> tensor<2x4xf32> {
  // expected-error @below {{lpbq: cannot quantize weight 'nan_splat.linalg.matmul_0.weight': weight has a non-finite value (NaN) at flat index 0}}
  %w = arith.constant dense<0x7FC00000> : tensor<8x4xf32>
  %0 = linalg.matmul ins(%x, %w : tensor<2x8xf32>, tensor<8x4xf32>) outs(%acc : tensor<2x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// +Inf in a tosa.const feeding tosa.conv2d through tosa.transpose: the error is
// at the constant (not at the transpose or the conv); the flat index is in the
// layout the conv sees ([O, KH, KW, I]: the stored element [I=3, O=1] is
// [1, 0, 0, 3], flat index 11).
func.func @inf_through_transpose(%x: tensor<1x4x4x8xf32>) -> tensor<1x4x4x2xf32> {
  // expected-error @below {{lpbq: cannot quantize weight 'inf_through_transpose.tosa.conv2d_0.weight': weight has a non-finite value (Inf) at flat index 11}}
  %c = "tosa.const"() <{values = dense<[[[[0.5, 0.25]]], [[[0.5, 0.25]]], [[[0.5, 0.25]]], [[[0.5, 0x7F800000]]],
                                        [[[0.5, 0.25]]], [[[0.5, 0.25]]], [[[0.5, 0.25]]], [[[0.5, 0.25]]]]> : tensor<8x1x1x2xf32>}> : () -> tensor<8x1x1x2xf32>
  %w = tosa.transpose %c {perms = array<i32: 3, 1, 2, 0>} : (tensor<8x1x1x2xf32>) -> tensor<2x1x1x8xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
       : (tensor<1x4x4x8xf32>, tensor<2x1x1x8xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  return %0 : tensor<1x4x4x2xf32>
}

// -----

// A -Inf splat.
func.func @neg_inf_splat(%x: tensor<2x8xf32>, %acc: tensor<2x4xf32>) -> tensor<2x4xf32> {
  // expected-error @below {{lpbq: cannot quantize weight 'neg_inf_splat.linalg.matmul_0.weight': weight has a non-finite value}}
  %w = arith.constant dense<0xFF800000> : tensor<8x4xf32>
  %0 = linalg.matmul ins(%x, %w : tensor<2x8xf32>, tensor<8x4xf32>) outs(%acc : tensor<2x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// strict=true: a block axis not divisible by the block size is an error at the
// consuming op (a remark without strict, see quantize-remarks.mlir).
func.func @not_divisible(%x: tensor<2x6xf32>, %acc: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %w = arith.constant dense<0.5> : tensor<6x4xf32>
  // expected-error @below {{lpbq: cannot quantize weight 'not_divisible.linalg.matmul_0.weight': block axis 0 of size 6 is not divisible by block size 4}}
  %0 = linalg.matmul ins(%x, %w : tensor<2x6xf32>, tensor<6x4xf32>) outs(%acc : tensor<2x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// One bad weight fails the pass for the whole module, which is left unchanged.
func.func @ok(%x: tensor<2x8xf32>, %acc: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %w = arith.constant dense<0.5> : tensor<8x4xf32>
  %0 = linalg.matmul ins(%x, %w : tensor<2x8xf32>, tensor<8x4xf32>) outs(%acc : tensor<2x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

func.func @inf(%x: tensor<2x8xf32>, %acc: tensor<2x4xf32>) -> tensor<2x4xf32> {
  // expected-error @below {{lpbq: cannot quantize weight 'inf.linalg.matmul_0.weight': weight has a non-finite value (Inf) at flat index 31}}
  %w = arith.constant dense<[[0.5, 0.25, -0.5, 1.0], [0.5, 0.25, -0.5, 1.0], [0.5, 0.25, -0.5, 1.0], [0.5, 0.25, -0.5, 1.0],
                             [0.5, 0.25, -0.5, 1.0], [0.5, 0.25, -0.5, 1.0], [0.5, 0.25, -0.5, 1.0], [0.5, 0.25, -0.5, 0x7F800000]]> : tensor<8x4xf32>
  %0 = linalg.matmul ins(%x, %w : tensor<2x8xf32>, tensor<8x4xf32>) outs(%acc : tensor<2x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// UNCHANGED-NOT: lpbq.constant
// UNCHANGED-LABEL: func.func @ok(
// UNCHANGED-NEXT:    %[[CST:.*]] = arith.constant dense<5.000000e-01> : tensor<8x4xf32>
// UNCHANGED-NEXT:    linalg.matmul ins(%{{.*}}, %[[CST]] :
// UNCHANGED-LABEL: func.func @inf(
// UNCHANGED-NEXT:    %[[CST:.*]] = arith.constant dense<{{.*}}0x7F800000{{.*}}> : tensor<8x4xf32>
// UNCHANGED-NEXT:    linalg.matmul ins(%{{.*}}, %[[CST]] :
// UNCHANGED-NOT: lpbq.constant
