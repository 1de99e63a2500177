// RUN: lpbq-opt %s --lpbq-to-per-channel | mlir-opt --lower-quant-ops | FileCheck %s
// RUN: lpbq-opt %s --lpbq-compile="block-size=4" \
// RUN:   | mlir-runner -e main -entry-point-result=void \
// RUN:       -shared-libs=%mlir_lib_dir/libmlir_runner_utils.so,%mlir_lib_dir/libmlir_c_runner_utils.so \
// RUN:   | FileCheck %s --check-prefix=EXEC
// RUN: lpbq-opt %s --lpbq-compile="block-size=4 lowering=vector" \
// RUN:   | mlir-runner -e main -entry-point-result=void \
// RUN:       -shared-libs=%mlir_lib_dir/libmlir_runner_utils.so,%mlir_lib_dir/libmlir_c_runner_utils.so \
// RUN:   | FileCheck %s --check-prefix=EXEC
// RUN: lpbq-opt %s --lpbq-compile="block-size=4 lowering=fused" \
// RUN:   | mlir-runner -e main -entry-point-result=void \
// RUN:       -shared-libs=%mlir_lib_dir/libmlir_runner_utils.so,%mlir_lib_dir/libmlir_c_runner_utils.so \
// RUN:   | FileCheck %s --check-prefix=EXEC

// --lpbq-to-per-channel produces quant dialect IR that upstream
// --lower-quant-ops accepts (per-axis types, sub-channel types for block
// grouping 2 and for batch axes, i16 storage for decompressed bitwidths
// above 8), and that lowers to sitofp/mulf by the channel scales. The
// execution RUNs check the dequantized values, fl(q * i_b) * pcs, exactly,
// through the lowerings of the lpbq-compile pipeline (per-channel, vector,
// fused: the identity matmul below is a fused kernel): six hand-written
// lpbq.constant weights, and the spec's float weight (section 5) quantized
// by the pipeline itself and read back through an identity matmul.
//
// Expected integers q * i_b and values were computed by hand from the q
// values below (unpacked from the packed bytes, low nibble first).

// CHECK-DAG: #[[ID2:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[D1:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[G8:.*]] = affine_map<(d0, d1) -> (d0, d1 floordiv 8)>
// CHECK-DAG: #[[ID3:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[B8:.*]] = affine_map<(d0, d1, d2) -> (d0, d1 floordiv 8, d2)>

