// RUN: lpbq-opt %s --lpbq-quantize-weights="block-size=4 report=%t.json" -o /dev/null
// RUN: FileCheck %s < %t.json

// A report path that cannot be opened is an error.
// RUN: not lpbq-opt %s --lpbq-quantize-weights="block-size=4 report=%t.no-such-dir/report.json" -o /dev/null 2>&1 | FileCheck %s --check-prefix=BADPATH
// BADPATH: error: lpbq: cannot open report file '{{.*}}.no-such-dir/report.json'

// The per-layer JSON report: one entry per quantized weight, in program order
// (weights left unquantized are not listed). SQNRs (dB, float64) were checked
// against the numpy reference (python/lpbq/reference.py): LPBQ is q * S_b,
// "blockwise" uses the uncompressed block scales s_b, "per_channel" one block
// spanning the whole block axis. bits_per_weight = bw + (dbw - bw) / (elements
// per block) + 32 * (float scales) / (elements): 4 + 4/4 + 32*2/16 = 9 for fc,
// 4 + 4/16 + 32*2/64 = 5.25 for the conv (a block spans the 2x2 window). The
// tosa.matmul weight has 2 x 4 = 8 channels (batch x output channel). An all-zero
// weight is reconstructed exactly: its SQNRs (infinite) are null.

// CHECK:      {
// CHECK-NEXT:   "version": "1",
// CHECK-NEXT:   "summary": {
// CHECK-NEXT:     "weights-quantized": 4,
// CHECK-NEXT:     "skipped-excluded": 0,
// CHECK-NEXT:     "skipped-not-constant": 0,
// CHECK-NEXT:     "skipped-not-divisible": 1,
// CHECK-NEXT:     "skipped-small": 0,
// CHECK-NEXT:     "skipped-depthwise": 0,
// CHECK-NEXT:     "skipped-unsupported-form": 0,
// CHECK-NEXT:     "skipped-layout-conflict": 0,
// CHECK-NEXT:     "skipped-element-type": 0,
// CHECK-NEXT:     "bytes-before": {{[0-9]+}},
// CHECK-NEXT:     "bytes-after": {{[0-9]+}}
// CHECK-NEXT:   },
// CHECK-NEXT:   "layers": [
// CHECK-NEXT:     {
// CHECK-NEXT:       "name": "fc.weight",
// CHECK-NEXT:       "op": "linalg.matmul",
// CHECK-NEXT:       "shape": [
// CHECK-NEXT:         2,
// CHECK-NEXT:         8
// CHECK-NEXT:       ],
// CHECK-NEXT:       "channel_axis": 0,
// CHECK-NEXT:       "block_axis": 1,
// CHECK-NEXT:       "channels": 2,
// CHECK-NEXT:       "blocks": 2,
// CHECK-NEXT:       "block_size": 4,
// CHECK-NEXT:       "bits_per_weight": 9,
// CHECK-NEXT:       "sqnr_lpbq_db": 31.93345443{{[0-9]*}},
// CHECK-NEXT:       "sqnr_blockwise_db": 32.07235501{{[0-9]*}},
// CHECK-NEXT:       "sqnr_per_channel_db": 29.23934371{{[0-9]*}}
// CHECK-NEXT:     },
// CHECK-NEXT:     {
// CHECK-NEXT:       "name": "features.conv1.weight",
// CHECK-NEXT:       "op": "linalg.conv_2d_nhwc_hwcf",
// CHECK-NEXT:       "shape": [
// CHECK-NEXT:         2,
// CHECK-NEXT:         2,
// CHECK-NEXT:         8,
// CHECK-NEXT:         2
// CHECK-NEXT:       ],
// CHECK-NEXT:       "channel_axis": 3,
// CHECK-NEXT:       "block_axis": 2,
// CHECK-NEXT:       "channels": 2,
// CHECK-NEXT:       "blocks": 2,
// CHECK-NEXT:       "block_size": 4,
// CHECK-NEXT:       "bits_per_weight": 5.25{{[0-9]*}},
// CHECK-NEXT:       "sqnr_lpbq_db": 23.62430620{{[0-9]*}},
// CHECK-NEXT:       "sqnr_blockwise_db": 23.64987064{{[0-9]*}},
// CHECK-NEXT:       "sqnr_per_channel_db": 22.97912756{{[0-9]*}}
// CHECK-NEXT:     },
// CHECK-NEXT:     {
// CHECK-NEXT:       "name": "bmm.tosa.matmul_0.weight",
// CHECK-NEXT:       "op": "tosa.matmul",
// CHECK-NEXT:       "shape": [
// CHECK-NEXT:         2,
// CHECK-NEXT:         8,
// CHECK-NEXT:         4
// CHECK-NEXT:       ],
// CHECK-NEXT:       "channel_axis": 2,
// CHECK-NEXT:       "block_axis": 1,
// CHECK-NEXT:       "channels": 8,
// CHECK-NEXT:       "blocks": 2,
// CHECK-NEXT:       "block_size": 4,
// CHECK-NEXT:       "bits_per_weight": 9,
// CHECK-NEXT:       "sqnr_lpbq_db": 24.96477225{{[0-9]*}},
// CHECK-NEXT:       "sqnr_blockwise_db": 25.06109201{{[0-9]*}},
// CHECK-NEXT:       "sqnr_per_channel_db": 23.03607194{{[0-9]*}}
// CHECK-NEXT:     },
// CHECK-NEXT:     {
// CHECK-NEXT:       "name": "zeros.linalg.matmul_0.weight",
// CHECK-NEXT:       "op": "linalg.matmul",
// CHECK-NEXT:       "shape": [
// CHECK-NEXT:         8,
// CHECK-NEXT:         4
// CHECK-NEXT:       ],
// CHECK-NEXT:       "channel_axis": 1,
// CHECK-NEXT:       "block_axis": 0,
// CHECK-NEXT:       "channels": 4,
// CHECK-NEXT:       "blocks": 2,
// CHECK-NEXT:       "block_size": 4,
// CHECK-NEXT:       "bits_per_weight": 9,
// CHECK-NEXT:       "sqnr_lpbq_db": null,
// CHECK-NEXT:       "sqnr_blockwise_db": null,
// CHECK-NEXT:       "sqnr_per_channel_db": null
// CHECK-NEXT:     }
// CHECK-NEXT:   ]
// CHECK-NEXT: }
// CHECK-NOT: not_in_report

