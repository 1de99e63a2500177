// RUN: lpbq-opt %s -split-input-file --lpbq-quantize-weights="block-size=4" | FileCheck %s

// The weight layout table of --lpbq-quantize-weights on linalg ops: every
// supported op gets an lpbq.constant whose encoding has the right channel,
// block and batch axes, and whose int_scales/scales (checked against the numpy
// reference, python/lpbq/reference.py) are those of that layout.

// linalg.matmul with the default maps: weight [K, N], channel axis 1, blocks
// along K (axis 0).
func.func @matmul(%x: tensor<2x8xf32>, %acc: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %w = arith.constant dense<[
     [0.02, 0.18, -0.21, 0.11],
     [-0.38, -0.03, 0.2, -0.02],
     [0.1, -0.19, 0.15, 0.01],
     [-0.34, 0.12, -0.12, -0.01],
     [-0.59, -0.12, -0.59, -0.1],
     [0.4, -0.26, -0.03, 0.19],
     [0.74, 0.27, 0.08, -0.09],
     [-0.54, 0.56, 0.03, -0.15]]> : tensor<8x4xf32>
  %0 = linalg.matmul ins(%x, %w : tensor<2x8xf32>, tensor<8x4xf32>) outs(%acc : tensor<2x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// CHECK-LABEL: func.func @matmul(
// CHECK-NOT:     arith.constant
// CHECK:         %[[C:.*]] = lpbq.constant "matmul.linalg.matmul_0.weight"
// CHECK-SAME:      int_scales(dense<{{\[\[}}7, 16], [5, 16], [6, 16], [9, 16]]> : tensor<4x2xi8>)
// CHECK-SAME:      scales(dense<{{\[\[}}0.0066071432], [0.00500000035], [0.0046093748], [0.00169642852]]> : tensor<4x1xf32>)
// CHECK-SAME:      : !lpbq.weight<tensor<8x4xf32>, #lpbq.encoding<block_size = 4, channel_axis = 1, block_axis = 0>>
// CHECK-NEXT:    %[[W:.*]] = lpbq.dequantize %[[C]]
// CHECK-NOT:     arith.constant
// CHECK:         linalg.matmul ins(%{{.*}}, %[[W]] : tensor<2x8xf32>, tensor<8x4xf32>)

// -----

// linalg.matmul with transposed-B indexing maps: weight [N, K], channel axis
// 0, blocks along K (axis 1).
func.func @matmul_transpose_b(%x: tensor<2x8xf32>, %acc: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %w = arith.constant dense<[
     [-0.48, -0.4, 0.63, -0.82, 0.16, 0.37, -0.5, -0.71],
     [-0.09, 0.06, 0.02, -0.14, -0.08, 0.2, -0.09, 0.16],
     [0.28, 0.11, -0.07, -0.19, -0.31, 0.02, 0.78, 0.55],
     [-0.04, 0.1, -0.01, 0.05, -0.16, -0.16, -0.12, 0.15]]> : tensor<4x8xf32>
  %0 = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
         ins(%x, %w : tensor<2x8xf32>, tensor<4x8xf32>) outs(%acc : tensor<2x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// CHECK-LABEL: func.func @matmul_transpose_b(
// CHECK-NOT:     arith.constant
// CHECK:         %[[C:.*]] = lpbq.constant "matmul_transpose_b.linalg.matmul_0.weight"
// CHECK-SAME:      int_scales(dense<{{\[\[}}16, 14], [10, 16], [6, 16], [11, 16]]> : tensor<4x2xi8>)
// CHECK-SAME:      scales(dense<{{\[\[}}0.00640624947], [0.0017857143], [0.00696428539], [0.00133928587]]> : tensor<4x1xf32>)
// CHECK-SAME:      : !lpbq.weight<tensor<4x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>
// CHECK-NEXT:    %[[W:.*]] = lpbq.dequantize %[[C]]
// CHECK-NOT:     arith.constant
// CHECK:         linalg.matmul indexing_maps = {{.*}} ins(%{{.*}}, %[[W]] : tensor<2x8xf32>, tensor<4x8xf32>)

// -----

// linalg.matvec: the weight is the first operand, [M, K]: channel 0, block 1.
func.func @matvec(%x: tensor<8xf32>, %acc: tensor<4xf32>) -> tensor<4xf32> {
  %w = arith.constant dense<[
     [-0.83, -0.53, 0.6, 0.16, -0.65, -0.11, -0.03, -0.54],
     [0.09, -0.15, -0.04, 0.01, -0.08, 0.1, 0.29, 0.55],
     [-0.13, 0.09, 0.12, -0.12, -1.0, 0.95, -0.4, -0.37],
     [0.09, 0.02, -0.01, 0.07, -0.19, 0.08, -0.05, -0.16]]> : tensor<4x8xf32>
  %0 = linalg.matvec ins(%w, %x : tensor<4x8xf32>, tensor<8xf32>) outs(%acc : tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @matvec(
// CHECK-NOT:     arith.constant
// CHECK:         %[[C:.*]] = lpbq.constant "matvec.linalg.matvec_0.weight"
// CHECK-SAME:      int_scales(dense<{{\[\[}}16, 13], [4, 16], [2, 16], [9, 16]]> : tensor<4x2xi8>)
// CHECK-SAME:      scales(dense<{{\[\[}}0.00648437487], [0.00491071446], [0.00848214235], [0.00148437498]]> : tensor<4x1xf32>)
// CHECK-SAME:      : !lpbq.weight<tensor<4x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>
// CHECK-NEXT:    %[[W:.*]] = lpbq.dequantize %[[C]]
// CHECK-NOT:     arith.constant
// CHECK:         linalg.matvec ins(%[[W]], %{{.*}} : tensor<4x8xf32>, tensor<8xf32>)

// -----

// linalg.vecmat: weight [K, N]: channel 1, block 0.
func.func @vecmat(%x: tensor<8xf32>, %acc: tensor<4xf32>) -> tensor<4xf32> {
  %w = arith.constant dense<[
     [0.89, 0.0, 0.29, -0.1],
     [0.21, -0.05, 0.18, -0.08],
     [0.74, 0.02, 0.24, -0.01],
     [-0.14, 0.12, 0.29, -0.03],
     [0.75, 0.51, -0.64, 0.04],
     [0.33, 0.53, 0.33, -0.15],
     [0.0, -0.01, 0.0, 0.18],
     [-0.24, -0.33, 0.04, 0.06]]> : tensor<8x4xf32>
  %0 = linalg.vecmat ins(%x, %w : tensor<8xf32>, tensor<8x4xf32>) outs(%acc : tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @vecmat(
// CHECK-NOT:     arith.constant
// CHECK:         %[[C:.*]] = lpbq.constant "vecmat.linalg.vecmat_0.weight"
// CHECK-SAME:      int_scales(dense<{{\[\[}}16, 13], [4, 16], [8, 16], [8, 16]]> : tensor<4x2xi8>)
// CHECK-SAME:      scales(dense<{{\[\[}}0.00794642884], [0.00473214267], [0.00500000035], [0.00160714285]]> : tensor<4x1xf32>)
// CHECK-SAME:      : !lpbq.weight<tensor<8x4xf32>, #lpbq.encoding<block_size = 4, channel_axis = 1, block_axis = 0>>
// CHECK-NEXT:    %[[W:.*]] = lpbq.dequantize %[[C]]
// CHECK-NOT:     arith.constant
// CHECK:         linalg.vecmat ins(%{{.*}}, %[[W]] : tensor<8xf32>, tensor<8x4xf32>)

// -----

// linalg.batch_matmul: weight [B, K, N]: channel 2, block 1, batch axis 0;
// int_scales and scales carry the batch dimension in front.
func.func @batch_matmul(%x: tensor<2x3x8xf32>, %acc: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %w = arith.constant dense<[
     [[0.61, 0.12, 0.01, -0.05],
      [-0.89, -0.05, -0.05, -0.11],
      [-0.9, 0.2, 0.09, -0.06],
      [-0.13, 0.19, 0.24, 0.08],
      [-0.17, -0.01, 0.35, -0.18],
      [0.09, -0.27, 0.76, -0.17],
      [0.29, 0.44, -0.55, 0.16],
      [0.6, -0.58, 0.41, -0.2]],
     [[0.0, -0.13, -0.12, -0.11],
      [0.37, -0.37, -0.14, 0.12],
      [-0.06, 0.6, -0.11, -0.11],
      [0.36, 0.01, 0.0, -0.16],
      [-0.44, 0.69, -0.5, 0.69],
      [-0.12, 0.72, -0.12, 0.87],
      [0.05, -0.42, 0.29, 0.35],
      [0.17, -0.06, -0.33, 0.28]]]> : tensor<2x8x4xf32>
  %0 = linalg.batch_matmul ins(%x, %w : tensor<2x3x8xf32>, tensor<2x8x4xf32>) outs(%acc : tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// CHECK-LABEL: func.func @batch_matmul(
// CHECK-NOT:     arith.constant
// CHECK:         %[[C:.*]] = lpbq.constant "batch_matmul.linalg.batch_matmul_0.weight"
// CHECK-SAME:      int_scales(dense<{{\[\[\[}}16, 12], [6, 16], [5, 16], [9, 16]], {{\[\[}}15, 16], [13, 16], [4, 16], [3, 16]]]> : tensor<2x4x2xi8>)
// CHECK-SAME:      scales(dense<{{\[\[\[}}7.031250e-03], [4.531250e-03], [0.00678571407], [1.562500e-03]], {{\[\[}}3.437500e-03], [0.00642857141], [3.906250e-03], [0.00776785705]]]> : tensor<2x4x1xf32>)
// CHECK-SAME:      : !lpbq.weight<tensor<2x8x4xf32>, #lpbq.encoding<block_size = 4, channel_axis = 2, block_axis = 1, batch_axes = [0]>>
// CHECK-NEXT:    %[[W:.*]] = lpbq.dequantize %[[C]]
// CHECK-NOT:     arith.constant
// CHECK:         linalg.batch_matmul ins(%{{.*}}, %[[W]] : tensor<2x3x8xf32>, tensor<2x8x4xf32>)

// -----

// linalg.conv_2d_nhwc_hwcf: weight [KH, KW, C, F]: channel 3, block 2; a block
// is 4 input channels times the whole 2x2 window (16 values).
func.func @conv_2d_nhwc_hwcf(%x: tensor<1x5x5x8xf32>, %acc: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %w = arith.constant dense<[
     [[[0.08, -0.06],
       [-0.26, -0.05],
       [0.97, 0.05],
       [0.35, -0.07],
       [0.29, -0.45],
       [-0.72, 0.42],
       [-0.79, 0.57],
       [0.52, 0.34]],
      [[-0.9, -0.12],
       [0.7, -0.03],
       [0.25, -0.15],
       [-0.63, 0.0],
       [0.42, 0.05],
       [-0.63, 0.44],
       [-0.58, -0.07],
       [0.14, -0.22]]],
     [[[-0.16, 0.15],
       [-0.09, 0.02],
       [0.94, -0.09],
       [0.79, -0.06],
       [-0.3, 0.46],
       [-0.7, 0.44],
       [0.52, 0.47],
       [-0.7, -0.31]],
      [[0.55, -0.03],
       [-0.99, 0.08],
       [0.6, 0.19],
       [-0.7, -0.1],
       [0.55, -0.49],
       [-0.36, -0.06],
       [-0.13, 0.05],
       [0.59, 0.16]]]]> : tensor<2x2x8x2xf32>
  %0 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
         ins(%x, %w : tensor<1x5x5x8xf32>, tensor<2x2x8x2xf32>) outs(%acc : tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  return %0 : tensor<1x4x4x2xf32>
}

// CHECK-LABEL: func.func @conv_2d_nhwc_hwcf(
// CHECK-NOT:     arith.constant
// CHECK:         %[[C:.*]] = lpbq.constant "conv_2d_nhwc_hwcf.linalg.conv_2d_nhwc_hwcf_0.weight"
// CHECK-SAME:      int_scales(dense<{{\[\[}}16, 11], [5, 16]]> : tensor<2x2xi8>)
// CHECK-SAME:      scales(dense<{{\[\[}}0.00866071414], [0.00508928578]]> : tensor<2x1xf32>)
// CHECK-SAME:      : !lpbq.weight<tensor<2x2x8x2xf32>, #lpbq.encoding<block_size = 4, channel_axis = 3, block_axis = 2>>
// CHECK-NEXT:    %[[W:.*]] = lpbq.dequantize %[[C]]
// CHECK-NOT:     arith.constant
// CHECK:         linalg.conv_2d_nhwc_hwcf {{.*}} ins(%{{.*}}, %[[W]] : tensor<1x5x5x8xf32>, tensor<2x2x8x2xf32>)

// -----

// linalg.conv_2d_nhwc_fhwc: weight [F, KH, KW, C]: channel 0, block 3.
func.func @conv_2d_nhwc_fhwc(%x: tensor<1x5x5x8xf32>, %acc: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %w = arith.constant dense<[
     [[[0.25, 0.79, 0.55, -0.55, -0.32, 0.6, -0.79, 0.51],
       [0.59, -0.06, -0.39, -0.44, -0.39, -0.09, 0.01, 0.09]],
      [[0.99, 0.59, 0.24, 0.98, -0.46, -0.54, 0.18, -0.73],
       [-0.93, 0.03, -0.07, 0.83, 0.21, 0.02, -0.01, -0.4]]],
     [[[-0.2, -0.12, 0.08, -0.12, -0.16, -0.6, 0.4, -0.41],
       [-0.09, 0.15, 0.0, 0.14, 0.17, 0.29, -0.49, 0.05]],
      [[0.0, 0.15, -0.06, 0.04, -0.53, -0.13, -0.21, -0.42],
       [0.13, -0.05, 0.19, 0.04, 0.13, 0.17, 0.21, -0.42]]]]> : tensor<2x2x2x8xf32>
  %0 = linalg.conv_2d_nhwc_fhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
         ins(%x, %w : tensor<1x5x5x8xf32>, tensor<2x2x2x8xf32>) outs(%acc : tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  return %0 : tensor<1x4x4x2xf32>
}

// CHECK-LABEL: func.func @conv_2d_nhwc_fhwc(
// CHECK-NOT:     arith.constant
// CHECK:         %[[C:.*]] = lpbq.constant "conv_2d_nhwc_fhwc.linalg.conv_2d_nhwc_fhwc_0.weight"
// CHECK-SAME:      int_scales(dense<{{\[\[}}16, 11], [6, 16]]> : tensor<2x2xi8>)
// CHECK-SAME:      scales(dense<{{\[\[}}0.008839285], [4.687500e-03]]> : tensor<2x1xf32>)
// CHECK-SAME:      : !lpbq.weight<tensor<2x2x2x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 3>>
// CHECK-NEXT:    %[[W:.*]] = lpbq.dequantize %[[C]]
// CHECK-NOT:     arith.constant
// CHECK:         linalg.conv_2d_nhwc_fhwc {{.*}} ins(%{{.*}}, %[[W]] : tensor<1x5x5x8xf32>, tensor<2x2x2x8xf32>)

// -----

// linalg.conv_2d_nchw_fchw: weight [F, C, KH, KW]: channel 0, block 1.
func.func @conv_2d_nchw_fchw(%x: tensor<1x8x5x5xf32>, %acc: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<[
     [[[-0.35, 0.97], [-0.36, 0.58]],
      [[0.74, -0.22], [-0.12, -0.25]],
      [[-0.79, -0.04], [-0.52, -0.49]],
      [[-0.63, -0.61], [0.63, -0.15]],
      [[-0.39, 0.15], [0.17, 0.23]],
      [[0.66, -0.56], [-0.21, -0.34]],
      [[-0.77, -0.51], [-0.17, -0.17]],
      [[0.19, -0.08], [0.17, -0.44]]],
     [[[-0.15, -0.07], [-0.16, -0.05]],
      [[-0.02, 0.09], [0.15, -0.18]],
      [[0.18, 0.09], [0.2, -0.15]],
      [[-0.05, 0.0], [0.1, -0.08]],
      [[-0.06, -0.27], [-0.06, 0.01]],
      [[0.08, 0.25], [-0.31, 0.16]],
      [[-0.49, 0.13], [-0.05, -0.44]],
      [[-0.29, -0.52], [-0.15, -0.12]]]]> : tensor<2x8x2x2xf32>
  %0 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
         ins(%x, %w : tensor<1x8x5x5xf32>, tensor<2x8x2x2xf32>) outs(%acc : tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// CHECK-LABEL: func.func @conv_2d_nchw_fchw(
// CHECK-NOT:     arith.constant
// CHECK:         %[[C:.*]] = lpbq.constant "conv_2d_nchw_fchw.linalg.conv_2d_nchw_fchw_0.weight"
// CHECK-SAME:      int_scales(dense<{{\[\[}}16, 11], [7, 16]]> : tensor<2x2xi8>)
// CHECK-SAME:      scales(dense<{{\[\[}}0.00866071414], [4.062500e-03]]> : tensor<2x1xf32>)
// CHECK-SAME:      : !lpbq.weight<tensor<2x8x2x2xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>
// CHECK-NEXT:    %[[W:.*]] = lpbq.dequantize %[[C]]
// CHECK-NOT:     arith.constant
// CHECK:         linalg.conv_2d_nchw_fchw {{.*}} ins(%{{.*}}, %[[W]] : tensor<1x8x5x5xf32>, tensor<2x8x2x2xf32>)

// -----

// The spec's test vector (section 5): weight [2, 8] = [out, in] through
// transposed-B maps, block size 4: ints [[16, 2], [16, 1]], pcs [0.00625,
// 0.0125], q [[7, -4, 1, 0, 6, -2, 2, 1], [-8, 4, 2, 1, 0, 0, 0, 0]] packed two
// per byte, element 0 in the low nibble.
func.func @spec_vector(%x: tensor<3x8xf32>, %acc: tensor<3x2xf32>) -> tensor<3x2xf32> {
  %w = arith.constant dense<[[0.7, -0.35, 0.1, 0.0, 0.07, -0.02, 0.03, 0.01], [-1.6, 0.8, 0.4, 0.2, 0.0, 0.0, 0.0, 0.0]]> : tensor<2x8xf32>
  %0 = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
         ins(%x, %w : tensor<3x8xf32>, tensor<2x8xf32>) outs(%acc : tensor<3x2xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// CHECK-LABEL: func.func @spec_vector(
// CHECK-NOT:     arith.constant
// CHECK:         %[[C:.*]] = lpbq.constant "spec_vector.linalg.matmul_0.weight"
// CHECK-SAME:      values(dense<[-57, 1, -26, 18, 72, 18, 0, 0]> : tensor<8xi8>)
// CHECK-SAME:      int_scales(dense<{{\[\[}}16, 2], [16, 1]]> : tensor<2x2xi8>)
// CHECK-SAME:      scales(dense<{{\[\[}}6.250000e-03], [1.250000e-02]]> : tensor<2x1xf32>)
// CHECK-SAME:      : !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>
// CHECK-NEXT:    %[[W:.*]] = lpbq.dequantize %[[C]]
// CHECK:         linalg.matmul indexing_maps = {{.*}} ins(%{{.*}}, %[[W]] : tensor<3x8xf32>, tensor<2x8xf32>)

// -----

// linalg.batch_matmul whose weight [K, N] is broadcast over the batch (user
// indexing maps): the layout comes from the weight's map: channel 1, block 0,
// no batch axes.
func.func @batch_matmul_broadcast_b(%x: tensor<2x3x8xf32>, %acc: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %w = arith.constant dense<[
     [0.74, -0.09, 0.06, 0.07],
     [0.43, 0.17, 0.22, 0.1],
     [-0.95, -0.03, -0.01, -0.1],
     [-0.99, 0.13, 0.29, 0.07],
     [-0.3, 0.25, -0.4, 0.1],
     [-0.35, 0.34, 0.98, 0.19],
     [0.61, 0.5, 0.42, 0.02],
     [0.68, -0.49, -0.26, 0.04]]> : tensor<8x4xf32>
  %0 = linalg.batch_matmul indexing_maps = [affine_map<(b, m, n, k) -> (b, m, k)>, affine_map<(b, m, n, k) -> (k, n)>, affine_map<(b, m, n, k) -> (b, m, n)>]
         ins(%x, %w : tensor<2x3x8xf32>, tensor<8x4xf32>) outs(%acc : tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// CHECK-LABEL: func.func @batch_matmul_broadcast_b(
// CHECK-NOT:     arith.constant
// CHECK:         %[[C:.*]] = lpbq.constant "batch_matmul_broadcast_b.linalg.batch_matmul_0.weight"
// CHECK-SAME:      int_scales(dense<{{\[\[}}16, 13], [5, 16], [5, 16], [8, 16]]> : tensor<4x2xi8>)
// CHECK-SAME:      scales(dense<{{\[\[}}0.00773437507], [0.00446428545], [8.750000e-03], [0.00169642852]]> : tensor<4x1xf32>)
// CHECK-SAME:      : !lpbq.weight<tensor<8x4xf32>, #lpbq.encoding<block_size = 4, channel_axis = 1, block_axis = 0>>
// CHECK-NEXT:    %[[W:.*]] = lpbq.dequantize %[[C]]
// CHECK:         linalg.batch_matmul indexing_maps = {{.*}} ins(%{{.*}}, %[[W]] : tensor<2x3x8xf32>, tensor<8x4xf32>)

// -----

// linalg.batch_matmul with transposed-B maps: weight [B, N, K]: channel 1,
// block 2, batch axis 0.
func.func @batch_matmul_transpose_b(%x: tensor<2x3x8xf32>, %acc: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %w = arith.constant dense<[
     [[-0.25, 0.54, 0.34, 0.42, -0.11, 0.8, 0.8, 0.72],
      [-0.12, 0.07, 0.07, 0.04, 0.09, 0.19, -0.31, -0.04],
      [-0.25, 0.2, -0.29, -0.29, 0.87, 0.94, 0.72, 0.38],
      [-0.08, 0.1, 0.0, 0.05, -0.19, -0.15, 0.08, 0.18]],
     [[-0.31, -0.37, -0.27, 0.08, -0.28, -0.37, 0.03, 0.11],
      [0.02, 0.79, -0.47, -0.04, 0.21, 0.55, 0.76, 0.18],
      [0.11, 0.06, -0.16, 0.13, -0.44, 0.13, -0.16, 0.47],
      [0.29, -0.14, 0.26, 0.25, -0.54, -0.06, 0.58, 0.93]]]> : tensor<2x4x8xf32>
  %0 = linalg.batch_matmul indexing_maps = [affine_map<(b, m, n, k) -> (b, m, k)>, affine_map<(b, m, n, k) -> (b, n, k)>, affine_map<(b, m, n, k) -> (b, m, n)>]
         ins(%x, %w : tensor<2x3x8xf32>, tensor<2x4x8xf32>) outs(%acc : tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// CHECK-LABEL: func.func @batch_matmul_transpose_b(
// CHECK-NOT:     arith.constant
// CHECK:         %[[C:.*]] = lpbq.constant "batch_matmul_transpose_b.linalg.batch_matmul_0.weight"
// CHECK-SAME:      int_scales(dense<{{\[\[\[}}11, 16], [6, 16], [4, 16], [9, 16]], {{\[\[}}16, 16], [16, 15], [5, 16], [5, 16]]]> : tensor<2x4x2xi8>)
// CHECK-SAME:      scales(dense<{{\[\[\[}}0.00714285718], [0.00242187502], [0.00839285738], [0.00160714285]], {{\[\[}}0.00289062504], [0.00705357175], [0.00419642869], [0.00830357149]]]> : tensor<2x4x1xf32>)
// CHECK-SAME:      : !lpbq.weight<tensor<2x4x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 1, block_axis = 2, batch_axes = [0]>>
// CHECK-NEXT:    %[[W:.*]] = lpbq.dequantize %[[C]]
// CHECK:         linalg.batch_matmul indexing_maps = {{.*}} ins(%{{.*}}, %[[W]] : tensor<2x3x8xf32>, tensor<2x4x8xf32>)

// -----

// linalg.matmul with transposed-A maps: the weight (B) keeps its [K, N] layout.
func.func @matmul_transpose_a(%x: tensor<8x2xf32>, %acc: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %w = arith.constant dense<[
     [0.22, 0.1, 0.17, -0.05],
     [0.39, 0.17, 0.01, 0.09],
     [0.65, -0.11, 0.2, -0.11],
     [-0.57, -0.08, -0.23, -0.01],
     [0.21, -0.08, 0.66, 0.06],
     [0.56, -0.21, 0.22, -0.19],
     [-0.62, 0.08, 0.25, -0.02],
     [-0.49, 0.25, 0.63, 0.12]]> : tensor<8x4xf32>
  %0 = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (k, m)>, affine_map<(m, n, k) -> (k, n)>, affine_map<(m, n, k) -> (m, n)>]
         ins(%x, %w : tensor<8x2xf32>, tensor<8x4xf32>) outs(%acc : tensor<2x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// CHECK-LABEL: func.func @matmul_transpose_a(
// CHECK-NOT:     arith.constant
// CHECK:         %[[C:.*]] = lpbq.constant "matmul_transpose_a.linalg.matmul_0.weight"
// CHECK-SAME:      int_scales(dense<{{\[\[}}16, 14], [11, 16], [5, 16], [9, 16]]> : tensor<4x2xi8>)
// CHECK-SAME:      scales(dense<{{\[\[}}0.00580357108], [0.00223214272], [0.00589285744], [0.00148437498]]> : tensor<4x1xf32>)
// CHECK-SAME:      : !lpbq.weight<tensor<8x4xf32>, #lpbq.encoding<block_size = 4, channel_axis = 1, block_axis = 0>>
// CHECK-NEXT:    %[[W:.*]] = lpbq.dequantize %[[C]]
// CHECK:         linalg.matmul indexing_maps = {{.*}} ins(%{{.*}}, %[[W]] : tensor<8x2xf32>, tensor<8x4xf32>)

// -----

// Depthwise convolutions are left alone (the remark is checked in
// quantize-remarks.mlir).
func.func @depthwise_conv_2d_nhwc_hwc(%x: tensor<1x5x5x8xf32>, %acc: tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32> {
  %w = arith.constant dense<0.25> : tensor<2x2x8xf32>
  %0 = linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
         ins(%x, %w : tensor<1x5x5x8xf32>, tensor<2x2x8xf32>) outs(%acc : tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  return %0 : tensor<1x4x4x8xf32>
}

// CHECK-LABEL: func.func @depthwise_conv_2d_nhwc_hwc(
// CHECK-NOT:     lpbq.
// CHECK:         %[[CST:.*]] = arith.constant dense<2.500000e-01> : tensor<2x2x8xf32>
// CHECK-NOT:     lpbq.
// CHECK:         linalg.depthwise_conv_2d_nhwc_hwc {{.*}} ins(%{{.*}}, %[[CST]] :