// Spec weight [out=2, in=8], bs 4: q = [[7,-4,1,0,6,-2,2,1],[-8,4,2,1,0,0,0,0]],
// ints [[16,2],[16,1]], pcs [0.00625, 0.0125] (float32).
// CHECK-LABEL: func.func @spec_weight()
// CHECK: %[[C:.*]] = arith.constant dense<{{\[}}[112, -64, 16, 0, 12, -4, 4, 2], [-128, 64, 32, 16, 0, 0, 0, 0]]> : tensor<2x8xi8>
// CHECK: %[[Q:.*]] = quant.scast %[[C]] : tensor<2x8xi8> to tensor<2x8x!quant.uniform<i8:f32:0, {0.0062500000931322575,0.012500000186264515}>>
// CHECK: %[[I:.*]] = quant.scast %[[Q]] : tensor<2x8x!quant.uniform<i8:f32:0, {0.0062500000931322575,0.012500000186264515}>> to tensor<2x8xi8>
// CHECK: %[[S:.*]] = arith.constant dense<[6.250000e-03, 1.250000e-02]> : tensor<2xf32>
// CHECK: %[[Z:.*]] = arith.constant dense<0> : tensor<2xi8>
// CHECK: %[[R:.*]] = linalg.generic {{.*}} ins(%[[I]], %[[S]], %[[Z]] : tensor<2x8xi8>, tensor<2xf32>, tensor<2xi8>)
// CHECK-NEXT: ^bb0(%[[IN:.*]]: i8, %[[SC:.*]]: f32, %[[ZP:.*]]: i8, %{{.*}}: f32):
// CHECK-NEXT:   %[[F:.*]] = arith.sitofp %[[IN]] : i8 to f32
// CHECK-NEXT:   %[[FZ:.*]] = arith.sitofp %[[ZP]] : i8 to f32
// CHECK-NEXT:   %[[D:.*]] = arith.subf %[[F]], %[[FZ]] : f32
// CHECK-NEXT:   %[[Y:.*]] = arith.mulf %[[D]], %[[SC]] : f32
// CHECK-NEXT:   linalg.yield %[[Y]] : f32
// CHECK: return %[[R]] : tensor<2x8xf32>
// CHECK-NOT: quant.dcast
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
// CHECK: arith.constant dense<{{\[}}[0, -8, 112, 18], [-96, 0, 112, 15], [48, 4, -128, 9], [-16, -14, -80, 0], [3, 0, 16, 80], [2, -48, 32, 16], [-7, -128, 32, -32], [1, -48, -80, -96]]> : tensor<8x4xi8>
// CHECK: quant.scast %{{.*}} : tensor<8x4xi8> to tensor<8x4x!quant.uniform<i8:f32:1, {5.000000e-01,2.500000e-01,1.250000e-01,1.000000e+00}>>
// CHECK: %[[S:.*]] = arith.constant dense<[5.000000e-01, 2.500000e-01, 1.250000e-01, 1.000000e+00]> : tensor<4xf32>
// CHECK: linalg.generic {indexing_maps = [#[[ID2]], #[[D1]], #[[D1]], #[[ID2]]]{{.*}} ins(%{{.*}}, %[[S]], %{{.*}} : tensor<8x4xi8>, tensor<4xf32>, tensor<4xi8>)
// CHECK: arith.sitofp %{{.*}} : i8 to f32
// CHECK: arith.mulf
func.func @kn_weight() -> tensor<8x4xf32> {
  %w = lpbq.constant values(dense<[-64, 103, 10, 87, 35, 56, -97, 11, 3, 81, -46, 18, -119, -30, -47, -85]> : tensor<16xi8>)
         int_scales(dense<[[16, 1], [2, 16], [16, 16], [3, 16]]> : tensor<4x2xi8>)
         scales(dense<[[0.5], [0.25], [0.125], [1.0]]> : tensor<4x1xf32>)
         : !lpbq.weight<tensor<8x4xf32>, #lpbq.encoding<block_size = 4, channel_axis = 1, block_axis = 0>>
  %f = lpbq.dequantize %w : !lpbq.weight<tensor<8x4xf32>, #lpbq.encoding<block_size = 4, channel_axis = 1, block_axis = 0>>
  return %f : tensor<8x4xf32>
}

// Block grouping 2: two float scales per channel, each over 2 blocks of 4
// (8 elements): a sub-channel type with block size 8 on axis 1.
// CHECK-LABEL: func.func @grouping2()
// CHECK: arith.constant dense<{{\[}}[112, 32, 32, 96, 3, 12, 15, -15, -40, -20, -20, 25, 96, -128, -16, 80], [-12, 8, -14, -2, 80, -64, -48, -64, 48, -64, 112, -16, -7, 0, 7, 0]]> : tensor<2x16xi8>
// CHECK: quant.scast %{{.*}} : tensor<2x16xi8> to tensor<2x16x!quant.uniform<i8:f32:{0:1, 1:8}, {{\{\{}}5.000000e-01, 2.500000e-01}, {1.250000e-01, 1.000000e+00}}>>
// CHECK: %[[S:.*]] = arith.constant dense<{{\[}}[5.000000e-01, 2.500000e-01], [1.250000e-01, 1.000000e+00]]> : tensor<2x2xf32>
// CHECK: linalg.generic {indexing_maps = [#[[ID2]], #[[G8]], #[[G8]], #[[ID2]]]{{.*}} ins(%{{.*}}, %[[S]], %{{.*}} : tensor<2x16xi8>, tensor<2x2xf32>, tensor<2x2xi8>)
// CHECK: arith.sitofp %{{.*}} : i8 to f32
// CHECK: arith.mulf
func.func @grouping2() -> tensor<2x16xf32> {
  %w = lpbq.constant values(dense<[39, 98, 65, -75, -56, 92, -122, 95, 74, -7, -59, -51, -61, -9, 15, 1]> : tensor<16xi8>)
         int_scales(dense<[[16, 3, 5, 16], [2, 16, 16, 7]]> : tensor<2x4xi8>)
         scales(dense<[[0.5, 0.25], [0.125, 1.0]]> : tensor<2x2xf32>)
         : !lpbq.weight<tensor<2x16xf32>, #lpbq.encoding<block_size = 4, block_grouping = 2, channel_axis = 0, block_axis = 1>>
  %f = lpbq.dequantize %w : !lpbq.weight<tensor<2x16xf32>, #lpbq.encoding<block_size = 4, block_grouping = 2, channel_axis = 0, block_axis = 1>>
  return %f : tensor<2x16xf32>
}

