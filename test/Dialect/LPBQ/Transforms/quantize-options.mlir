// Options of --lpbq-quantize-weights, one RUN each. Numbers checked against
// the numpy reference (python/lpbq/reference.py).

// Defaults (bitwidth 4, decompressed bitwidth 8, grouping -1, aimet-torch):
// int scales in [1, 16] as i8, one float scale per channel.
// RUN: lpbq-opt %s --lpbq-quantize-weights="block-size=4" | FileCheck %s --check-prefix=DEF
// bitwidth=3: 64 values x 3 bits = 24 bytes; int scales in [1, 2^(8-3) = 32].
// RUN: lpbq-opt %s --lpbq-quantize-weights="block-size=4 bitwidth=3" | FileCheck %s --check-prefix=BW3
// bitwidth=8: one byte per value; int scales in [1, 2^(10-8) = 4].
// RUN: lpbq-opt %s --lpbq-quantize-weights="block-size=4 bitwidth=8 decompressed-bitwidth=10" | FileCheck %s --check-prefix=BW8
// decompressed-bitwidth=12: int scales in [1, 256] no longer fit i8: i16.
// RUN: lpbq-opt %s --lpbq-quantize-weights="block-size=4 decompressed-bitwidth=12" | FileCheck %s --check-prefix=DBW12
// block-size=8: two blocks of 8 along K per channel.
// RUN: lpbq-opt %s --lpbq-quantize-weights="block-size=8" | FileCheck %s --check-prefix=BS8
// block-grouping=1: plain blockwise: one float scale per block, every int
// scale is 2^(8-4) = 16.
// RUN: lpbq-opt %s --lpbq-quantize-weights="block-size=4 block-grouping=1" | FileCheck %s --check-prefix=G1
// block-grouping=2: one float scale per pair of blocks (scales [4, 2]); the
// largest block of each pair gets 16.
// RUN: lpbq-opt %s --lpbq-quantize-weights="block-size=4 block-grouping=2" | FileCheck %s --check-prefix=G2
// scheme=aimet-onnx: scales from max(|min|, |max|) / 7 in float64.
// RUN: lpbq-opt %s --lpbq-quantize-weights="block-size=4 scheme=aimet-onnx" | FileCheck %s --check-prefix=ONNX
// scheme=executorch: values in [-7, 7], s_b = absmax / 7.
// RUN: lpbq-opt %s --lpbq-quantize-weights="block-size=4 scheme=executorch" | FileCheck %s --check-prefix=ET
// op-types=linalg.matmul: the conv weight is left alone.
// RUN: lpbq-opt %s --lpbq-quantize-weights="block-size=4 op-types=linalg.matmul" | FileCheck %s --check-prefix=OPS
// op-types as a list: only the conv weight is quantized.
// RUN: lpbq-opt %s --lpbq-quantize-weights="block-size=4 op-types=linalg.conv_2d_nhwc_hwcf,tosa.conv2d" | FileCheck %s --check-prefix=OPS2
// exclude by the name of the weight (the constant's NameLoc).
// RUN: lpbq-opt %s --lpbq-quantize-weights="block-size=4 exclude=fc1.weight" | FileCheck %s --check-prefix=EXC1
// exclude by the name of the consuming op (its NameLoc).
// RUN: lpbq-opt %s --lpbq-quantize-weights="block-size=4 exclude=fc2" | FileCheck %s --check-prefix=EXC2
// exclude as a list of generated weight names (consumer NameLoc + ".weight",
// and the <function>.<op>_<index>.weight fallback).
// RUN: lpbq-opt %s --lpbq-quantize-weights="block-size=4 exclude=fc2.weight,matmul.linalg.matmul_0.weight" | FileCheck %s --check-prefix=EXC3
// min-elements=32: the 16-element weights of @named are left alone; the
// 32-element conv weight is not fewer than 32 and is quantized.
// RUN: lpbq-opt %s --lpbq-quantize-weights="block-size=4 min-elements=32" | FileCheck %s --check-prefix=MIN
// resource-threshold=8: payloads of 8 bytes or more become dense_resource
// blobs keyed by the weight name; smaller ones (fc1 int_scales: 4 bytes) stay
// inline. Blob data starts with the 4-byte alignment (1 for i8, 4 for f32).
// RUN: lpbq-opt %s --lpbq-quantize-weights="block-size=4 resource-threshold=8" | FileCheck %s --check-prefix=RES