func.func @fc(%x: tensor<3x8xf32>, %acc: tensor<3x2xf32>) -> tensor<3x2xf32> {
  %w = arith.constant dense<[[0.7, -0.35, 0.1, 0.0, 0.07, -0.02, 0.03, 0.01], [-1.6, 0.8, 0.4, 0.2, 0.0, 0.0, 0.0, 0.0]]> : tensor<2x8xf32> loc("fc.weight")
  %0 = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
         ins(%x, %w : tensor<3x8xf32>, tensor<2x8xf32>) outs(%acc : tensor<3x2xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

func.func @conv(%x: tensor<1x5x5x8xf32>, %acc: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %w = arith.constant dense<[
     [[[0.91, 0.11],
       [-0.75, 0.13],
       [0.7, -0.06],
       [0.02, 0.04],
       [-0.26, 0.15],
       [0.37, 0.43],
       [-0.26, -0.08],
       [0.15, 0.57]],
      [[0.86, -0.18],
       [0.53, -0.14],
       [-0.44, 0.03],
       [0.56, -0.13],
       [0.68, -0.18],
       [0.54, 0.48],
       [-0.44, -0.4],
       [0.61, -0.42]]],
     [[[0.58, 0.2],
       [-0.84, 0.03],
       [-0.3, 0.08],
       [0.76, -0.07],
       [-0.28, -0.3],
       [0.56, 0.32],
       [0.58, 0.07],
       [0.62, -0.44]],
      [[0.76, -0.05],
       [-0.17, 0.13],
       [0.45, -0.18],
       [-0.49, 0.17],
       [-0.63, 0.27],
       [-0.34, -0.13],
       [0.53, 0.37],
       [-0.73, 0.47]]]]> : tensor<2x2x8x2xf32>
  %0 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
         ins(%x, %w : tensor<1x5x5x8xf32>, tensor<2x2x8x2xf32>) outs(%acc : tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> loc("features.conv1")
  return %0 : tensor<1x4x4x2xf32>
}

func.func @bmm(%a: tensor<2x3x8xf32>) -> tensor<2x3x4xf32> {
  %w = "tosa.const"() <{values = dense<[
     [[0.55, -0.02, 0.22, 0.05],
      [-0.81, 0.19, 0.16, 0.07],
      [-0.74, -0.02, -0.08, 0.1],
      [0.29, 0.13, -0.03, -0.07],
      [0.09, -0.52, 0.66, 0.05],
      [0.41, -0.17, 0.94, 0.16],
      [0.45, -0.37, -0.07, -0.18],
      [-0.55, 0.22, 0.49, 0.19]],
     [[-0.21, -0.26, -0.01, -0.19],
      [-0.44, -0.05, -0.11, 0.1],
      [-0.08, 0.67, 0.08, -0.11],
      [0.4, 0.61, -0.05, -0.13],
      [0.16, -0.58, -0.36, -0.99],
      [0.26, 0.26, 0.25, 0.56],
      [-0.04, 0.11, -0.43, -0.77],
      [0.15, -0.05, 0.08, 0.53]]]> : tensor<2x8x4xf32>}> : () -> tensor<2x8x4xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.matmul %a, %w, %zp, %zp : (tensor<2x3x8xf32>, tensor<2x8x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

func.func @zeros(%x: tensor<2x8xf32>, %acc: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %w = arith.constant dense<0.0> : tensor<8x4xf32>
  %0 = linalg.matmul ins(%x, %w : tensor<2x8xf32>, tensor<8x4xf32>) outs(%acc : tensor<2x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

func.func @not_in_report(%x: tensor<2x6xf32>, %acc: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %w = arith.constant dense<0.5> : tensor<6x4xf32>
  %0 = linalg.matmul ins(%x, %w : tensor<2x6xf32>, tensor<6x4xf32>) outs(%acc : tensor<2x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}