// A [B=2, K=8, N=3] batch weight: sub-channel type, block size 1 on the
// batch and channel axes, 8 (the whole K: one group) on the block axis.
// CHECK-LABEL: func.func @batch()
// CHECK: arith.constant dense<{{\[\[\[}}0, 112, 4], [64, 48, 1], [-48, 112, -1], [-80, 80, -6], [20, 16, -112], [-32, -16, -128], [-24, 0, 112], [-4, 64, 96]], {{\[\[}}40, 32, -16], [0, -64, -16], [-16, -80, 112], [-64, -112, -80], [112, 6, 96], [-80, 6, -48], [-16, -16, 16], [80, 4, -96]]]> : tensor<2x8x3xi8>
// CHECK: quant.scast %{{.*}} : tensor<2x8x3xi8> to tensor<2x8x3x!quant.uniform<i8:f32:{0:1, 1:8, 2:1}, {{\{\{\{}}5.000000e-01, 2.500000e-01, 1.250000e-01}}, {{\{\{}}1.000000e+00, 2.000000e+00, 4.000000e+00}}}>>
// CHECK: %[[S:.*]] = arith.constant dense<{{\[\[\[}}5.000000e-01, 2.500000e-01, 1.250000e-01]], {{\[\[}}1.000000e+00, 2.000000e+00, 4.000000e+00]]]> : tensor<2x1x3xf32>
// CHECK: linalg.generic {indexing_maps = [#[[ID3]], #[[B8]], #[[B8]], #[[ID3]]]{{.*}} ins(%{{.*}}, %[[S]], %{{.*}} : tensor<2x8x3xi8>, tensor<2x1x3xf32>, tensor<2x1x3xi8>)
// CHECK: arith.sitofp %{{.*}} : i8 to f32
// CHECK: arith.mulf
func.func @batch() -> tensor<2x8x3xf32> {
  %w = lpbq.constant values(dense<[112, 68, 19, 125, -65, -91, 21, -119, -113, 10, -9, 100, 37, 15, -4, -66, -121, -71, 55, -74, -45, -113, 81, -94]> : tensor<24xi8>)
         int_scales(dense<[[[16, 4], [16, 16], [1, 16]], [[8, 16], [16, 2], [16, 16]]]> : tensor<2x3x2xi8>)
         scales(dense<[[[0.5], [0.25], [0.125]], [[1.0], [2.0], [4.0]]]> : tensor<2x3x1xf32>)
         : !lpbq.weight<tensor<2x8x3xf32>, #lpbq.encoding<block_size = 4, channel_axis = 2, block_axis = 1, batch_axes = [0]>>
  %f = lpbq.dequantize %w : !lpbq.weight<tensor<2x8x3xf32>, #lpbq.encoding<block_size = 4, channel_axis = 2, block_axis = 1, batch_axes = [0]>>
  return %f : tensor<2x8x3xf32>
}

