// RUN: lpbq-opt %s -split-input-file -verify-diagnostics --lpbq-quantize-weights="block-size=4" | FileCheck %s

// Weights left unquantized with a remark at the consuming op; the IR keeps the
// float weight.

func.func @depthwise_conv_2d_nhwc_hwc(%x: tensor<1x5x5x8xf32>, %acc: tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32> {
  %w = arith.constant dense<0.25> : tensor<2x2x8xf32>
  // expected-remark @below {{lpbq: weight left unquantized: depthwise convolution weights have no input-channel axis for blocks to span}}
  %0 = linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
         ins(%x, %w : tensor<1x5x5x8xf32>, tensor<2x2x8xf32>) outs(%acc : tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  return %0 : tensor<1x4x4x8xf32>
}

// CHECK-LABEL: func.func @depthwise_conv_2d_nhwc_hwc(
// CHECK-NOT:     lpbq.
// CHECK:         arith.constant dense<2.500000e-01> : tensor<2x2x8xf32>
// CHECK-NOT:     lpbq.

// -----

func.func @depthwise_conv_2d_nhwc_hwcm(%x: tensor<1x5x5x4xf32>, %acc: tensor<1x4x4x4x2xf32>) -> tensor<1x4x4x4x2xf32> {
  %w = arith.constant dense<0.25> : tensor<2x2x4x2xf32>
  // expected-remark @below {{depthwise convolution weights have no input-channel axis}}
  %0 = linalg.depthwise_conv_2d_nhwc_hwcm {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
         ins(%x, %w : tensor<1x5x5x4xf32>, tensor<2x2x4x2xf32>) outs(%acc : tensor<1x4x4x4x2xf32>) -> tensor<1x4x4x4x2xf32>
  return %0 : tensor<1x4x4x4x2xf32>
}

// CHECK-LABEL: func.func @depthwise_conv_2d_nhwc_hwcm(
// CHECK-NOT:     lpbq.

// -----

func.func @depthwise_conv_2d_nchw_chw(%x: tensor<1x8x5x5xf32>, %acc: tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32> {
  %w = arith.constant dense<0.25> : tensor<8x2x2xf32>
  // expected-remark @below {{depthwise convolution weights have no input-channel axis}}
  %0 = linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
         ins(%x, %w : tensor<1x8x5x5xf32>, tensor<8x2x2xf32>) outs(%acc : tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}

// CHECK-LABEL: func.func @depthwise_conv_2d_nchw_chw(
// CHECK-NOT:     lpbq.

// -----

func.func @tosa_depthwise_conv2d(%x: tensor<1x5x5x8xf32>) -> tensor<1x4x4x16xf32> {
  %w = "tosa.const"() <{values = dense<0.25> : tensor<2x2x8x2xf32>}> : () -> tensor<2x2x8x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<16xf32>}> : () -> tensor<16xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  // expected-remark @below {{lpbq: weight left unquantized: depthwise convolution weights have no input-channel axis for blocks to span}}
  %0 = tosa.depthwise_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
       : (tensor<1x5x5x8xf32>, tensor<2x2x8x2xf32>, tensor<16xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x16xf32>
  return %0 : tensor<1x4x4x16xf32>
}

// CHECK-LABEL: func.func @tosa_depthwise_conv2d(
// CHECK-NOT:     lpbq.

// -----

// Block axis not divisible by the block size (strict=false, the default): a
// remark, and the weight stays float (strict=true is an error, see
// quantize-errors.mlir).
func.func @not_divisible(%x: tensor<2x6xf32>, %acc: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %w = arith.constant dense<0.5> : tensor<6x4xf32>
  // expected-remark @below {{lpbq: weight 'not_divisible.linalg.matmul_0.weight' left unquantized: block axis 0 of size 6 is not divisible by block size 4}}
  %0 = linalg.matmul ins(%x, %w : tensor<2x6xf32>, tensor<6x4xf32>) outs(%acc : tensor<2x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// CHECK-LABEL: func.func @not_divisible(
// CHECK-NOT:     lpbq.
// CHECK:         arith.constant dense<5.000000e-01> : tensor<6x4xf32>
// CHECK-NOT:     lpbq.

// -----

// Only f32 weights are quantized.
func.func @f16_weight(%x: tensor<2x8xf16>, %acc: tensor<2x4xf16>) -> tensor<2x4xf16> {
  %w = arith.constant dense<0.5> : tensor<8x4xf16>
  // expected-remark @below {{lpbq: weight left unquantized: expected f32 elements, found 'f16'}}
  %0 = linalg.matmul ins(%x, %w : tensor<2x8xf16>, tensor<8x4xf16>) outs(%acc : tensor<2x4xf16>) -> tensor<2x4xf16>
  return %0 : tensor<2x4xf16>
}

// CHECK-LABEL: func.func @f16_weight(
// CHECK-NOT:     lpbq.
// CHECK:         arith.constant dense<5.000000e-01> : tensor<8x4xf16>
// CHECK-NOT:     lpbq.

// -----

// bf16 is left alone like f16 (docs/Rationale.md, "Element types").
func.func @bf16_weight(%x: tensor<2x8xbf16>, %acc: tensor<2x4xbf16>) -> tensor<2x4xbf16> {
  %w = arith.constant dense<0.5> : tensor<8x4xbf16>
  // expected-remark @below {{lpbq: weight left unquantized: expected f32 elements, found 'bf16'}}
  %0 = linalg.matmul ins(%x, %w : tensor<2x8xbf16>, tensor<8x4xbf16>) outs(%acc : tensor<2x4xbf16>) -> tensor<2x4xbf16>
  return %0 : tensor<2x4xbf16>
}

// CHECK-LABEL: func.func @bf16_weight(
// CHECK-NOT:     lpbq.
// CHECK:         arith.constant dense<5.000000e-01> : tensor<8x4xbf16>
// CHECK-NOT:     lpbq.

// -----

// A bf16 TOSA conv weight.
func.func @tosa_conv2d_bf16(%x: tensor<1x4x4x8xbf16>) -> tensor<1x4x4x2xbf16> {
  %w = "tosa.const"() <{values = dense<0.25> : tensor<2x1x1x8xbf16>}> : () -> tensor<2x1x1x8xbf16>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xbf16>}> : () -> tensor<2xbf16>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xbf16>}> : () -> tensor<1xbf16>
  // expected-remark @below {{lpbq: weight left unquantized: expected f32 elements, found 'bf16'}}
  %0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
       : (tensor<1x4x4x8xbf16>, tensor<2x1x1x8xbf16>, tensor<2xbf16>, tensor<1xbf16>, tensor<1xbf16>) -> tensor<1x4x4x2xbf16>
  return %0 : tensor<1x4x4x2xbf16>
}

// CHECK-LABEL: func.func @tosa_conv2d_bf16(
// CHECK-NOT:     lpbq.

// -----

// Integer weights (already quantized models) are left alone too.
func.func @i8_weight(%x: tensor<2x8xi8>, %acc: tensor<2x4xi32>) -> tensor<2x4xi32> {
  %w = arith.constant dense<1> : tensor<8x4xi8>
  // expected-remark @below {{lpbq: weight left unquantized: expected f32 elements, found 'i8'}}
  %0 = linalg.matmul ins(%x, %w : tensor<2x8xi8>, tensor<8x4xi8>) outs(%acc : tensor<2x4xi32>) -> tensor<2x4xi32>
  return %0 : tensor<2x4xi32>
}

// CHECK-LABEL: func.func @i8_weight(
// CHECK-NOT:     lpbq.

// -----

// Dynamically shaped weights are not compile-time constants of a known
// shape: left alone, silently (no remark), whether a function argument or a
// constant cast to a dynamic shape.
func.func @dynamic_weight(%x: tensor<2x?xf32>, %w: tensor<?x4xf32>, %acc: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %0 = linalg.matmul ins(%x, %w : tensor<2x?xf32>, tensor<?x4xf32>) outs(%acc : tensor<2x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// CHECK-LABEL: func.func @dynamic_weight(
// CHECK-NOT:     lpbq.

func.func @dynamic_cast_of_constant(%x: tensor<2x8xf32>, %acc: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %c = arith.constant dense<0.5> : tensor<8x4xf32>
  %w = tensor.cast %c : tensor<8x4xf32> to tensor<?x4xf32>
  %0 = linalg.matmul ins(%x, %w : tensor<2x8xf32>, tensor<?x4xf32>) outs(%acc : tensor<2x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// CHECK-LABEL: func.func @dynamic_cast_of_constant(
// CHECK-NOT:     lpbq.
// CHECK:         tensor.cast %{{.*}} : tensor<8x4xf32> to tensor<?x4xf32>
// CHECK-NOT:     lpbq.

// -----

// A weight in memory (buffer semantics) is not a constant tensor.
func.func @memref_weight(%x: memref<2x8xf32>, %w: memref<8x4xf32>, %acc: memref<2x4xf32>) {
  linalg.matmul ins(%x, %w : memref<2x8xf32>, memref<8x4xf32>) outs(%acc : memref<2x4xf32>)
  return
}

// CHECK-LABEL: func.func @memref_weight(
// CHECK-NOT:     lpbq.

// -----

// A contraction whose weight map has no output-channel dim (B broadcast along
// N, indexed by k only).
func.func @unsupported_map(%x: tensor<4x8xf32>, %acc: tensor<4x4xf32>) -> tensor<4x4xf32> {
  %w = arith.constant dense<0.5> : tensor<8xf32>
  // expected-remark @below {{lpbq: weight left unquantized: unsupported indexing map for the weight operand}}
  %0 = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (k)>, affine_map<(m, n, k) -> (m, n)>]
         ins(%x, %w : tensor<4x8xf32>, tensor<8xf32>) outs(%acc : tensor<4x4xf32>) -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

// CHECK-LABEL: func.func @unsupported_map(
// CHECK-NOT:     lpbq.

// -----

// A weight whose users disagree on the layout: one remark, at the first user
// that disagrees; the weight stays float for both.
func.func @layout_conflict(%x: tensor<2x8xf32>, %acc: tensor<2x8xf32>) -> (tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>) {
  %w = arith.constant dense<0.5> : tensor<8x8xf32> loc("shared.weight")
  %0 = linalg.matmul ins(%x, %w : tensor<2x8xf32>, tensor<8x8xf32>) outs(%acc : tensor<2x8xf32>) -> tensor<2x8xf32>
  // expected-remark @below {{lpbq: weight 'shared.weight' left unquantized: its users disagree on the channel and block axes}}
  %1 = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
         ins(%x, %w : tensor<2x8xf32>, tensor<8x8xf32>) outs(%acc : tensor<2x8xf32>) -> tensor<2x8xf32>
  %2 = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
         ins(%x, %w : tensor<2x8xf32>, tensor<8x8xf32>) outs(%acc : tensor<2x8xf32>) -> tensor<2x8xf32>
  return %0, %1, %2 : tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>
}

// CHECK-LABEL: func.func @layout_conflict(
// CHECK-NOT:     lpbq.
// CHECK:         arith.constant dense<5.000000e-01> : tensor<8x8xf32>
// CHECK-NOT:     lpbq.
