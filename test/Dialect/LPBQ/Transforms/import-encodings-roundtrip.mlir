// Round trip: quantize + export, then import the encodings file into the
// original float module; the result is the quantized module, identical
// (lpbq.constant payloads, types, names and everything else), for both file
// formats, every block grouping, and a weight shared by two ops, seen through
// a transpose, of a batch_matmul (batch axes) or without a name.

// RUN: lpbq-opt %s --lpbq-quantize-weights="block-size=4" --lpbq-export-encodings="path=%t.v1.json" -o %t.q.mlir
// RUN: lpbq-opt %s --lpbq-import-encodings="path=%t.v1.json" -o %t.i.mlir
// RUN: diff %t.q.mlir %t.i.mlir
// RUN: FileCheck %s < %t.i.mlir

// RUN: lpbq-opt %s --lpbq-quantize-weights="block-size=4" --lpbq-export-encodings="path=%t.v2.json format=2.0.0" -o %t.q2.mlir
// RUN: lpbq-opt %s --lpbq-import-encodings="path=%t.v2.json" -o %t.i2.mlir
// RUN: diff %t.q2.mlir %t.i2.mlir

// Plain blockwise (PER_BLOCK entries with one float scale per block).
// RUN: lpbq-opt %s --lpbq-quantize-weights="block-size=2 block-grouping=1" --lpbq-export-encodings="path=%t.pb.json" -o %t.qpb.mlir
// RUN: lpbq-opt %s --lpbq-import-encodings="path=%t.pb.json" -o %t.ipb.mlir
// RUN: diff %t.qpb.mlir %t.ipb.mlir
// RUN: FileCheck %s --check-prefix=PERBLOCK < %t.pb.json
// RUN: lpbq-opt %s --lpbq-quantize-weights="block-size=2 block-grouping=1" --lpbq-export-encodings="path=%t.pb2.json format=2.0.0" -o %t.qpb2.mlir
// RUN: lpbq-opt %s --lpbq-import-encodings="path=%t.pb2.json" -o %t.ipb2.mlir
// RUN: diff %t.qpb2.mlir %t.ipb2.mlir

// Groups of two blocks: the grouping follows from the number of scales (one
// scale per channel reads as block_grouping = -1, so a grouping equal to the
// number of blocks would come back as -1, the same encoding).
// RUN: lpbq-opt %s --lpbq-quantize-weights="block-size=1 block-grouping=2" --lpbq-export-encodings="path=%t.g2.json" -o %t.qg2.mlir
// RUN: lpbq-opt %s --lpbq-import-encodings="path=%t.g2.json" -o %t.ig2.mlir
// RUN: diff %t.qg2.mlir %t.ig2.mlir
// RUN: lpbq-opt %s --lpbq-quantize-weights="block-size=1 block-grouping=2" --lpbq-export-encodings="path=%t.g2v2.json format=2.0.0" -o %t.qg2v2.mlir
// RUN: lpbq-opt %s --lpbq-import-encodings="path=%t.g2v2.json" -o %t.ig2v2.mlir
// RUN: diff %t.qg2v2.mlir %t.ig2v2.mlir

// Other bitwidths: 3-bit values with 7-bit per-channel integers, read from
// the 1.0.0 file (bw, compressed_bw); 2.0.0 takes the decompressed bitwidth
// from the option.
// RUN: lpbq-opt %s --lpbq-quantize-weights="block-size=4 bitwidth=3 decompressed-bitwidth=7" --lpbq-export-encodings="path=%t.b3.json" -o %t.qb3.mlir
// RUN: lpbq-opt %s --lpbq-import-encodings="path=%t.b3.json" -o %t.ib3.mlir
// RUN: diff %t.qb3.mlir %t.ib3.mlir
// RUN: lpbq-opt %s --lpbq-quantize-weights="block-size=4 bitwidth=3 decompressed-bitwidth=7" --lpbq-export-encodings="path=%t.b3v2.json format=2.0.0" -o %t.qb3v2.mlir
// RUN: lpbq-opt %s --lpbq-import-encodings="path=%t.b3v2.json decompressed-bitwidth=7" -o %t.ib3v2.mlir
// RUN: diff %t.qb3v2.mlir %t.ib3v2.mlir