// Decompressed bitwidth 12: i16 storage with the range [-2048, 2047]
// (ints up to 2^(12-4) = 256).
// CHECK-LABEL: func.func @dbw12()
// CHECK: arith.constant dense<{{\[}}[1792, -1024, 256, 0, 12, -4, 4, 2], [-2048, 1024, 512, 256, 0, 0, 0, 0]]> : tensor<2x8xi16>
// CHECK: quant.scast %{{.*}} : tensor<2x8xi16> to tensor<2x8x!quant.uniform<i16<-2048:2047>:f32:0, {5.000000e-01,2.500000e-01}>>
// CHECK: linalg.generic
// CHECK: arith.sitofp %{{.*}} : i16 to f32
// CHECK: arith.mulf
func.func @dbw12() -> tensor<2x8xf32> {
  %w = lpbq.constant values(dense<[-57, 1, -26, 18, 72, 18, 0, 0]> : tensor<8xi8>)
         int_scales(dense<[[256, 2], [256, 255]]> : tensor<2x2xi16>)
         scales(dense<[[0.5], [0.25]]> : tensor<2x1xf32>)
         : !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<decompressed_bitwidth = 12, block_size = 4, channel_axis = 0, block_axis = 1>>
  %f = lpbq.dequantize %w : !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<decompressed_bitwidth = 12, block_size = 4, channel_axis = 0, block_axis = 1>>
  return %f : tensor<2x8xf32>
}

// Bitwidth 3 (ints up to 2^(8-3) = 32): q = [[-1,2,-1,-1,0,3,-1,0],
// [-1,0,-1,1,0,1,3,-3]] in 3-bit fields, ints [[32,3],[1,32]].
// CHECK-LABEL: func.func @bw3()
// CHECK: arith.constant dense<{{\[}}[-32, 64, -32, -32, 0, 9, -3, 0], [-1, 0, -1, 1, 0, 32, 96, -96]]> : tensor<2x8xi8>
// CHECK: quant.scast %{{.*}} : tensor<2x8xi8> to tensor<2x8x!quant.uniform<i8:f32:0, {5.000000e-01,2.500000e-01}>>
func.func @bw3() -> tensor<2x8xf32> {
  %w = lpbq.constant values(dense<[-41, -113, 29, -57, -125, -84]> : tensor<6xi8>)
         int_scales(dense<[[32, 3], [1, 32]]> : tensor<2x2xi8>)
         scales(dense<[[0.5], [0.25]]> : tensor<2x1xf32>)
         : !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<bitwidth = 3, block_size = 4, channel_axis = 0, block_axis = 1>>
  %f = lpbq.dequantize %w : !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<bitwidth = 3, block_size = 4, channel_axis = 0, block_axis = 1>>
  return %f : tensor<2x8xf32>
}

// The spec's float weight [out, in], quantized by the pipeline itself.
func.func @fc(%x: tensor<8x8xf32>) -> tensor<8x2xf32> {
  %w = arith.constant dense<[[0.7, -0.35, 0.1, 0.0, 0.07, -0.02, 0.03, 0.01], [-1.6, 0.8, 0.4, 0.2, 0.0, 0.0, 0.0, 0.0]]> : tensor<2x8xf32> loc("fc.weight")
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8x2xf32>
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<8x2xf32>) -> tensor<8x2xf32>
  %0 = linalg.matmul indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>] ins(%x, %w : tensor<8x8xf32>, tensor<2x8xf32>) outs(%f : tensor<8x2xf32>) -> tensor<8x2xf32>
  return %0 : tensor<8x2xf32>
}

func.func private @printMemrefF32(tensor<*xf32>)

