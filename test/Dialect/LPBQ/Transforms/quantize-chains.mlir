// RUN: lpbq-opt %s -split-input-file --lpbq-quantize-weights="block-size=4" | FileCheck %s

// Weights reached through data movement, dense_resource and splat weights. The
// payloads are those of the value the consumer sees (checked against the numpy
// reference, python/lpbq/reference.py), and the float constant and its chain
// are gone.

// Through tosa.reshape: the weight is the reshaped [8, 4] value (row-major order
// kept); the float constant, the reshape and its shape operand are erased.
func.func @tosa_reshape(%x: tensor<2x8xf32>, %acc: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %c = "tosa.const"() <{values = dense<[
     [0.81, -0.17, 0.1, -0.01, 0.35, -0.18, -0.27, -0.08, 0.96, -0.08, 0.05, 0.12, 0.41, -0.12, -0.05, -0.1],
     [-0.34, -0.24, -0.96, 0.14, 0.64, 0.02, 0.27, 0.04, 0.26, 0.59, 0.16, -0.14, 0.31, 0.23, 0.71, 0.07]]> : tensor<2x16xf32>}> : () -> tensor<2x16xf32>
  %s = tosa.const_shape {values = dense<[8, 4]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %w = tosa.reshape %c, %s : (tensor<2x16xf32>, !tosa.shape<2>) -> tensor<8x4xf32>
  %0 = linalg.matmul ins(%x, %w : tensor<2x8xf32>, tensor<8x4xf32>) outs(%acc : tensor<2x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// CHECK-LABEL: func.func @tosa_reshape(
// CHECK-NOT:     tosa.const
// CHECK-NOT:     tosa.reshape
// CHECK:         %[[C:.*]] = lpbq.constant "tosa_reshape.linalg.matmul_0.weight"
// CHECK-SAME:      values(dense<[-122, -13, -125, -71, -57, 113, -93, -81, -36, 120, 7, 34, 115, -111, 51, 54]> : tensor<16xi8>)
// CHECK-SAME:      int_scales(dense<{{\[\[}}16, 11], [4, 16], [5, 16], [14, 16]]> : tensor<4x2xi8>)
// CHECK-SAME:      scales(dense<{{\[\[}}0.00857142825], [0.00526785711], [7.500000e-03], [0.00125000009]]> : tensor<4x1xf32>)
// CHECK-SAME:      : !lpbq.weight<tensor<8x4xf32>, #lpbq.encoding<block_size = 4, channel_axis = 1, block_axis = 0>>
// CHECK-NEXT:    %[[W:.*]] = lpbq.dequantize %[[C]]
// CHECK-NEXT:    linalg.matmul ins(%{{.*}}, %[[W]] : tensor<2x8xf32>, tensor<8x4xf32>)

// -----

// Through tosa.transpose: the stored [4, 8] constant is transposed to the [K, N]
// layout the matmul sees before encoding (channel 1, block 0 of the transposed
// value; int scales are those of the columns of the transposed weight).
func.func @tosa_transpose(%x: tensor<2x8xf32>, %acc: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %c = "tosa.const"() <{values = dense<[
     [-0.68, 0.37, 0.66, 0.2, -0.14, 0.17, 0.5, -0.56],
     [0.03, 0.19, -0.02, 0.17, -0.42, 0.49, 0.55, -0.21],
     [-0.07, 0.28, -0.11, -0.05, -0.92, -0.98, -0.68, -0.27],
     [-0.04, 0.04, 0.01, 0.01, -0.11, -0.02, -0.17, 0.04]]> : tensor<4x8xf32>}> : () -> tensor<4x8xf32>
  %w = tosa.transpose %c {perms = array<i32: 1, 0>} : (tensor<4x8xf32>) -> tensor<8x4xf32>
  %0 = linalg.matmul ins(%x, %w : tensor<2x8xf32>, tensor<8x4xf32>) outs(%acc : tensor<2x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// CHECK-LABEL: func.func @tosa_transpose(
// CHECK-NOT:     tosa.const
// CHECK-NOT:     tosa.transpose
// CHECK:         %[[C:.*]] = lpbq.constant "tosa_transpose.linalg.matmul_0.weight"
// CHECK-SAME:      values(dense<[25, -114, 100, 119, -9, 45, 98, 47, -66, -72, 98, -8, 119, -118, -40, 46]> : tensor<16xi8>)
// CHECK-SAME:      int_scales(dense<{{\[\[}}16, 12], [6, 16], [5, 16], [4, 16]]> : tensor<4x2xi8>)
// CHECK-SAME:      scales(dense<{{\[\[}}0.00589285744], [0.00491071446], [0.00765625061], [0.00132812513]]> : tensor<4x1xf32>)
// CHECK-SAME:      : !lpbq.weight<tensor<8x4xf32>, #lpbq.encoding<block_size = 4, channel_axis = 1, block_axis = 0>>
// CHECK-NEXT:    %[[W:.*]] = lpbq.dequantize %[[C]]
// CHECK-NEXT:    linalg.matmul ins(%{{.*}}, %[[W]] : tensor<2x8xf32>, tensor<8x4xf32>)

// -----

// Through linalg.transpose (its init tensor.empty is erased with it).
func.func @linalg_transpose(%x: tensor<2x8xf32>, %acc: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %c = arith.constant dense<[
     [-0.11, 0.18, -0.6, -0.77, 0.49, -0.16, 0.69, -0.4],
     [0.03, -0.06, 0.01, -0.06, -0.58, -0.51, -0.12, 0.37],
     [0.24, 0.15, -0.15, -0.29, 0.05, 0.88, -0.58, 0.66],
     [-0.06, 0.01, -0.11, 0.07, -0.03, -0.08, -0.1, 0.12]]> : tensor<4x8xf32>
  %e = tensor.empty() : tensor<8x4xf32>
  %w = linalg.transpose ins(%c : tensor<4x8xf32>) outs(%e : tensor<8x4xf32>) permutation = [1, 0]
  %0 = linalg.matmul ins(%x, %w : tensor<2x8xf32>, tensor<8x4xf32>) outs(%acc : tensor<2x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// CHECK-LABEL: func.func @linalg_transpose(
// CHECK-NOT:     arith.constant
// CHECK-NOT:     linalg.transpose
// CHECK-NOT:     tensor.empty
// CHECK:         %[[C:.*]] = lpbq.constant "linalg_transpose.linalg.matmul_0.weight"
// CHECK-SAME:      values(dense<[63, -58, -110, 20, 26, -116, -104, 89, -123, -32, -98, -73, -25, -85, 92, 117]> : tensor<16xi8>)
// CHECK-SAME:      int_scales(dense<{{\[\[}}16, 16], [2, 16], [5, 16], [13, 16]]> : tensor<4x2xi8>)
// CHECK-SAME:      scales(dense<{{\[\[}}0.0061607142], [4.531250e-03], [0.00785714295], [0.00107142853]]> : tensor<4x1xf32>)
// CHECK-SAME:      : !lpbq.weight<tensor<8x4xf32>, #lpbq.encoding<block_size = 4, channel_axis = 1, block_axis = 0>>
// CHECK-NEXT:    %[[W:.*]] = lpbq.dequantize %[[C]]
// CHECK-NEXT:    linalg.matmul ins(%{{.*}}, %[[W]] : tensor<2x8xf32>, tensor<8x4xf32>)

// -----

// Through a chain: rank-3 tosa.transpose, then tosa.reshape to [8, 4].
func.func @transpose_then_reshape(%x: tensor<2x8xf32>, %acc: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %c = "tosa.const"() <{values = dense<[
     [[-0.99, 0.15, -0.15, 0.04], [0.66, -0.46, -0.22, 0.17]],
     [[-0.03, 0.12, 0.23, 0.1], [-0.65, -0.23, 0.34, 0.05]],
     [[0.04, 0.19, 0.25, 0.04], [-0.34, 0.27, -0.98, 0.14]],
     [[0.52, -0.13, 0.22, 0.12], [0.13, -0.58, 0.31, -0.04]]]> : tensor<4x2x4xf32>}> : () -> tensor<4x2x4xf32>
  %t = tosa.transpose %c {perms = array<i32: 1, 0, 2>} : (tensor<4x2x4xf32>) -> tensor<2x4x4xf32>
  %s = tosa.const_shape {values = dense<[8, 4]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %w = tosa.reshape %t, %s : (tensor<2x4x4xf32>, !tosa.shape<2>) -> tensor<8x4xf32>
  %0 = linalg.matmul ins(%x, %w : tensor<2x8xf32>, tensor<8x4xf32>) outs(%acc : tensor<2x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// CHECK-LABEL: func.func @transpose_then_reshape(
// CHECK-NOT:     tosa.const
// CHECK-NOT:     tosa.transpose
// CHECK-NOT:     tosa.reshape
// CHECK:         %[[C:.*]] = lpbq.constant "transpose_then_reshape.linalg.matmul_0.weight"
// CHECK-SAME:      values(dense<[104, 44, 64, 102, 112, 39, -76, 118, -89, 126, -39, 35, 76, 104, -127, -29]> : tensor<16xi8>)
// CHECK-SAME:      int_scales(dense<{{\[\[}}16, 12], [6, 16], [5, 16], [11, 16]]> : tensor<4x2xi8>)
// CHECK-SAME:      scales(dense<{{\[\[}}0.00773437507], [4.531250e-03], [0.00765625061], [0.00151785708]]> : tensor<4x1xf32>)
// CHECK-SAME:      : !lpbq.weight<tensor<8x4xf32>, #lpbq.encoding<block_size = 4, channel_axis = 1, block_axis = 0>>
// CHECK-NEXT:    %[[W:.*]] = lpbq.dequantize %[[C]]
// CHECK-NEXT:    linalg.matmul ins(%{{.*}}, %[[W]] : tensor<2x8xf32>, tensor<8x4xf32>)

// -----

// A rank-3 tosa.transpose with a cyclic permutation (output dim d is input dim
// perms[d]) feeding a batch_matmul [B, K, N].
func.func @tosa_transpose_rank3(%x: tensor<2x3x8xf32>, %acc: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %c = "tosa.const"() <{values = dense<[
     [[0.88, 0.57, -0.16, -0.69, -0.46, 0.38, -0.65, -0.02],
      [0.07, 0.3, 0.05, 0.58, -0.4, -0.42, 0.42, 0.22]],
     [[-0.08, -0.11, 0.0, 0.1, -0.11, 0.13, -0.17, -0.17],
      [0.29, -0.25, 0.41, 0.05, -0.1, 0.51, -0.05, -0.58]],
     [[-0.15, 0.18, 0.25, -0.06, 0.89, -0.54, -0.82, 0.12],
      [0.14, -0.1, 0.2, 0.16, -0.57, -0.5, -0.23, -0.08]],
     [[-0.07, 0.06, 0.07, 0.12, 0.03, -0.18, -0.13, -0.06],
      [-0.28, -0.23, -0.11, -0.25, -0.39, 0.11, 0.71, -0.29]]]> : tensor<4x2x8xf32>}> : () -> tensor<4x2x8xf32>
  %w = tosa.transpose %c {perms = array<i32: 1, 2, 0>} : (tensor<4x2x8xf32>) -> tensor<2x8x4xf32>
  %0 = linalg.batch_matmul ins(%x, %w : tensor<2x3x8xf32>, tensor<2x8x4xf32>) outs(%acc : tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// CHECK-LABEL: func.func @tosa_transpose_rank3(
// CHECK-NOT:     tosa.const
// CHECK-NOT:     tosa.transpose
// CHECK:         %[[C:.*]] = lpbq.constant "tosa_transpose_rank3.linalg.batch_matmul_0.weight"
// CHECK-SAME:      values(dense<[-73, -53, -123, 70, 15, 71, 123, 126, -70, 23, 101, -116, -120, -86, -128, -47, 81, -107, -60, -84, 113, -41, 23, -106, -6, -56, 121, 25, -9, 125, -124, -33]> : tensor<32xi8>)
// CHECK-SAME:      int_scales(dense<{{\[\[\[}}16, 10], [11, 16], [4, 16], [12, 16]], {{\[\[}}16, 12], [13, 16], [6, 16], [6, 16]]]> : tensor<2x4x2xi8>)
// CHECK-SAME:      scales(dense<{{\[\[\[}}0.00785714295], [0.00132812513], [0.00794642884], [1.406250e-03]], {{\[\[}}0.00517857121], [0.00455357134], [0.00445312494], [0.00633928599]]]> : tensor<2x4x1xf32>)
// CHECK-SAME:      : !lpbq.weight<tensor<2x8x4xf32>, #lpbq.encoding<block_size = 4, channel_axis = 2, block_axis = 1, batch_axes = [0]>>
// CHECK-NEXT:    %[[W:.*]] = lpbq.dequantize %[[C]]
// CHECK-NEXT:    linalg.batch_matmul ins(%{{.*}}, %[[W]] : tensor<2x3x8xf32>, tensor<2x8x4xf32>)

// -----

// The same with linalg.transpose (the other cyclic permutation).
func.func @linalg_transpose_rank3(%x: tensor<2x3x8xf32>, %acc: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %c = arith.constant dense<[
     [[0.23, -0.23], [0.03, -0.05], [0.01, -0.05], [-0.12, 0.1]],
     [[0.1, 0.09], [0.19, -0.17], [-0.06, -0.13], [-0.12, -0.21]],
     [[-0.51, -0.28], [0.18, 0.93], [0.24, -0.01], [-0.01, -0.02]],
     [[-0.77, 0.17], [-0.17, -0.24], [0.29, 0.06], [-0.1, 0.29]],
     [[-0.02, 0.03], [-0.11, -0.23], [0.53, 0.03], [-0.17, 0.01]],
     [[0.0, -0.19], [0.44, -0.5], [-0.18, 0.26], [0.11, -0.01]],
     [[0.07, -0.22], [-0.38, 0.43], [0.55, 0.5], [-0.1, 0.17]],
     [[0.17, -0.4], [-0.26, 0.08], [0.99, 0.18], [-0.07, 0.62]]]> : tensor<8x4x2xf32>
  %e = tensor.empty() : tensor<2x8x4xf32>
  %w = linalg.transpose ins(%c : tensor<8x4x2xf32>) outs(%e : tensor<2x8x4xf32>) permutation = [2, 0, 1]
  %0 = linalg.batch_matmul ins(%x, %w : tensor<2x3x8xf32>, tensor<2x8x4xf32>) outs(%acc : tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// CHECK-LABEL: func.func @linalg_transpose_rank3(
// CHECK-NOT:     arith.constant
// CHECK-NOT:     linalg.transpose
// CHECK-NOT:     tensor.empty
// CHECK:         %[[C:.*]] = lpbq.constant "linalg_transpose_rank3.linalg.batch_matmul_0.weight"
// CHECK-SAME:      values(dense<[18, -128, 113, -113, 123, -11, -88, -105, -17, -124, 112, 95, -93, -76, -57, -41, 9, 61, -13, -71, 120, -1, -27, 115, -47, 0, -116, 4, 108, 39, 24, 115]> : tensor<32xi8>)
// CHECK-SAME:      int_scales(dense<{{\[\[\[}}16, 4], [7, 16], [5, 16], [11, 16]], {{\[\[}}11, 16], [16, 8], [4, 16], [7, 16]]]> : tensor<2x4x2xi8>)
// CHECK-SAME:      scales(dense<{{\[\[\[}}0.00601562439], [0.00392857147], [0.008839285], [0.00132812513]], {{\[\[}}3.125000e-03], [0.00830357149], [0.00446428545], [0.00553571433]]]> : tensor<2x4x1xf32>)
// CHECK-SAME:      : !lpbq.weight<tensor<2x8x4xf32>, #lpbq.encoding<block_size = 4, channel_axis = 2, block_axis = 1, batch_axes = [0]>>
// CHECK-NEXT:    %[[W:.*]] = lpbq.dequantize %[[C]]
// CHECK-NEXT:    linalg.batch_matmul ins(%{{.*}}, %[[W]] : tensor<2x3x8xf32>, tensor<2x8x4xf32>)

// -----

// Through tensor.expand_shape.
func.func @expand_shape(%x: tensor<2x8xf32>, %acc: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %c = arith.constant dense<[
     -0.32,
     -0.02,
     0.26,
     0.11,
     -0.81,
     -0.2,
     -0.03,
     0.1,
     0.62,
     0.16,
     0.19,
     -0.08,
     0.96,
     -0.06,
     -0.3,
     -0.11,
     -0.75,
     0.1,
     0.15,
     -0.16,
     0.29,
     -0.41,
     -0.18,
     -0.07,
     0.57,
     -0.29,
     0.93,
     0.18,
     -0.46,
     -0.51,
     0.4,
     -0.14]> : tensor<32xf32>
  %w = tensor.expand_shape %c [[0, 1]] output_shape [8, 4] : tensor<32xf32> into tensor<8x4xf32>
  %0 = linalg.matmul ins(%x, %w : tensor<2x8xf32>, tensor<8x4xf32>) outs(%acc : tensor<2x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// CHECK-LABEL: func.func @expand_shape(
// CHECK-NOT:     arith.constant
// CHECK-NOT:     tensor.expand_shape
// CHECK:         %[[C:.*]] = lpbq.constant "expand_shape.linalg.matmul_0.weight"
// CHECK-SAME:      values(dense<[-2, 118, -118, 111, 117, -75, -41, -103, 40, -95, -93, -33, -74, 119, -117, -77]> : tensor<16xi8>)
// CHECK-SAME:      int_scales(dense<{{\[\[}}16, 11], [6, 16], [5, 16], [10, 16]]> : tensor<4x2xi8>)
// CHECK-SAME:      scales(dense<{{\[\[}}0.00857142825], [0.00398437493], [0.00830357149], [0.00160714285]]> : tensor<4x1xf32>)
// CHECK-SAME:      : !lpbq.weight<tensor<8x4xf32>, #lpbq.encoding<block_size = 4, channel_axis = 1, block_axis = 0>>
// CHECK-NEXT:    %[[W:.*]] = lpbq.dequantize %[[C]]
// CHECK-NEXT:    linalg.matmul ins(%{{.*}}, %[[W]] : tensor<2x8xf32>, tensor<8x4xf32>)

// -----

// Through tensor.collapse_shape.
func.func @collapse_shape(%x: tensor<2x8xf32>, %acc: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %c = arith.constant dense<[
     [[-0.64, -0.04, 0.24, -0.02],
      [0.37, 0.0, 0.02, 0.09],
      [-0.51, -0.14, -0.1, -0.02],
      [0.31, 0.17, -0.17, -0.05]],
     [[-0.48, -0.02, -0.46, 0.1],
      [0.67, 0.16, -0.96, -0.02],
      [0.1, -0.27, -0.2, -0.03],
      [-0.54, -0.5, -0.05, 0.12]]]> : tensor<2x4x4xf32>
  %w = tensor.collapse_shape %c [[0, 1], [2]] : tensor<2x4x4xf32> into tensor<8x4xf32>
  %0 = linalg.matmul ins(%x, %w : tensor<2x8xf32>, tensor<8x4xf32>) outs(%acc : tensor<2x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// CHECK-LABEL: func.func @collapse_shape(
// CHECK-NOT:     arith.constant
// CHECK-NOT:     tensor.collapse_shape
// CHECK:         %[[C:.*]] = lpbq.constant "collapse_shape.linalg.matmul_0.weight"
// CHECK-SAME:      values(dense<[-24, -26, 5, 113, -87, -19, 116, -53, 11, 108, 55, -8, -63, -18, -118, 112]> : tensor<16xi8>)
// CHECK-SAME:      int_scales(dense<{{\[\[}}13, 16], [6, 16], [5, 16], [12, 16]]> : tensor<4x2xi8>)
// CHECK-SAME:      scales(dense<{{\[\[}}0.00598214287], [3.906250e-03], [7.500000e-03], [0.00107142853]]> : tensor<4x1xf32>)
// CHECK-SAME:      : !lpbq.weight<tensor<8x4xf32>, #lpbq.encoding<block_size = 4, channel_axis = 1, block_axis = 0>>
// CHECK-NEXT:    %[[W:.*]] = lpbq.dequantize %[[C]]
// CHECK-NEXT:    linalg.matmul ins(%{{.*}}, %[[W]] : tensor<2x8xf32>, tensor<8x4xf32>)

// -----

// Through tensor.cast (to a dynamic shape and back).
func.func @cast(%x: tensor<2x8xf32>, %acc: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %c = arith.constant dense<[
     [0.41, 0.06, -0.26, 0.05],
     [-0.36, -0.02, 0.29, -0.1],
     [-0.63, -0.16, 0.21, 0.05],
     [-0.51, -0.15, 0.12, -0.07],
     [-0.35, 0.25, -0.87, -0.08],
     [0.01, 0.16, -0.2, 0.2],
     [0.43, -0.59, -0.34, -0.19],
     [0.55, -0.47, -0.27, 0.12]]> : tensor<8x4xf32>
  %d = tensor.cast %c : tensor<8x4xf32> to tensor<?x4xf32>
  %w = tensor.cast %d : tensor<?x4xf32> to tensor<8x4xf32>
  %0 = linalg.matmul ins(%x, %w : tensor<2x8xf32>, tensor<8x4xf32>) outs(%acc : tensor<2x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// CHECK-LABEL: func.func @cast(
// CHECK-NOT:     arith.constant
// CHECK-NOT:     tensor.cast
// CHECK:         %[[C:.*]] = lpbq.constant "cast.linalg.matmul_0.weight"
// CHECK-SAME:      values(dense<[53, 74, -5, -121, -120, 69, -118, -93, 60, -40, 32, 126, -123, -99, -89, 78]> : tensor<16xi8>)
// CHECK-SAME:      int_scales(dense<{{\[\[}}16, 16], [4, 16], [6, 16], [7, 16]]> : tensor<4x2xi8>)
// CHECK-SAME:      scales(dense<{{\[\[}}0.00492187496], [0.0046093748], [0.00679687504], [0.0017857143]]> : tensor<4x1xf32>)
// CHECK-SAME:      : !lpbq.weight<tensor<8x4xf32>, #lpbq.encoding<block_size = 4, channel_axis = 1, block_axis = 0>>
// CHECK-NEXT:    %[[W:.*]] = lpbq.dequantize %[[C]]
// CHECK-NEXT:    linalg.matmul ins(%{{.*}}, %[[W]] : tensor<2x8xf32>, tensor<8x4xf32>)

// -----

// A dense_resource float weight (the blob holds the 4-byte alignment header,
// then row-major float32 values).
func.func @dense_resource_weight(%x: tensor<2x8xf32>, %acc: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %w = arith.constant dense_resource<float_weight> : tensor<8x4xf32>
  %0 = linalg.matmul ins(%x, %w : tensor<2x8xf32>, tensor<8x4xf32>) outs(%acc : tensor<2x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

{-#
  dialect_resources: {
    builtin: {
      float_weight: "0x040000008FC2F5BCCDCCCCBDB81E053E8FC2F53C52B85E3FEC5138BECDCC4C3E000000808FC2F5BD0AD723BCAE4761BECDCCCCBDD7A3F03E295C8F3D8FC275BD0AD7233C7B142EBEAE47E1BD295C0FBFB81E053E8FC2F53C9A99193E713D8A3E8FC2F5BD3D0A17BFCDCCCC3D0AD7A33D0AD7A33D000080BEB81E85BE295C0F3FEC51B8BD"
    }
  }
#-}

// CHECK-LABEL: func.func @dense_resource_weight(
// CHECK-NOT:     arith.constant
// CHECK-NOT:     dense_resource<float_weight>
// CHECK:         %[[C:.*]] = lpbq.constant "dense_resource_weight.linalg.matmul_0.weight"
// CHECK-SAME:      values(dense<[-64, 36, -121, 7, 15, -119, 52, 30, -34, 121, 80, -93, 56, 65, -116, -73]> : tensor<16xi8>)
// CHECK-SAME:      int_scales(dense<{{\[\[}}16, 9], [11, 16], [6, 16], [11, 16]]> : tensor<4x2xi8>)
// CHECK-SAME:      scales(dense<{{\[\[}}0.00776785705], [2.031250e-03], [0.00500000035], [0.00116071431]]> : tensor<4x1xf32>)
// CHECK-SAME:      : !lpbq.weight<tensor<8x4xf32>, #lpbq.encoding<block_size = 4, channel_axis = 1, block_axis = 0>>
// CHECK-NEXT:    %[[W:.*]] = lpbq.dequantize %[[C]]
// CHECK-NEXT:    linalg.matmul ins(%{{.*}}, %[[W]] : tensor<2x8xf32>, tensor<8x4xf32>)
// The unused float blob is not printed.
// CHECK-NOT:     float_weight

// -----

// A splat weight: s_b = 0.5 / 7 in every block, pcs = s_b / 16, every int scale
// 16 and every q = 7 (0x77 = 119 per byte): splat payloads.
func.func @splat(%x: tensor<2x8xf32>, %acc: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %w = arith.constant dense<0.5> : tensor<8x4xf32>
  %0 = linalg.matmul ins(%x, %w : tensor<2x8xf32>, tensor<8x4xf32>) outs(%acc : tensor<2x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// CHECK-LABEL: func.func @splat(
// CHECK-NOT:     arith.constant
// CHECK:         %[[C:.*]] = lpbq.constant "splat.linalg.matmul_0.weight"
// CHECK-SAME:      values(dense<119> : tensor<16xi8>)
// CHECK-SAME:      int_scales(dense<16> : tensor<4x2xi8>)
// CHECK-SAME:      scales(dense<0.00446428545> : tensor<4x1xf32>)
// CHECK-SAME:      : !lpbq.weight<tensor<8x4xf32>, #lpbq.encoding<block_size = 4, channel_axis = 1, block_axis = 0>>
// CHECK-NEXT:    %[[W:.*]] = lpbq.dequantize %[[C]]
// CHECK-NEXT:    linalg.matmul ins(%{{.*}}, %[[W]] : tensor<2x8xf32>, tensor<8x4xf32>)
