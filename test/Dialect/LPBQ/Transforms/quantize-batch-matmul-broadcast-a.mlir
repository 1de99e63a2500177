// RUN: lpbq-opt %s --lpbq-quantize-weights="block-size=4" | FileCheck %s

// A broadcast over the batch (A's map has no batch dim): the weight
// [B, K, N] of linalg.batch_matmul still has the default maps' layout
// (channel 2, block 1, batch axes [0]): the channel is the loop of the
// output's innermost dim, other parallel loops of the output are batches.
// Payloads checked against the numpy reference (python/lpbq/reference.py).

func.func @batch_matmul_broadcast_a(%x: tensor<3x8xf32>, %acc: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %w = arith.constant dense<[
     [[-0.49, 0.01, 0.16, 0.03],
      [-0.59, -0.18, 0.01, -0.07],
      [0.18, -0.18, 0.18, -0.03],
      [-0.37, 0.06, 0.25, -0.07],
      [0.07, 0.51, -0.44, -0.14],
      [-0.25, -0.36, 0.38, -0.04],
      [0.74, 0.04, -0.35, 0.11],
      [0.72, 0.01, -0.11, 0.05]],
     [[0.02, 0.18, -0.14, 0.16],
      [0.14, 0.9, 0.15, -0.18],
      [0.54, -0.66, 0.05, 0.17],
      [-0.07, 0.76, 0.02, -0.17],
      [-0.41, 0.55, 0.03, 0.93],
      [-0.12, 0.31, 0.22, -0.87],
      [-0.02, 0.55, -0.31, 0.24],
      [0.2, -0.77, 0.11, -1.0]]]> : tensor<2x8x4xf32>
  %0 = linalg.batch_matmul indexing_maps = [affine_map<(b, m, n, k) -> (m, k)>, affine_map<(b, m, n, k) -> (b, k, n)>, affine_map<(b, m, n, k) -> (b, m, n)>]
         ins(%x, %w : tensor<3x8xf32>, tensor<2x8x4xf32>) outs(%acc : tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// CHECK-LABEL: func.func @batch_matmul_broadcast_a(
// CHECK-NOT:     arith.constant
// CHECK:         %[[C:.*]] = lpbq.constant "batch_matmul_broadcast_a.linalg.batch_matmul_0.weight"
// CHECK-SAME:      values(dense<[9, 53, -120, -128, -126, -43, 59, -121, 113, -120, -66, -25, 23, 106, 7, 62, 16, 106, 114, -105, -73, 114, 111, -111, 104, 113, 62, -106, 96, 40, -124, -125]> : tensor<32xi8>)
// CHECK-SAME:      int_scales(dense<{{\[\[\[}}11, 16], [5, 16], [10, 16], [8, 16]], {{\[\[}}16, 11], [16, 12], [9, 16], [3, 16]]]> : tensor<2x4x2xi8>)
// CHECK-SAME:      scales(dense<{{\[\[\[}}0.0066071432], [0.00455357134], [3.437500e-03], [1.093750e-03]], {{\[\[}}0.00482142856], [0.0080357138], [0.00242187502], [0.00830357149]]]> : tensor<2x4x1xf32>)
// CHECK-SAME:      : !lpbq.weight<tensor<2x8x4xf32>, #lpbq.encoding<block_size = 4, channel_axis = 2, block_axis = 1, batch_axes = [0]>>
// CHECK-NEXT:    %[[W:.*]] = lpbq.dequantize %[[C]]
// CHECK:         linalg.batch_matmul indexing_maps = {{.*}} ins(%{{.*}}, %[[W]] : tensor<3x8xf32>, tensor<2x8x4xf32>)