func.func @main() {
  %id = arith.constant dense<[[1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0], [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0]]> : tensor<8x8xf32>
  %wt = call @fc(%id) : (tensor<8x8xf32>) -> tensor<8x2xf32>
  %e = tensor.empty() : tensor<2x8xf32>
  %w = linalg.transpose ins(%wt : tensor<8x2xf32>) outs(%e : tensor<2x8xf32>) permutation = [1, 0]
  %w_u = tensor.cast %w : tensor<2x8xf32> to tensor<*xf32>
  call @printMemrefF32(%w_u) : (tensor<*xf32>) -> ()
  %0 = call @spec_weight() : () -> tensor<2x8xf32>
  %u0 = tensor.cast %0 : tensor<2x8xf32> to tensor<*xf32>
  call @printMemrefF32(%u0) : (tensor<*xf32>) -> ()
  %1 = call @kn_weight() : () -> tensor<8x4xf32>
  %u1 = tensor.cast %1 : tensor<8x4xf32> to tensor<*xf32>
  call @printMemrefF32(%u1) : (tensor<*xf32>) -> ()
  %2 = call @grouping2() : () -> tensor<2x16xf32>
  %u2 = tensor.cast %2 : tensor<2x16xf32> to tensor<*xf32>
  call @printMemrefF32(%u2) : (tensor<*xf32>) -> ()
  %3 = call @batch() : () -> tensor<2x8x3xf32>
  %u3 = tensor.cast %3 : tensor<2x8x3xf32> to tensor<*xf32>
  call @printMemrefF32(%u3) : (tensor<*xf32>) -> ()
  %4 = call @dbw12() : () -> tensor<2x8xf32>
  %u4 = tensor.cast %4 : tensor<2x8xf32> to tensor<*xf32>
  call @printMemrefF32(%u4) : (tensor<*xf32>) -> ()
  %5 = call @bw3() : () -> tensor<2x8xf32>
  %u5 = tensor.cast %5 : tensor<2x8xf32> to tensor<*xf32>
  call @printMemrefF32(%u5) : (tensor<*xf32>) -> ()
  return
}

// The pipeline-quantized spec weight, then the hand-written weights in order.
// EXEC: sizes = [2, 8]
// EXEC-NEXT: [0.7, -0.4, 0.1, 0, 0.075, -0.025, 0.025, 0.0125],
// EXEC-NEXT: [-1.6, 0.8, 0.4, 0.2, 0, 0, 0, 0]]
// EXEC: sizes = [2, 8]
// EXEC-NEXT: [0.7, -0.4, 0.1, 0, 0.075, -0.025, 0.025, 0.0125],
// EXEC-NEXT: [-1.6, 0.8, 0.4, 0.2, 0, 0, 0, 0]]
// EXEC: sizes = [8, 4]
// EXEC-NEXT: [0, -2, 14, 18],
// EXEC-NEXT: [-48, 0, 14, 15],
// EXEC-NEXT: [24, 1, -16, 9],
// EXEC-NEXT: [-8, -3.5, -10, 0],
// EXEC-NEXT: [1.5, 0, 2, 80],
// EXEC-NEXT: [1, -12, 4, 16],
// EXEC-NEXT: [-3.5, -32, 4, -32],
// EXEC-NEXT: [0.5, -12, -10, -96]]
// EXEC: sizes = [2, 16]
// EXEC-NEXT: [56, 16, 16, 48, 1.5, 6, 7.5, -7.5, -10, -5, -5, 6.25, 24, -32, -4, 20],
// EXEC-NEXT: [-1.5, 1, -1.75, -0.25, 10, -8, -6, -8, 48, -64, 112, -16, -7, 0, 7, 0]]
// EXEC: sizes = [2, 8, 3]
// EXEC-NEXT: [0, 28, 0.5],
// EXEC-NEXT: [32, 12, 0.125],
// EXEC-NEXT: [-24, 28, -0.125],
// EXEC-NEXT: [-40, 20, -0.75],
// EXEC-NEXT: [10, 4, -14],
// EXEC-NEXT: [-16, -4, -16],
// EXEC-NEXT: [-12, 0, 14],
// EXEC-NEXT: [-2, 16, 12]],
// EXEC-NEXT: [40, 64, -64],
// EXEC-NEXT: [0, -128, -64],
// EXEC-NEXT: [-16, -160, 448],
// EXEC-NEXT: [-64, -224, -320],
// EXEC-NEXT: [112, 12, 384],
// EXEC-NEXT: [-80, 12, -192],
// EXEC-NEXT: [-16, -32, 64],
// EXEC-NEXT: [80, 8, -384]]]
// EXEC: sizes = [2, 8]
// EXEC-NEXT: [896, -512, 128, 0, 6, -2, 2, 1],
// EXEC-NEXT: [-512, 256, 128, 64, 0, 0, 0, 0]]
// EXEC: sizes = [2, 8]
// EXEC-NEXT: [-16, 32, -16, -16, 0, 4.5, -1.5, 0],
// EXEC-NEXT: [-0.25, 0, -0.25, 0.25, 0, 8, 24, -24]]
// EXEC-NOT: Memref
