// RUN: lpbq-opt %s --lpbq-import-encodings="path=%S/Inputs/import-encodings-spec.json" | FileCheck %s
// RUN: lpbq-opt %s --lpbq-import-encodings="path=%S/Inputs/import-encodings-spec-v2.json" | FileCheck %s --check-prefix=V2

// Encodings computed elsewhere (e.g. by AIMET after SeqMSE) quantize the
// weights they name; min/max plays no part. The spec's 2x8 weight with its
// encodings (spec section 6) gives the spec's payloads.

// CHECK-LABEL: func.func @spec(
// CHECK:         %[[C:.*]] = lpbq.constant "fc.weight" values(dense<[-57, 1, -26, 18, 72, 18, 0, 0]> : tensor<8xi8>) int_scales(dense<{{\[}}[16, 2], [16, 1]]> : tensor<2x2xi8>) scales(dense<{{\[}}[6.250000e-03], [1.250000e-02]]> : tensor<2x1xf32>) : !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>
// CHECK-NEXT:    %[[W:.*]] = lpbq.dequantize %[[C]]
// CHECK-NEXT:    linalg.matmul {{.*}} ins(%{{.*}}, %[[W]] :
// V2-LABEL: func.func @spec(
// V2:         lpbq.constant "fc.weight" values(dense<[-57, 1, -26, 18, 72, 18, 0, 0]> : tensor<8xi8>) int_scales(dense<{{\[}}[16, 2], [16, 1]]> : tensor<2x2xi8>) scales(dense<{{\[}}[6.250000e-03], [1.250000e-02]]> : tensor<2x1xf32>) : !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>
func.func @spec(%x: tensor<3x8xf32>, %acc: tensor<3x2xf32>) -> tensor<3x2xf32> {
  %w = arith.constant dense<[[0.7, -0.35, 0.1, 0.0, 0.07, -0.02, 0.03, 0.01], [-1.6, 0.8, 0.4, 0.2, 0.0, 0.0, 0.0, 0.0]]> : tensor<2x8xf32> loc("fc.weight")
  %0 = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
         ins(%x, %w : tensor<3x8xf32>, tensor<2x8xf32>) outs(%acc : tensor<3x2xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// Smaller scales than min/max would give (0.005 and 0.01 instead of 0.00625
// and 0.0125): the large values clamp to [-8, 7], q = clamp(rint(w / S_b)):
// row 0, S_b = 0.08: [9 -> 7, -4, 1, 0], S_b = 0.01: [7, -2, 3, 1];
// row 1, S_b = 0.16: [-10 -> -8, 5, 2, 1], S_b = 0.01: [0, 0, 0, 0].
// CHECK-LABEL: func.func @smaller(
// CHECK:         lpbq.constant "smaller.weight" values(dense<[-57, 1, -25, 19, 88, 18, 0, 0]> : tensor<8xi8>) int_scales(dense<{{\[}}[16, 2], [16, 1]]> : tensor<2x2xi8>) scales(dense<{{\[}}[5.000000e-03], [0.00999999977]]> : tensor<2x1xf32>)
func.func @smaller(%x: tensor<3x8xf32>, %acc: tensor<3x2xf32>) -> tensor<3x2xf32> {
  %w = arith.constant dense<[[0.7, -0.35, 0.1, 0.0, 0.07, -0.02, 0.03, 0.01], [-1.6, 0.8, 0.4, 0.2, 0.0, 0.0, 0.0, 0.0]]> : tensor<2x8xf32> loc("smaller.weight")
  %0 = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
         ins(%x, %w : tensor<3x8xf32>, tensor<2x8xf32>) outs(%acc : tensor<3x2xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// PER_BLOCK: one float scale S_b per block becomes block_grouping = 1 with
// i_b = 16 and pcs = S_b / 16 (how the quantize pass stores plain blockwise).
// CHECK-LABEL: func.func @blockwise(
// CHECK:         lpbq.constant "blockwise.weight" values({{.*}}) int_scales(dense<16> : tensor<2x2xi8>) scales(dense<{{\[}}[6.250000e-03, 7.812500e-04], [1.250000e-02, 1.562500e-03]]> : tensor<2x2xf32>) : !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<block_size = 4, block_grouping = 1, channel_axis = 0, block_axis = 1>>
func.func @blockwise(%x: tensor<3x8xf32>, %acc: tensor<3x2xf32>) -> tensor<3x2xf32> {
  %w = arith.constant dense<[[0.7, -0.35, 0.1, 0.0, 0.07, -0.02, 0.03, 0.01], [-1.6, 0.8, 0.4, 0.2, 0.0, 0.0, 0.0, 0.0]]> : tensor<2x8xf32> loc("blockwise.weight")
  %0 = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
         ins(%x, %w : tensor<3x8xf32>, tensor<2x8xf32>) outs(%acc : tensor<3x2xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// Weights the file does not name are left alone.
// CHECK-LABEL: func.func @not_in_file(
// CHECK-NOT:     lpbq.
// CHECK:         arith.constant dense<5.000000e-01> : tensor<8x4xf32>
// CHECK-NOT:     lpbq.
// V2-LABEL: func.func @smaller(
// V2-NOT:     lpbq.
// V2-LABEL: func.func @blockwise(
// V2-NOT:     lpbq.
// V2-LABEL: func.func @not_in_file(
// V2-NOT:     lpbq.
func.func @not_in_file(%x: tensor<1x8xf32>, %acc: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %w = arith.constant dense<0.5> : tensor<8x4xf32>
  %0 = linalg.matmul ins(%x, %w : tensor<1x8xf32>, tensor<8x4xf32>) outs(%acc : tensor<1x4xf32>) -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}
