// RUN: lpbq-opt %s --lpbq-to-per-channel | FileCheck %s
// RUN: lpbq-opt %s --lpbq-to-per-channel=resource-threshold=17 | FileCheck %s --check-prefix=RES

// --lpbq-to-per-channel alone: lpbq.dequantize(lpbq.constant) becomes an
// arith.constant of the decompressed integers q * i_b, a quant.scast to a
// per-axis (or sub-channel) quantized tensor with the float scales, and a
// quant.dcast. Integers computed by hand from the q values in the comments.

// The spec weight (section 5): q = [[7,-4,1,0,6,-2,2,1],[-8,4,2,1,0,0,0,0]],
// ints [[16,2],[16,1]], pcs [0.00625, 0.0125]: per-axis on axis 0, i8
// storage with the full range [-128, 127] (printed as plain i8).
// CHECK-LABEL: func.func @spec_weight()
// CHECK-NEXT:    %[[C:.*]] = arith.constant dense<{{\[}}[112, -64, 16, 0, 12, -4, 4, 2], [-128, 64, 32, 16, 0, 0, 0, 0]]> : tensor<2x8xi8>
// CHECK-NEXT:    %[[Q:.*]] = quant.scast %[[C]] : tensor<2x8xi8> to tensor<2x8x!quant.uniform<i8:f32:0, {0.0062500000931322575,0.012500000186264515}>>
// CHECK-NEXT:    %[[F:.*]] = quant.dcast %[[Q]] : tensor<2x8x!quant.uniform<i8:f32:0, {0.0062500000931322575,0.012500000186264515}>> to tensor<2x8xf32>
// CHECK-NEXT:    return %[[F]] : tensor<2x8xf32>
// Payloads of fewer than resource-threshold bytes (here 16 < 17) stay dense.
// RES-LABEL: func.func @spec_weight()
// RES-NEXT:    arith.constant dense<{{\[}}[112, -64, 16, 0, 12, -4, 4, 2], [-128, 64, 32, 16, 0, 0, 0, 0]]> : tensor<2x8xi8>
func.func @spec_weight() -> tensor<2x8xf32> {
  %w = lpbq.constant "fc.weight"
         values(dense<[-57, 1, -26, 18, 72, 18, 0, 0]> : tensor<8xi8>)
         int_scales(dense<[[16, 2], [16, 1]]> : tensor<2x2xi8>)
         scales(dense<[[0.00625], [0.0125]]> : tensor<2x1xf32>)
         : !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>
  %f = lpbq.dequantize %w : !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>
  return %f : tensor<2x8xf32>
}

// A [K=8, N=4] matmul weight: per-axis on axis 1. q (rows of K):
// [0,-4,7,6] [-6,0,7,5] [3,2,-8,3] [-1,-7,-5,0] | [3,0,1,5] [2,-3,2,1]
// [-7,-8,2,-2] [1,-3,-5,-6]; ints per channel [[16,1],[2,16],[16,16],[3,16]].
// CHECK-LABEL: func.func @kn_weight()
// CHECK-NEXT:    %[[C:.*]] = arith.constant dense<{{\[}}[0, -8, 112, 18], [-96, 0, 112, 15], [48, 4, -128, 9], [-16, -14, -80, 0], [3, 0, 16, 80], [2, -48, 32, 16], [-7, -128, 32, -32], [1, -48, -80, -96]]> : tensor<8x4xi8>
// CHECK-NEXT:    %[[Q:.*]] = quant.scast %[[C]] : tensor<8x4xi8> to tensor<8x4x!quant.uniform<i8:f32:1, {5.000000e-01,2.500000e-01,1.250000e-01,1.000000e+00}>>
// CHECK-NEXT:    quant.dcast %[[Q]] : {{.*}} to tensor<8x4xf32>
// Larger payloads (32 bytes) become dense_resource blobs named after the
// weight (checked at the end of the file).
// RES-LABEL: func.func @kn_weight()
// RES-NEXT:    arith.constant dense_resource<kn.weight.per_channel> : tensor<8x4xi8>
func.func @kn_weight() -> tensor<8x4xf32> {
  %w = lpbq.constant "kn.weight" values(dense<[-64, 103, 10, 87, 35, 56, -97, 11, 3, 81, -46, 18, -119, -30, -47, -85]> : tensor<16xi8>)
         int_scales(dense<[[16, 1], [2, 16], [16, 16], [3, 16]]> : tensor<4x2xi8>)
         scales(dense<[[0.5], [0.25], [0.125], [1.0]]> : tensor<4x1xf32>)
         : !lpbq.weight<tensor<8x4xf32>, #lpbq.encoding<block_size = 4, channel_axis = 1, block_axis = 0>>
  %f = lpbq.dequantize %w : !lpbq.weight<tensor<8x4xf32>, #lpbq.encoding<block_size = 4, channel_axis = 1, block_axis = 0>>
  return %f : tensor<8x4xf32>
}

