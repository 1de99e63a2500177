// RUN: lpbq-opt %s | lpbq-opt | FileCheck %s
// RUN: lpbq-opt %s --mlir-print-op-generic | lpbq-opt | FileCheck %s
// RUN: lpbq-opt %s --emit-bytecode | lpbq-opt | FileCheck %s

// The spec's 2x8 weight, block size 4, default bitwidths.
// CHECK-LABEL: func.func @spec_weight
// CHECK: %[[W:.*]] = lpbq.constant "fc.weight" values(dense<[-57, 1, -26, 18, 72, 18, 0, 0]> : tensor<8xi8>) int_scales(dense<{{\[}}[16, 2], [16, 1]]> : tensor<2x2xi8>) scales(dense<{{\[}}[6.250000e-03], [1.250000e-02]]> : tensor<2x1xf32>) : !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>
// CHECK: %[[F:.*]] = lpbq.dequantize %[[W]] : !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>
// CHECK: return %[[F]] : tensor<2x8xf32>
func.func @spec_weight() -> tensor<2x8xf32> {
  %w = lpbq.constant "fc.weight"
         values(dense<[-57, 1, -26, 18, 72, 18, 0, 0]> : tensor<8xi8>)
         int_scales(dense<[[16, 2], [16, 1]]> : tensor<2x2xi8>)
         scales(dense<[[0.00625], [0.0125]]> : tensor<2x1xf32>)
         : !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>
  %f = lpbq.dequantize %w : !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>
  return %f : tensor<2x8xf32>
}

// Every encoding parameter spelled out; defaults are elided on printing,
// the others kept. A [B, K, N] batch weight with groups of two blocks.
// CHECK-LABEL: func.func @all_parameters
// CHECK: lpbq.constant values(dense<17> : tensor<12xi8>) int_scales(dense<4096> : tensor<2x3x4xi16>) scales(dense<1.000000e+00> : tensor<2x3x2xf32>) : !lpbq.weight<tensor<2x8x3xf32>, #lpbq.encoding<bitwidth = 2, decompressed_bitwidth = 14, block_size = 2, block_grouping = 2, channel_axis = 2, block_axis = 1, batch_axes = [0], scheme = "executorch">>
func.func @all_parameters() -> !lpbq.weight<tensor<2x8x3xf32>, #lpbq.encoding<bitwidth = 2, decompressed_bitwidth = 14, block_size = 2, block_grouping = 2, channel_axis = 2, block_axis = 1, batch_axes = [0], scheme = "executorch">> {
  %w = lpbq.constant values(dense<17> : tensor<12xi8>)
         int_scales(dense<4096> : tensor<2x3x4xi16>)
         scales(dense<1.0> : tensor<2x3x2xf32>)
         : !lpbq.weight<tensor<2x8x3xf32>, #lpbq.encoding<bitwidth = 2, decompressed_bitwidth = 14, block_size = 2, block_grouping = 2, channel_axis = 2, block_axis = 1, batch_axes = [0], scheme = "executorch">>
  return %w : !lpbq.weight<tensor<2x8x3xf32>, #lpbq.encoding<bitwidth = 2, decompressed_bitwidth = 14, block_size = 2, block_grouping = 2, channel_axis = 2, block_axis = 1, batch_axes = [0], scheme = "executorch">>
}

// Defaults written explicitly are elided.
// CHECK-LABEL: func.func @defaults_elided
// CHECK-SAME: !lpbq.weight<tensor<4x64xf32>, #lpbq.encoding<block_size = 64, channel_axis = 0, block_axis = 1>>
func.func @defaults_elided(%w: !lpbq.weight<tensor<4x64xf32>, #lpbq.encoding<bitwidth = 4, decompressed_bitwidth = 8, block_size = 64, block_grouping = -1, channel_axis = 0, block_axis = 1, scheme = "aimet-torch">>) -> tensor<4x64xf32> {
  %f = lpbq.dequantize %w : !lpbq.weight<tensor<4x64xf32>, #lpbq.encoding<bitwidth = 4, decompressed_bitwidth = 8, block_size = 64, block_grouping = -1, channel_axis = 0, block_axis = 1, scheme = "aimet-torch">>
  return %f : tensor<4x64xf32>
}

// A conv weight [F, C, KH, KW]: the block spans the kernel window; packed
// values in a dense_resource blob.
// CHECK-LABEL: func.func @conv_weight_in_resource
// CHECK: lpbq.constant "conv.weight" values(dense_resource<conv_values> : tensor<36xi8>) int_scales(dense<{{\[}}[16, 8], [16, 16]]> : tensor<2x2xi8>) scales(dense<{{\[}}[1.000000e-01], [2.000000e-01]]> : tensor<2x1xf32>) : !lpbq.weight<tensor<2x4x3x3xf32>, #lpbq.encoding<block_size = 2, channel_axis = 0, block_axis = 1>>
// CHECK: dialect_resources
// CHECK-NEXT: builtin
// CHECK-NEXT: conv_values: "0x01000000{{(12)+}}"
func.func @conv_weight_in_resource() -> tensor<2x4x3x3xf32> {
  %w = lpbq.constant "conv.weight"
         values(dense_resource<conv_values> : tensor<36xi8>)
         int_scales(dense<[[16, 8], [16, 16]]> : tensor<2x2xi8>)
         scales(dense<[[0.1], [0.2]]> : tensor<2x1xf32>)
         : !lpbq.weight<tensor<2x4x3x3xf32>, #lpbq.encoding<block_size = 2, channel_axis = 0, block_axis = 1>>
  %f = lpbq.dequantize %w : !lpbq.weight<tensor<2x4x3x3xf32>, #lpbq.encoding<block_size = 2, channel_axis = 0, block_axis = 1>>
  return %f : tensor<2x4x3x3xf32>
}

{-#
  dialect_resources: {
    builtin: {
      conv_values: "0x01000000121212121212121212121212121212121212121212121212121212121212121212121212"
    }
  }
#-}