// The file has no rounding scheme: the option gives it.
// RUN: lpbq-opt %s --lpbq-quantize-weights="block-size=4 scheme=aimet-onnx" --lpbq-export-encodings="path=%t.onnx.json" -o %t.qonnx.mlir
// RUN: lpbq-opt %s --lpbq-import-encodings="path=%t.onnx.json scheme=aimet-onnx" -o %t.ionnx.mlir
// RUN: diff %t.qonnx.mlir %t.ionnx.mlir
// RUN: lpbq-opt %s --lpbq-quantize-weights="block-size=4 scheme=executorch" --lpbq-export-encodings="path=%t.et.json" -o %t.qet.mlir
// RUN: lpbq-opt %s --lpbq-import-encodings="path=%t.et.json scheme=executorch" -o %t.iet.mlir
// RUN: diff %t.qet.mlir %t.iet.mlir

// Large payloads become dense_resource blobs, as in the quantize pass.
// RUN: lpbq-opt %s --lpbq-quantize-weights="block-size=4 resource-threshold=8" --lpbq-export-encodings="path=%t.res.json" -o %t.qres.mlir
// RUN: lpbq-opt %s --lpbq-import-encodings="path=%t.res.json resource-threshold=8" -o %t.ires.mlir
// RUN: diff %t.qres.mlir %t.ires.mlir
// RUN: FileCheck %s --check-prefix=RESOURCE < %t.ires.mlir

// Bytecode in, bytecode out.
// RUN: lpbq-opt %s --emit-bytecode -o %t.float.mlirbc
// RUN: lpbq-opt %t.float.mlirbc --lpbq-import-encodings="path=%t.v1.json" -o %t.ibc.mlir
// RUN: diff %t.q.mlir %t.ibc.mlir

// The file is applied once: a second import finds the weights already
// quantized.
// RUN: not lpbq-opt %t.i.mlir --lpbq-import-encodings="path=%t.v1.json" 2>&1 | FileCheck %s --check-prefix=TWICE
// TWICE: error: lpbq: encodings file entry 'fc1.weight' (param_encodings[0]) matches no float weight: the weight is already an lpbq.constant

// CHECK-LABEL: func.func @mlp(
// CHECK:         lpbq.constant "fc1.weight"
// CHECK:         lpbq.constant "fc2.weight"
// CHECK-LABEL: func.func @conv_hwcf(
// CHECK:         lpbq.constant "conv.weight"
// CHECK-LABEL: func.func @tosa_conv(
// CHECK:         lpbq.constant "tosa_conv.tosa.conv2d_0.weight"
// CHECK-NOT:     tosa.transpose
// CHECK-LABEL: func.func @bmm(
// CHECK:         lpbq.constant "bmm.weight" {{.*}} batch_axes = [0]
// CHECK-LABEL: func.func @shared(
// CHECK-COUNT-1: lpbq.constant "shared.linalg.matmul_0.weight"
// CHECK-NOT:     lpbq.constant

// PERBLOCK: "enc_type": "PER_BLOCK"

// RESOURCE: lpbq.constant "fc1.weight" values(dense_resource<fc1.weight.values> : tensor<16xi8>)

func.func @mlp(%x: tensor<1x8xf32>, %acc: tensor<1x4xf32>, %acc2: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %w1 = arith.constant dense<[[0.0, 0.112, -0.103, -0.335], [-0.202, -0.442, 0.027, 0.597], [-1.422, -1.793, 1.415, 1.031], [0.047, -0.415, -0.013, 0.31], [-1.301, -0.443, -1.84, -1.248], [-4.46, -0.569, -3.069, 0.657], [0.087, -0.104, -1.404, -0.301], [-0.043, 0.101, -1.368, -0.427]]> : tensor<8x4xf32> loc("fc1.weight")
  %0 = linalg.matmul ins(%x, %w1 : tensor<1x8xf32>, tensor<8x4xf32>) outs(%acc : tensor<1x4xf32>) -> tensor<1x4xf32> loc("fc1")
  // [N, K] with transposed-B maps: channel 0, block 1.
  %w2 = arith.constant dense<[[0.07, 0.04, -0.771, 0.048], [0.855, -0.974, 0.541, 0.075], [-0.582, 1.815, 0.692, -1.088], [0.068, 0.523, -0.171, 0.62], [-0.234, 2.345, 5.056, -2.375], [0.714, -1.628, 0.447, -4.173], [-1.154, -0.391, 1.791, 2.282], [-2.637, -1.583, 1.289, -3.97]]> : tensor<8x4xf32>
  %1 = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
         ins(%0, %w2 : tensor<1x4xf32>, tensor<8x4xf32>) outs(%acc2 : tensor<1x8xf32>) -> tensor<1x8xf32> loc("fc2")
  return %1 : tensor<1x8xf32>
}

