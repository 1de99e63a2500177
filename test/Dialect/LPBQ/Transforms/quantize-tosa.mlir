// RUN: lpbq-opt %s -split-input-file --lpbq-quantize-weights="block-size=4" | FileCheck %s

// The weight layout table of --lpbq-quantize-weights on TOSA ops (int_scales
// and scales checked against the numpy reference, python/lpbq/reference.py).

// tosa.conv2d: weight [O, KH, KW, I] (OHWI): channel 0, block 3; a block is 4
// input channels times the 2x2 window. Bias and zero points are not weights.
func.func @conv2d(%x: tensor<1x5x5x8xf32>) -> tensor<1x4x4x2xf32> {
  %w = "tosa.const"() <{values = dense<[
     [[[-0.74, 0.0, 0.2, -0.94, -0.56, 0.69, -0.69, -0.59],
       [0.9, 0.24, -0.26, 0.02, 0.26, -0.36, -0.58, 0.46]],
      [[0.34, 0.02, 0.63, 0.1, 0.77, -0.47, 0.09, -0.03],
       [-0.29, 0.18, -0.53, 0.6, 0.59, -0.59, -0.05, -0.36]]],
     [[[-0.17, 0.16, -0.03, -0.14, 0.21, -0.36, 0.48, -0.34],
       [-0.19, -0.12, -0.06, -0.01, 0.49, 0.24, -0.19, -0.58]],
      [[-0.14, 0.2, -0.02, 0.08, -0.53, -0.56, 0.42, 0.11],
       [-0.08, -0.07, -0.16, -0.13, -0.57, 0.41, -0.04, -0.45]]]]> : tensor<2x2x2x8xf32>}> : () -> tensor<2x2x2x8xf32>
  %b = "tosa.const"() <{values = dense<[0.5, -0.5]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
       : (tensor<1x5x5x8xf32>, tensor<2x2x2x8xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  return %0 : tensor<1x4x4x2xf32>
}

// CHECK-LABEL: func.func @conv2d(
// CHECK-NOT:     tosa.const{{.*}}2x2x2x8xf32
// CHECK:         %[[C:.*]] = lpbq.constant "conv2d.tosa.conv2d_0.weight"
// CHECK-SAME:      int_scales(dense<{{\[\[}}16, 14], [6, 16]]> : tensor<2x2xi8>)
// CHECK-SAME:      scales(dense<{{\[\[}}0.0080357138], [4.531250e-03]]> : tensor<2x1xf32>)
// CHECK-SAME:      : !lpbq.weight<tensor<2x2x2x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 3>>
// CHECK-NEXT:    %[[W:.*]] = lpbq.dequantize %[[C]]
// CHECK-NEXT:    %[[B:.*]] = "tosa.const"() <{values = dense<[5.000000e-01, -5.000000e-01]> : tensor<2xf32>}>
// CHECK-NEXT:    %[[ZP:.*]] = "tosa.const"() <{values = dense<0.000000e+00> : tensor<1xf32>}>
// CHECK:         tosa.conv2d %{{.*}}, %[[W]], %[[B]], %[[ZP]], %[[ZP]]

// -----

// tosa.transpose_conv2d: weight [O, KH, KW, I]: channel 0, block 3.
func.func @transpose_conv2d(%x: tensor<1x3x3x8xf32>) -> tensor<1x4x4x2xf32> {
  %w = "tosa.const"() <{values = dense<[
     [[[-0.5, 0.89, -0.62, -0.64, -0.24, -0.43, 0.27, -0.62],
       [0.79, 0.72, -0.99, 0.08, -0.63, -0.39, -0.13, -0.07]],
      [[-0.06, 0.86, -0.48, -0.62, 0.27, 0.71, 0.68, 0.61],
       [-0.87, 0.87, 0.3, 0.74, -0.15, -0.45, 0.47, 0.26]]],
     [[[0.11, -0.12, -0.15, 0.11, -0.58, 0.53, -0.44, 0.12],
       [-0.03, -0.07, -0.13, 0.11, 0.5, 0.27, 0.12, 0.25]],
      [[0.01, 0.02, 0.16, -0.09, -0.33, 0.54, 0.53, -0.03],
       [0.12, 0.1, 0.18, -0.17, 0.48, 0.0, -0.06, 0.22]]]]> : tensor<2x2x2x8xf32>}> : () -> tensor<2x2x2x8xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
       : (tensor<1x3x3x8xf32>, tensor<2x2x2x8xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  return %0 : tensor<1x4x4x2xf32>
}

// CHECK-LABEL: func.func @transpose_conv2d(
// CHECK-NOT:     tosa.const{{.*}}2x2x2x8xf32
// CHECK:         %[[C:.*]] = lpbq.constant "transpose_conv2d.tosa.transpose_conv2d_0.weight"
// CHECK-SAME:      int_scales(dense<{{\[\[}}16, 13], [5, 16]]> : tensor<2x2xi8>)
// CHECK-SAME:      scales(dense<{{\[\[}}0.00794642884], [0.00482142856]]> : tensor<2x1xf32>)
// CHECK-SAME:      : !lpbq.weight<tensor<2x2x2x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 3>>
// CHECK-NEXT:    %[[W:.*]] = lpbq.dequantize %[[C]]
// CHECK:         tosa.transpose_conv2d %{{.*}}, %[[W]], %{{.*}}, %{{.*}}, %{{.*}} {

// -----

// tosa.matmul with a constant B [N, C, W]: channel 2, block 1, batch axis 0.
func.func @matmul(%a: tensor<2x3x8xf32>) -> tensor<2x3x4xf32> {
  %w = "tosa.const"() <{values = dense<[
     [[0.73, 0.14, 0.19, -0.06],
      [-0.85, 0.18, 0.07, -0.12],
      [0.82, 0.19, -0.13, 0.08],
      [-0.84, -0.02, 0.19, -0.02],
      [0.03, -0.46, 0.63, 0.0],
      [-0.4, 0.33, 0.96, 0.02],
      [0.38, 0.59, -0.94, 0.04],
      [0.75, -0.46, -0.55, 0.02]],
     [[0.27, 0.11, 0.02, -0.27],
      [0.29, -0.36, -0.17, 0.28],
      [0.19, -0.09, 0.09, -0.01],
      [-0.45, 0.21, 0.1, 0.15],
      [0.05, 0.69, 0.53, 0.75],
      [-0.12, -0.37, 0.04, 0.31],
      [-0.31, 0.1, -0.07, -1.0],
      [-0.07, -0.16, 0.56, -0.89]]]> : tensor<2x8x4xf32>}> : () -> tensor<2x8x4xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.matmul %a, %w, %zp, %zp : (tensor<2x3x8xf32>, tensor<2x8x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// CHECK-LABEL: func.func @matmul(
// CHECK-NOT:     tosa.const{{.*}}2x8x4xf32
// CHECK:         %[[C:.*]] = lpbq.constant "matmul.tosa.matmul_0.weight"
// CHECK-SAME:      int_scales(dense<{{\[\[\[}}16, 15], [5, 16], [3, 16], [16, 6]], {{\[\[}}16, 11], [7, 16], [4, 16], [5, 16]]]> : tensor<2x4x2xi8>)
// CHECK-SAME:      scales(dense<{{\[\[\[}}0.00732142804], [0.00526785711], [0.00857142825], [9.375000e-04]], {{\[\[}}0.00351562491], [0.0061607142], [0.00500000035], [7.812500e-03]]]> : tensor<2x4x1xf32>)
// CHECK-SAME:      : !lpbq.weight<tensor<2x8x4xf32>, #lpbq.encoding<block_size = 4, channel_axis = 2, block_axis = 1, batch_axes = [0]>>
// CHECK-NEXT:    %[[W:.*]] = lpbq.dequantize %[[C]]
// CHECK:         tosa.matmul %{{.*}}, %[[W]], %{{.*}}, %{{.*}} : (tensor<2x3x8xf32>, tensor<2x8x4xf32>, tensor<1xf32>, tensor<1xf32>)

// -----

// tosa.matmul with a constant A and a non-constant B: A is not a weight, B is
// not a constant: nothing to do.
func.func @matmul_constant_a(%b: tensor<1x8x4xf32>) -> tensor<1x2x4xf32> {
  %a = "tosa.const"() <{values = dense<0.5> : tensor<1x2x8xf32>}> : () -> tensor<1x2x8xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.matmul %a, %b, %zp, %zp : (tensor<1x2x8xf32>, tensor<1x8x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x4xf32>
  return %0 : tensor<1x2x4xf32>
}

// CHECK-LABEL: func.func @matmul_constant_a(
// CHECK-NOT:     lpbq.
// CHECK:         %[[A:.*]] = "tosa.const"() <{values = dense<5.000000e-01> : tensor<1x2x8xf32>}>
// CHECK-NOT:     lpbq.
// CHECK:         tosa.matmul %[[A]], %arg0,

// -----

// tosa.depthwise_conv2d: weight [KH, KW, C, M] has no input-channel axis for
// blocks to span: left alone (the remark is checked in quantize-remarks.mlir).
func.func @depthwise_conv2d(%x: tensor<1x5x5x8xf32>) -> tensor<1x4x4x16xf32> {
  %w = "tosa.const"() <{values = dense<0.25> : tensor<2x2x8x2xf32>}> : () -> tensor<2x2x8x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<16xf32>}> : () -> tensor<16xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.depthwise_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
       : (tensor<1x5x5x8xf32>, tensor<2x2x8x2xf32>, tensor<16xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x16xf32>
  return %0 : tensor<1x4x4x16xf32>
}

// CHECK-LABEL: func.func @depthwise_conv2d(
// CHECK-NOT:     lpbq.
// CHECK:         %[[W:.*]] = "tosa.const"() <{values = dense<2.500000e-01> : tensor<2x2x8x2xf32>}>
// CHECK-NOT:     lpbq.
// CHECK:         tosa.depthwise_conv2d %{{.*}}, %[[W]],