// Block grouping 2: two float scales per channel, each shared by 2 blocks
// of 4 (8 elements): the sub-channel type, block size 1 on the channel
// axis and 8 on the block axis, scales [[0.5, 0.25], [0.125, 1]].
// q row 0 = [7,2,2,6 | 1,4,5,-5 | -8,-4,-4,5 | 6,-8,-1,5], ints [16,3,5,16];
// q row 1 = [-6,4,-7,-1 | 5,-4,-3,-4 | 3,-4,7,-1 | -1,0,1,0], ints [2,16,16,7].
// CHECK-LABEL: func.func @grouping2()
// CHECK-NEXT:    %[[C:.*]] = arith.constant dense<{{\[}}[112, 32, 32, 96, 3, 12, 15, -15, -40, -20, -20, 25, 96, -128, -16, 80], [-12, 8, -14, -2, 80, -64, -48, -64, 48, -64, 112, -16, -7, 0, 7, 0]]> : tensor<2x16xi8>
// CHECK-NEXT:    %[[Q:.*]] = quant.scast %[[C]] : tensor<2x16xi8> to tensor<2x16x!quant.uniform<i8:f32:{0:1, 1:8}, {{\{\{}}5.000000e-01, 2.500000e-01}, {1.250000e-01, 1.000000e+00}}>>
// CHECK-NEXT:    quant.dcast %[[Q]] : {{.*}} to tensor<2x16xf32>
func.func @grouping2() -> tensor<2x16xf32> {
  %w = lpbq.constant values(dense<[39, 98, 65, -75, -56, 92, -122, 95, 74, -7, -59, -51, -61, -9, 15, 1]> : tensor<16xi8>)
         int_scales(dense<[[16, 3, 5, 16], [2, 16, 16, 7]]> : tensor<2x4xi8>)
         scales(dense<[[0.5, 0.25], [0.125, 1.0]]> : tensor<2x2xf32>)
         : !lpbq.weight<tensor<2x16xf32>, #lpbq.encoding<block_size = 4, block_grouping = 2, channel_axis = 0, block_axis = 1>>
  %f = lpbq.dequantize %w : !lpbq.weight<tensor<2x16xf32>, #lpbq.encoding<block_size = 4, block_grouping = 2, channel_axis = 0, block_axis = 1>>
  return %f : tensor<2x16xf32>
}

// A [B=2, K=8, N=3] batch weight (linalg.batch_matmul / tosa.matmul B):
// the sub-channel type with block size 1 on the batch and channel axes and
// 8 (the whole K, one group) on the block axis; scale tensor [2, 1, 3].
// CHECK-LABEL: func.func @batch()
// CHECK-NEXT:    %[[C:.*]] = arith.constant dense<{{\[\[\[}}0, 112, 4], [64, 48, 1], [-48, 112, -1], [-80, 80, -6], [20, 16, -112], [-32, -16, -128], [-24, 0, 112], [-4, 64, 96]], {{\[\[}}40, 32, -16], [0, -64, -16], [-16, -80, 112], [-64, -112, -80], [112, 6, 96], [-80, 6, -48], [-16, -16, 16], [80, 4, -96]]]> : tensor<2x8x3xi8>
// CHECK-NEXT:    %[[Q:.*]] = quant.scast %[[C]] : tensor<2x8x3xi8> to tensor<2x8x3x!quant.uniform<i8:f32:{0:1, 1:8, 2:1}, {{\{\{\{}}5.000000e-01, 2.500000e-01, 1.250000e-01}}, {{\{\{}}1.000000e+00, 2.000000e+00, 4.000000e+00}}}>>
// CHECK-NEXT:    quant.dcast %[[Q]] : {{.*}} to tensor<2x8x3xf32>
func.func @batch() -> tensor<2x8x3xf32> {
  %w = lpbq.constant values(dense<[112, 68, 19, 125, -65, -91, 21, -119, -113, 10, -9, 100, 37, 15, -4, -66, -121, -71, 55, -74, -45, -113, 81, -94]> : tensor<24xi8>)
         int_scales(dense<[[[16, 4], [16, 16], [1, 16]], [[8, 16], [16, 2], [16, 16]]]> : tensor<2x3x2xi8>)
         scales(dense<[[[0.5], [0.25], [0.125]], [[1.0], [2.0], [4.0]]]> : tensor<2x3x1xf32>)
         : !lpbq.weight<tensor<2x8x3xf32>, #lpbq.encoding<block_size = 4, channel_axis = 2, block_axis = 1, batch_axes = [0]>>
  %f = lpbq.dequantize %w : !lpbq.weight<tensor<2x8x3xf32>, #lpbq.encoding<block_size = 4, channel_axis = 2, block_axis = 1, batch_axes = [0]>>
  return %f : tensor<2x8x3xf32>
}

