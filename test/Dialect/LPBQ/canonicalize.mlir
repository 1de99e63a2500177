// RUN: lpbq-opt %s -split-input-file -canonicalize | FileCheck %s
// RUN: lpbq-opt %s -split-input-file -cse | FileCheck %s --check-prefix=CSE

// Both ops are pure: an unused weight and its dequantization fold away.
// CHECK-LABEL: func.func @dead
// CHECK-NOT: lpbq.
// CHECK: return
func.func @dead() {
  %w = lpbq.constant values(dense<0> : tensor<8xi8>) int_scales(dense<16> : tensor<2x2xi8>) scales(dense<1.0> : tensor<2x1xf32>) : !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>
  %f = lpbq.dequantize %w : !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>
  return
}

// -----

// Identical weights and dequantizations are merged by CSE.
// CSE-LABEL: func.func @duplicates
// CSE: %[[W:.*]] = lpbq.constant
// CSE-NOT: lpbq.constant
// CSE: %[[F:.*]] = lpbq.dequantize %[[W]]
// CSE-NOT: lpbq.dequantize
// CSE: return %[[F]], %[[F]]
func.func @duplicates() -> (tensor<2x8xf32>, tensor<2x8xf32>) {
  %w0 = lpbq.constant values(dense<0> : tensor<8xi8>) int_scales(dense<16> : tensor<2x2xi8>) scales(dense<1.0> : tensor<2x1xf32>) : !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>
  %w1 = lpbq.constant values(dense<0> : tensor<8xi8>) int_scales(dense<16> : tensor<2x2xi8>) scales(dense<1.0> : tensor<2x1xf32>) : !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>
  %f0 = lpbq.dequantize %w0 : !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>
  %f1 = lpbq.dequantize %w1 : !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>
  return %f0, %f1 : tensor<2x8xf32>, tensor<2x8xf32>
}