func.func @matmul(%x: tensor<2x16xf32>, %acc: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %w = arith.constant dense<[
     [0.56, 0.04, 0.13, -0.1],
     [0.26, 0.19, -0.05, -0.09],
     [0.92, 0.07, -0.18, 0.04],
     [0.99, -0.12, 0.21, 0.05],
     [-0.45, -0.38, 0.91, -0.06],
     [-0.09, 0.19, -0.12, -0.2],
     [-0.38, -0.03, 0.52, 0.04],
     [-0.11, -0.37, 0.57, -0.13],
     [0.05, 0.0, 0.08, -0.14],
     [-0.07, -0.3, 0.23, -0.27],
     [-0.12, -0.28, 0.67, 0.25],
     [0.02, -0.09, 0.51, -0.28],
     [0.05, -0.29, 0.03, 0.43],
     [0.08, -0.25, 0.02, -0.16],
     [0.17, -0.29, -0.12, -0.36],
     [-0.06, 0.23, 0.02, 0.15]]> : tensor<16x4xf32>
  %0 = linalg.matmul ins(%x, %w : tensor<2x16xf32>, tensor<16x4xf32>) outs(%acc : tensor<2x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

func.func @conv(%x: tensor<1x3x3x16xf32>, %acc: tensor<1x3x3x2xf32>) -> tensor<1x3x3x2xf32> {
  %w = arith.constant dense<[
     [[[-0.27, -0.12],
       [-0.82, 0.06],
       [-0.08, 0.2],
       [0.7, 0.13],
       [-0.72, 0.07],
       [0.17, -0.54],
       [-0.04, -0.2],
       [-0.45, 0.36],
       [-0.02, -0.36],
       [-0.03, 0.37],
       [-0.03, -0.28],
       [-0.1, 0.01],
       [0.07, -0.05],
       [0.14, 0.01],
       [0.12, 0.04],
       [0.04, -0.05]]]]> : tensor<1x1x16x2xf32>
  %0 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
         ins(%x, %w : tensor<1x3x3x16xf32>, tensor<1x1x16x2xf32>) outs(%acc : tensor<1x3x3x2xf32>) -> tensor<1x3x3x2xf32>
  return %0 : tensor<1x3x3x2xf32>
}

func.func @named(%x: tensor<3x8xf32>, %acc: tensor<3x2xf32>) -> (tensor<3x2xf32>, tensor<3x2xf32>) {
  %w1 = arith.constant dense<[
     [0.39, 0.28, -0.74, -0.77, 0.25, 0.57, -0.48, -0.45],
     [0.09, -0.01, -0.03, -0.06, -0.52, -0.05, -0.24, -0.13]]> : tensor<2x8xf32> loc("fc1.weight")
  %w2 = arith.constant dense<[
     [0.19, 0.14, -0.37, -0.38, 0.12, 0.28, -0.24, -0.22],
     [0.05, 0.0, -0.01, -0.03, -0.26, -0.03, -0.12, -0.06]]> : tensor<2x8xf32>
  %0 = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
         ins(%x, %w1 : tensor<3x8xf32>, tensor<2x8xf32>) outs(%acc : tensor<3x2xf32>) -> tensor<3x2xf32> loc("fc1")
  %1 = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
         ins(%x, %w2 : tensor<3x8xf32>, tensor<2x8xf32>) outs(%acc : tensor<3x2xf32>) -> tensor<3x2xf32> loc("fc2")
  return %0, %1 : tensor<3x2xf32>, tensor<3x2xf32>
}

// DEF-LABEL: func.func @matmul(
// DEF-NOT:     arith.constant
// DEF:         %[[C:.*]] = lpbq.constant "matmul.linalg.matmul_0.weight"
// DEF-SAME:      values(dense<{{.*}}> : tensor<32xi8>)
// DEF-SAME:      int_scales(dense<{{\[\[}}16, 6, 2, 3], [9, 16, 13, 12], [4, 16, 12, 2], [3, 7, 9, 16]]> : tensor<4x4xi8>)
// DEF-SAME:      scales(dense<{{\[\[}}0.008839285], [2.968750e-03], [0.00812500063], [0.00383928558]]> : tensor<4x1xf32>)
// DEF-SAME:      #lpbq.encoding<block_size = 4, channel_axis = 1, block_axis = 0>>
// DEF-NEXT:    %[[W:.*]] = lpbq.dequantize %[[C]]
// DEF:         linalg.matmul ins(%{{.*}}, %[[W]] :
// DEF-LABEL: func.func @conv(
// DEF:         lpbq.constant "conv.linalg.conv_2d_nhwc_hwcf_0.weight"
// DEF-LABEL: func.func @named(
// DEF:         lpbq.constant "fc1.weight"
// DEF:         lpbq.constant "fc2.weight"

// BW3-LABEL: func.func @matmul(
// BW3-NOT:     arith.constant
// BW3:         %[[C:.*]] = lpbq.constant "matmul.linalg.matmul_0.weight"
// BW3-SAME:      values(dense<{{.*}}> : tensor<24xi8>)
// BW3-SAME:      int_scales(dense<{{\[\[}}32, 11, 3, 5], [21, 32, 25, 26], [7, 32, 24, 3], [6, 11, 19, 32]]> : tensor<4x4xi8>)
// BW3-SAME:      scales(dense<{{\[\[}}0.0103124995], [0.00296874973], [0.00947916693], [0.00447916659]]> : tensor<4x1xf32>)
// BW3-SAME:      #lpbq.encoding<bitwidth = 3, block_size = 4, channel_axis = 1, block_axis = 0>>
// BW3-NEXT:    %[[W:.*]] = lpbq.dequantize %[[C]]
// BW3:         linalg.matmul ins(%{{.*}}, %[[W]] :

// BW8-LABEL: func.func @matmul(
// BW8-NOT:     arith.constant
// BW8:         %[[C:.*]] = lpbq.constant "matmul.linalg.matmul_0.weight"
// BW8-SAME:      values(dense<{{.*}}> : tensor<64xi8>)
// BW8-SAME:      int_scales(dense<{{\[\[}}4, 2, 1, 1], [2, 4, 3, 3], [1, 4, 3, 1], [1, 2, 3, 4]]> : tensor<4x4xi8>)
// BW8-SAME:      scales(dense<{{\[\[}}0.00194881903], [7.42187432E-4], [0.00179133855], [8.46456678E-4]]> : tensor<4x1xf32>)
// BW8-SAME:      #lpbq.encoding<bitwidth = 8, decompressed_bitwidth = 10, block_size = 4, channel_axis = 1, block_axis = 0>>
// BW8-NEXT:    %[[W:.*]] = lpbq.dequantize %[[C]]
// BW8:         linalg.matmul ins(%{{.*}}, %[[W]] :

// DBW12-LABEL: func.func @matmul(
// DBW12-NOT:     arith.constant
// DBW12:         %[[C:.*]] = lpbq.constant "matmul.linalg.matmul_0.weight"
// DBW12-SAME:      values(dense<{{.*}}> : tensor<32xi8>)
// DBW12-SAME:      int_scales(dense<{{\[\[}}256, 102, 27, 44], [146, 256, 202, 195], [59, 256, 188, 30], [52, 104, 149, 256]]> : tensor<4x4xi16>)
// DBW12-SAME:      scales(dense<{{\[\[}}5.52455313E-4], [1.85546873E-4], [5.0781254E-4], [2.39955349E-4]]> : tensor<4x1xf32>)
// DBW12-SAME:      #lpbq.encoding<decompressed_bitwidth = 12, block_size = 4, channel_axis = 1, block_axis = 0>>
// DBW12-NEXT:    %[[W:.*]] = lpbq.dequantize %[[C]]
// DBW12:         linalg.matmul ins(%{{.*}}, %[[W]] :

// BS8-LABEL: func.func @matmul(
// BS8-NOT:     arith.constant
// BS8:         %[[C:.*]] = lpbq.constant "matmul.linalg.matmul_0.weight"
// BS8-SAME:      values(dense<{{.*}}> : tensor<32xi8>)
// BS8-SAME:      int_scales(dense<{{\[\[}}16, 3], [16, 13], [16, 12], [7, 16]]> : tensor<4x2xi8>)
// BS8-SAME:      scales(dense<{{\[\[}}0.008839285], [2.968750e-03], [0.00812500063], [0.00383928558]]> : tensor<4x1xf32>)
// BS8-SAME:      #lpbq.encoding<block_size = 8, channel_axis = 1, block_axis = 0>>
// BS8-NEXT:    %[[W:.*]] = lpbq.dequantize %[[C]]
// BS8:         linalg.matmul ins(%{{.*}}, %[[W]] :

// G1-LABEL: func.func @matmul(
// G1-NOT:     arith.constant
// G1:         %[[C:.*]] = lpbq.constant "matmul.linalg.matmul_0.weight"
// G1-SAME:      values(dense<{{.*}}> : tensor<32xi8>)
// G1-SAME:      int_scales(dense<16> : tensor<4x4xi8>)
// G1-SAME:      scales(dense<{{\[\[}}0.008839285, 0.00351562491, 9.375000e-04, 0.00151785708], [0.00169642852, 2.968750e-03, 2.343750e-03, 0.00226562493], [1.875000e-03, 0.00812500063, 0.00598214287, 9.375000e-04], [7.812500e-04, 1.562500e-03, 0.00223214272, 0.00383928558]]> : tensor<4x4xf32>)
// G1-SAME:      #lpbq.encoding<block_size = 4, block_grouping = 1, channel_axis = 1, block_axis = 0>>
// G1-NEXT:    %[[W:.*]] = lpbq.dequantize %[[C]]
// G1:         linalg.matmul ins(%{{.*}}, %[[W]] :

// G2-LABEL: func.func @matmul(
// G2-NOT:     arith.constant
// G2:         %[[C:.*]] = lpbq.constant "matmul.linalg.matmul_0.weight"
// G2-SAME:      values(dense<{{.*}}> : tensor<32xi8>)
// G2-SAME:      int_scales(dense<{{\[\[}}16, 6, 10, 16], [9, 16, 16, 15], [4, 16, 16, 3], [8, 16, 9, 16]]> : tensor<4x4xi8>)
// G2-SAME:      scales(dense<{{\[\[}}0.008839285, 0.00151785708], [2.968750e-03, 2.343750e-03], [0.00812500063, 0.00598214287], [1.562500e-03, 0.00383928558]]> : tensor<4x2xf32>)
// G2-SAME:      #lpbq.encoding<block_size = 4, block_grouping = 2, channel_axis = 1, block_axis = 0>>
// G2-NEXT:    %[[W:.*]] = lpbq.dequantize %[[C]]
// G2:         linalg.matmul ins(%{{.*}}, %[[W]] :

// ONNX-LABEL: func.func @matmul(
// ONNX-NOT:     arith.constant
// ONNX:         %[[C:.*]] = lpbq.constant "matmul.linalg.matmul_0.weight"
// ONNX-SAME:      values(dense<[20, -108, 114, -82, 55, 58, -57, 54, -103, -25, 79, -97, -6, 20, -98, -76, 3, -63, -100, -110, -87, 119, -31, -107, -110, 114, -93, -47, -106, -87, 110, 33]> : tensor<32xi8>)
// ONNX-SAME:      int_scales(dense<{{\[\[}}16, 7, 2, 3], [8, 16, 13, 12], [4, 16, 12, 2], [4, 7, 10, 16]]> : tensor<4x4xi8>)
// ONNX-SAME:      scales(dense<{{\[\[}}0.00883928593], [0.00339285703], [0.00812500063], [0.00383928581]]> : tensor<4x1xf32>)
// ONNX-SAME:      #lpbq.encoding<block_size = 4, channel_axis = 1, block_axis = 0, scheme = "aimet-onnx">>
// ONNX-NEXT:    %[[W:.*]] = lpbq.dequantize %[[C]]
// ONNX:         linalg.matmul ins(%{{.*}}, %[[W]] :

// ET-LABEL: func.func @matmul(
// ET-NOT:     arith.constant
// ET:         %[[C:.*]] = lpbq.constant "matmul.linalg.matmul_0.weight"
// ET-SAME:      values(dense<[20, -108, 114, -82, 55, 58, -57, 54, -103, -25, 79, -97, -6, 20, -98, -76, 3, -63, -100, -110, -87, 119, -31, -107, -110, 114, -93, -47, -106, -87, 110, 33]> : tensor<32xi8>)
// ET-SAME:      int_scales(dense<{{\[\[}}16, 7, 2, 3], [8, 16, 13, 12], [4, 16, 12, 2], [4, 7, 10, 16]]> : tensor<4x4xi8>)
// ET-SAME:      scales(dense<{{\[\[}}0.00883928593], [0.00339285703], [0.00812500063], [0.00383928581]]> : tensor<4x1xf32>)
// ET-SAME:      #lpbq.encoding<block_size = 4, channel_axis = 1, block_axis = 0, scheme = "executorch">>
// ET-NEXT:    %[[W:.*]] = lpbq.dequantize %[[C]]
// ET:         linalg.matmul ins(%{{.*}}, %[[W]] :

// OPS-LABEL: func.func @matmul(
// OPS:         lpbq.constant "matmul.linalg.matmul_0.weight"
// OPS-LABEL: func.func @conv(
// OPS-NOT:     lpbq.
// OPS:         %[[CST:.*]] = arith.constant dense<{{.*}}> : tensor<1x1x16x2xf32>
// OPS-NOT:     lpbq.
// OPS:         linalg.conv_2d_nhwc_hwcf {{.*}} ins(%{{.*}}, %[[CST]] :
// OPS-LABEL: func.func @named(
// OPS:         lpbq.constant "fc1.weight"
// OPS:         lpbq.constant "fc2.weight"

// OPS2-LABEL: func.func @matmul(
// OPS2-NOT:     lpbq.
// OPS2:         arith.constant dense<{{.*}}> : tensor<16x4xf32>
// OPS2-LABEL: func.func @conv(
// OPS2:         lpbq.constant "conv.linalg.conv_2d_nhwc_hwcf_0.weight"
// OPS2-LABEL: func.func @named(
// OPS2-NOT:     lpbq.

// EXC1-LABEL: func.func @named(
// EXC1-NOT:     "fc1.weight"
// EXC1:         %[[W1:.*]] = arith.constant dense<{{.*}}> : tensor<2x8xf32>
// EXC1-NOT:     "fc1.weight"
// EXC1:         %[[C2:.*]] = lpbq.constant "fc2.weight"
// EXC1-NEXT:    %[[W2:.*]] = lpbq.dequantize %[[C2]]
// EXC1-NOT:     "fc1.weight"
// EXC1:         linalg.matmul {{.*}} ins(%{{.*}}, %[[W1]] :
// EXC1:         linalg.matmul {{.*}} ins(%{{.*}}, %[[W2]] :

// EXC2-LABEL: func.func @named(
// EXC2-NOT:     "fc2.weight"
// EXC2:         %[[C1:.*]] = lpbq.constant "fc1.weight"
// EXC2-NEXT:    %[[W1:.*]] = lpbq.dequantize %[[C1]]
// EXC2-NEXT:    %[[W2:.*]] = arith.constant dense<{{.*}}> : tensor<2x8xf32>
// EXC2-NOT:     "fc2.weight"
// EXC2:         linalg.matmul {{.*}} ins(%{{.*}}, %[[W1]] :
// EXC2:         linalg.matmul {{.*}} ins(%{{.*}}, %[[W2]] :

// EXC3-LABEL: func.func @matmul(
// EXC3-NOT:     lpbq.
// EXC3-LABEL: func.func @conv(
// EXC3:         lpbq.constant "conv.linalg.conv_2d_nhwc_hwcf_0.weight"
// EXC3-LABEL: func.func @named(
// EXC3:         lpbq.constant "fc1.weight"
// EXC3-NOT:     lpbq.constant

// MIN-LABEL: func.func @matmul(
// MIN:         lpbq.constant "matmul.linalg.matmul_0.weight"
// MIN-LABEL: func.func @conv(
// MIN:         lpbq.constant "conv.linalg.conv_2d_nhwc_hwcf_0.weight"
// MIN-LABEL: func.func @named(
// MIN-NOT:     lpbq.
// MIN:         arith.constant dense<{{.*}}> : tensor<2x8xf32>
// MIN:         arith.constant dense<{{.*}}> : tensor<2x8xf32>
// MIN-NOT:     lpbq.

// RES-LABEL: func.func @matmul(
// RES:         lpbq.constant "matmul.linalg.matmul_0.weight"
// RES-SAME:      values(dense_resource<matmul.linalg.matmul_0.weight.values> : tensor<32xi8>)
// RES-SAME:      int_scales(dense_resource<matmul.linalg.matmul_0.weight.int_scales> : tensor<4x4xi8>)
// RES-SAME:      scales(dense_resource<matmul.linalg.matmul_0.weight.scales> : tensor<4x1xf32>)
// RES-LABEL: func.func @named(
// RES:         lpbq.constant "fc1.weight"
// RES-SAME:      values(dense_resource<fc1.weight.values> : tensor<8xi8>)
// RES-SAME:      int_scales(dense<{{\[\[}}16, 14], [3, 16]]> : tensor<2x2xi8>)
// RES-SAME:      scales(dense_resource<fc1.weight.scales> : tensor<2x1xf32>)
// RES:         {{^}}{-#
// RES-NEXT:      dialect_resources: {
// RES-NEXT:        builtin: {
// RES-NEXT:          matmul.linalg.matmul_0.weight.values: "0x010000001484728E373AC74688E74E9FF9148EB403C18C829977E185827293D186A96E21",
// RES-NEXT:          matmul.linalg.matmul_0.weight.int_scales: "0x010000001006020309100D0C04100C0203070910",
// RES-NEXT:          matmul.linalg.matmul_0.weight.scales: "0x04000000A6D2103C5C8F423BB91E053C869C7B3B",
// RES:               fc1.weight.values: "0x01000000348873BAF7BEF8EC",
// RES-NEXT:          fc1.weight.scales: "0x04000000B71EC53BB81E853B",