// Decompressed bitwidth 12: i16 storage restricted to [-2048, 2047]
// (q * i_b with ints up to 256); the spec q with ints [[256,2],[256,255]].
// CHECK-LABEL: func.func @dbw12()
// CHECK-NEXT:    %[[C:.*]] = arith.constant dense<{{\[}}[1792, -1024, 256, 0, 12, -4, 4, 2], [-2048, 1024, 512, 256, 0, 0, 0, 0]]> : tensor<2x8xi16>
// CHECK-NEXT:    %[[Q:.*]] = quant.scast %[[C]] : tensor<2x8xi16> to tensor<2x8x!quant.uniform<i16<-2048:2047>:f32:0, {5.000000e-01,2.500000e-01}>>
// CHECK-NEXT:    quant.dcast %[[Q]] : {{.*}} to tensor<2x8xf32>
// 32 bytes, unnamed weight: a blob with a generic name.
// RES-LABEL: func.func @dbw12()
// RES-NEXT:    arith.constant dense_resource<lpbq.per_channel{{.*}}> : tensor<2x8xi16>
func.func @dbw12() -> tensor<2x8xf32> {
  %w = lpbq.constant values(dense<[-57, 1, -26, 18, 72, 18, 0, 0]> : tensor<8xi8>)
         int_scales(dense<[[256, 2], [256, 255]]> : tensor<2x2xi16>)
         scales(dense<[[0.5], [0.25]]> : tensor<2x1xf32>)
         : !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<decompressed_bitwidth = 12, block_size = 4, channel_axis = 0, block_axis = 1>>
  %f = lpbq.dequantize %w : !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<decompressed_bitwidth = 12, block_size = 4, channel_axis = 0, block_axis = 1>>
  return %f : tensor<2x8xf32>
}

// Bitwidth 3 (ints up to 32): q = [[-1,2,-1,-1,0,3,-1,0],[-1,0,-1,1,0,1,3,-3]]
// packed in 3-bit fields, ints [[32,3],[1,32]].
// CHECK-LABEL: func.func @bw3()
// CHECK-NEXT:    %[[C:.*]] = arith.constant dense<{{\[}}[-32, 64, -32, -32, 0, 9, -3, 0], [-1, 0, -1, 1, 0, 32, 96, -96]]> : tensor<2x8xi8>
// CHECK-NEXT:    quant.scast %[[C]] : tensor<2x8xi8> to tensor<2x8x!quant.uniform<i8:f32:0, {5.000000e-01,2.500000e-01}>>
func.func @bw3() -> tensor<2x8xf32> {
  %w = lpbq.constant values(dense<[-41, -113, 29, -57, -125, -84]> : tensor<6xi8>)
         int_scales(dense<[[32, 3], [1, 32]]> : tensor<2x2xi8>)
         scales(dense<[[0.5], [0.25]]> : tensor<2x1xf32>)
         : !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<bitwidth = 3, block_size = 4, channel_axis = 0, block_axis = 1>>
  %f = lpbq.dequantize %w : !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<bitwidth = 3, block_size = 4, channel_axis = 0, block_axis = 1>>
  return %f : tensor<2x8xf32>
}

// A dequantization of a weight that is not an lpbq.constant is left alone.
// CHECK-LABEL: func.func @not_a_constant(
// CHECK-NEXT:    %[[F:.*]] = lpbq.dequantize %arg0
// CHECK-NEXT:    return %[[F]]
func.func @not_a_constant(%w: !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>) -> tensor<2x8xf32> {
  %f = lpbq.dequantize %w : !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>
  return %f : tensor<2x8xf32>
}

// The blob holds the integers row-major after the 4-byte alignment header
// (alignment 1 for i8).
// RES: dialect_resources
// RES: kn.weight.per_channel: "0x0100000000F87012A000700F30048009F0F2B0000300105002D02010F98020E001D0B0A0"
