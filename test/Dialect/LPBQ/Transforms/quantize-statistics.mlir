// Pass statistics are only collected and printed by an LLVM/MLIR built with
// statistics enabled (assertions or LLVM_FORCE_ENABLE_STATS): with a release
// libMLIR (e.g. Debian's) -mlir-pass-statistics prints an empty report, as for
// upstream passes (see mlir/test/Pass/pipeline-stats.mlir).
// REQUIRES: asserts
// RUN: lpbq-opt %s --lpbq-quantize-weights="block-size=4 min-elements=16 exclude=excluded.weight" -mlir-pass-statistics -o /dev/null 2>&1 | FileCheck %s

// Quantized: @quantized_matmul ([8, 4]: 128 float bytes -> 16 packed + 8 int
// scales + 16 float scales = 40 bytes) and @quantized_tosa_matmul ([2, 8, 4]:
// 256 bytes -> 32 + 16 + 32 = 80 bytes). bytes-before = 384, bytes-after = 120.
// One weight skipped for each other reason.

// CHECK: Pass statistics report
// CHECK: LPBQQuantizeWeights
// CHECK-NEXT: (S) 120 bytes-after - bytes of their LPBQ payloads
// CHECK-NEXT: (S) 384 bytes-before - bytes of the float weights that were quantized
// CHECK-NEXT: (S) 1 skipped-depthwise - weights skipped: depthwise convolution
// CHECK-NEXT: (S) 1 skipped-element-type - weights skipped: element type other than f32
// CHECK-NEXT: (S) 1 skipped-excluded - weights skipped: excluded by name or op type
// CHECK-NEXT: (S) 1 skipped-layout-conflict - weights skipped: shared by ops that disagree on the layout
// CHECK-NEXT: (S) 1 skipped-not-constant - weights skipped: not a compile-time constant
// CHECK-NEXT: (S) 1 skipped-not-divisible - weights skipped: block axis not divisible
// CHECK-NEXT: (S) 1 skipped-small - weights skipped: fewer than min-elements
// CHECK-NEXT: (S) 2 weights-quantized - weights quantized

func.func @quantized_matmul(%x: tensor<2x8xf32>, %acc: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %w = arith.constant dense<0.5> : tensor<8x4xf32>
  %0 = linalg.matmul ins(%x, %w : tensor<2x8xf32>, tensor<8x4xf32>) outs(%acc : tensor<2x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

func.func @quantized_tosa_matmul(%a: tensor<2x3x8xf32>) -> tensor<2x3x4xf32> {
  %w = "tosa.const"() <{values = dense<0.25> : tensor<2x8x4xf32>}> : () -> tensor<2x8x4xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.matmul %a, %w, %zp, %zp : (tensor<2x3x8xf32>, tensor<2x8x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

func.func @excluded(%x: tensor<2x8xf32>, %acc: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %w = arith.constant dense<0.5> : tensor<8x4xf32> loc("excluded.weight")
  %0 = linalg.matmul ins(%x, %w : tensor<2x8xf32>, tensor<8x4xf32>) outs(%acc : tensor<2x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

func.func @not_constant(%x: tensor<2x8xf32>, %w: tensor<8x4xf32>, %acc: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %0 = linalg.matmul ins(%x, %w : tensor<2x8xf32>, tensor<8x4xf32>) outs(%acc : tensor<2x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

func.func @not_divisible(%x: tensor<2x6xf32>, %acc: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %w = arith.constant dense<0.5> : tensor<6x4xf32>
  %0 = linalg.matmul ins(%x, %w : tensor<2x6xf32>, tensor<6x4xf32>) outs(%acc : tensor<2x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

func.func @small(%x: tensor<2x4xf32>, %acc: tensor<2x2xf32>) -> tensor<2x2xf32> {
  %w = arith.constant dense<0.5> : tensor<4x2xf32>
  %0 = linalg.matmul ins(%x, %w : tensor<2x4xf32>, tensor<4x2xf32>) outs(%acc : tensor<2x2xf32>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

func.func @depthwise(%x: tensor<1x5x5x8xf32>, %acc: tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32> {
  %w = arith.constant dense<0.25> : tensor<2x2x8xf32>
  %0 = linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
         ins(%x, %w : tensor<1x5x5x8xf32>, tensor<2x2x8xf32>) outs(%acc : tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  return %0 : tensor<1x4x4x8xf32>
}

func.func @layout_conflict(%x: tensor<2x8xf32>, %acc: tensor<2x8xf32>) -> (tensor<2x8xf32>, tensor<2x8xf32>) {
  %w = arith.constant dense<0.5> : tensor<8x8xf32>
  %0 = linalg.matmul ins(%x, %w : tensor<2x8xf32>, tensor<8x8xf32>) outs(%acc : tensor<2x8xf32>) -> tensor<2x8xf32>
  %1 = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
         ins(%x, %w : tensor<2x8xf32>, tensor<8x8xf32>) outs(%acc : tensor<2x8xf32>) -> tensor<2x8xf32>
  return %0, %1 : tensor<2x8xf32>, tensor<2x8xf32>
}

func.func @f16(%x: tensor<2x8xf16>, %acc: tensor<2x4xf16>) -> tensor<2x4xf16> {
  %w = arith.constant dense<0.5> : tensor<8x4xf16>
  %0 = linalg.matmul ins(%x, %w : tensor<2x8xf16>, tensor<8x4xf16>) outs(%acc : tensor<2x4xf16>) -> tensor<2x4xf16>
  return %0 : tensor<2x4xf16>
}