func.func @conv_hwcf(%x: tensor<1x3x3x8xf32>, %acc: tensor<1x3x2x2xf32>) -> tensor<1x3x2x2xf32> {
  %w = arith.constant dense<[[[[-0.274, -0.309], [-0.204, 1.24], [-0.864, -0.613], [0.593, -0.203], [-0.07, -0.396], [-0.011, -0.41], [1.208, 0.677], [-0.008, 0.233]], [[-0.441, 1.364], [-0.002, 0.247], [-3.412, 0.916], [-2.047, -2.468], [-0.333, -0.984], [0.091, 1.243], [-0.739, -0.554], [0.028, 0.067]]]]> : tensor<1x2x8x2xf32> loc("conv.weight")
  %0 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
         ins(%x, %w : tensor<1x3x3x8xf32>, tensor<1x2x8x2xf32>) outs(%acc : tensor<1x3x2x2xf32>) -> tensor<1x3x2x2xf32>
  return %0 : tensor<1x3x2x2xf32>
}

// An [I, KW, KH, O] constant transposed into tosa.conv2d's [O, KH, KW, I].
func.func @tosa_conv(%x: tensor<1x3x3x8xf32>) -> tensor<1x3x2x2xf32> {
  %c = "tosa.const"() <{values = dense<[[[[-0.285, 0.091]], [[-0.536, 0.213]]], [[[-0.44, 0.191]], [[-0.213, 0.196]]], [[[0.058, -0.686]], [[0.557, 0.643]]], [[[-0.029, -0.122]], [[-0.071, -0.435]]], [[[5.744, -2.838]], [[-0.268, -4.147]]], [[[-3.273, -6.68]], [[6.572, -0.806]]], [[[0.494, 0.007]], [[-0.355, -0.167]]], [[[-0.286, 0.004]], [[-0.192, -0.153]]]]> : tensor<8x2x1x2xf32>}> : () -> tensor<8x2x1x2xf32>
  %w = tosa.transpose %c {perms = array<i32: 3, 2, 1, 0>} : (tensor<8x2x1x2xf32>) -> tensor<2x1x2x8xf32>
  %b = "tosa.const"() <{values = dense<[0.5, -0.5]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
       : (tensor<1x3x3x8xf32>, tensor<2x1x2x8xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x2x2xf32>
  return %0 : tensor<1x3x2x2xf32>
}

func.func @bmm(%x: tensor<2x3x8xf32>, %acc: tensor<2x3x2xf32>) -> tensor<2x3x2xf32> {
  %w = arith.constant dense<[[[-2.771, 0.887], [1.223, -1.263], [-0.358, -1.087], [-3.847, 1.606], [-0.054, 0.164], [-1.89, 1.143], [-0.342, -0.091], [-5.042, -5.532]], [[0.384, -0.146], [0.69, -0.08], [-0.723, -0.832], [1.509, -0.723], [-0.992, 0.145], [5.191, 3.003], [0.122, -0.179], [-0.255, 0.175]]]> : tensor<2x8x2xf32> loc("bmm.weight")
  %0 = linalg.batch_matmul ins(%x, %w : tensor<2x3x8xf32>, tensor<2x8x2xf32>) outs(%acc : tensor<2x3x2xf32>) -> tensor<2x3x2xf32>
  return %0 : tensor<2x3x2xf32>
}

// One unnamed weight feeding two matmuls: one lpbq.constant for both.
func.func @shared(%x: tensor<1x8xf32>, %y: tensor<2x8xf32>, %acc: tensor<1x4xf32>, %acc2: tensor<2x4xf32>) -> (tensor<1x4xf32>, tensor<2x4xf32>) {
  %w = arith.constant dense<[[0.0, 0.112, -0.103, -0.335], [-0.202, -0.442, 0.027, 0.597], [-1.422, -1.793, 1.415, 1.031], [0.047, -0.415, -0.013, 0.31], [-1.301, -0.443, -1.84, -1.248], [-4.46, -0.569, -3.069, 0.657], [0.087, -0.104, -1.404, -0.301], [-0.043, 0.101, -1.368, -0.427]]> : tensor<8x4xf32>
  %0 = linalg.matmul ins(%x, %w : tensor<1x8xf32>, tensor<8x4xf32>) outs(%acc : tensor<1x4xf32>) -> tensor<1x4xf32>
  %1 = linalg.matmul ins(%y, %w : tensor<2x8xf32>, tensor<8x4xf32>) outs(%acc2 : tensor<2x4xf32>) -> tensor<2x4xf32>
  return %0, %1 : tensor<1x4xf32>, tensor<2x4xf32>
}
