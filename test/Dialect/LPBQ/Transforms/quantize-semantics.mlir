// RUN: lpbq-opt %s -split-input-file --lpbq-quantize-weights="block-size=4" | FileCheck %s

// Idempotence: a second application changes nothing (same checks, and the same
// text as one application).
// RUN: lpbq-opt %s -split-input-file --lpbq-quantize-weights="block-size=4" --lpbq-quantize-weights="block-size=4" | FileCheck %s
// RUN: lpbq-opt %s -split-input-file --lpbq-quantize-weights="block-size=4" > %t.once.mlir
// RUN: lpbq-opt %t.once.mlir -split-input-file --lpbq-quantize-weights="block-size=4" > %t.twice.mlir
// RUN: diff %t.once.mlir %t.twice.mlir

// A constant shared by two matmuls is quantized once: one lpbq.constant (named
// after the first user), one lpbq.dequantize feeding both.
func.func @shared_by_two_matmuls(%x: tensor<2x8xf32>, %y: tensor<3x8xf32>, %acc: tensor<2x4xf32>, %acc2: tensor<3x4xf32>) -> (tensor<2x4xf32>, tensor<3x4xf32>) {
  %w = arith.constant dense<[[0.5, -0.25, 0.1, 0.2], [0.3, 0.4, -0.6, 0.1], [-0.7, 0.05, 0.2, 0.3], [0.1, 0.2, 0.3, -0.4],
                             [0.05, -0.1, 0.02, 0.9], [0.01, 0.03, -0.05, 0.2], [0.02, 0.02, 0.04, -0.1], [-0.04, 0.01, 0.1, 0.3]]> : tensor<8x4xf32>
  %0 = linalg.matmul ins(%x, %w : tensor<2x8xf32>, tensor<8x4xf32>) outs(%acc : tensor<2x4xf32>) -> tensor<2x4xf32>
  %1 = linalg.matmul ins(%y, %w : tensor<3x8xf32>, tensor<8x4xf32>) outs(%acc2 : tensor<3x4xf32>) -> tensor<3x4xf32>
  return %0, %1 : tensor<2x4xf32>, tensor<3x4xf32>
}

// CHECK-LABEL: func.func @shared_by_two_matmuls(
// CHECK-NOT:     arith.constant
// CHECK:         %[[C:.*]] = lpbq.constant "shared_by_two_matmuls.linalg.matmul_0.weight"
// CHECK-SAME:      : !lpbq.weight<tensor<8x4xf32>, #lpbq.encoding<block_size = 4, channel_axis = 1, block_axis = 0>>
// CHECK-NEXT:    %[[W:.*]] = lpbq.dequantize %[[C]]
// CHECK-NOT:     lpbq.constant
// CHECK-NOT:     lpbq.dequantize
// CHECK-NOT:     arith.constant
// CHECK:         linalg.matmul ins(%{{.*}}, %[[W]] : tensor<2x8xf32>, tensor<8x4xf32>)
// CHECK-NEXT:    linalg.matmul ins(%{{.*}}, %[[W]] : tensor<3x8xf32>, tensor<8x4xf32>)

// -----

// Different ops that agree on the layout ([K, N], channel 1, block 0) share
// one lpbq.constant too.
func.func @shared_by_matmul_and_vecmat(%x: tensor<2x8xf32>, %v: tensor<8xf32>, %acc: tensor<2x4xf32>, %acc2: tensor<4xf32>) -> (tensor<2x4xf32>, tensor<4xf32>) {
  %w = arith.constant dense<[[0.5, -0.25, 0.1, 0.2], [0.3, 0.4, -0.6, 0.1], [-0.7, 0.05, 0.2, 0.3], [0.1, 0.2, 0.3, -0.4],
                             [0.05, -0.1, 0.02, 0.9], [0.01, 0.03, -0.05, 0.2], [0.02, 0.02, 0.04, -0.1], [-0.04, 0.01, 0.1, 0.3]]> : tensor<8x4xf32>
  %0 = linalg.matmul ins(%x, %w : tensor<2x8xf32>, tensor<8x4xf32>) outs(%acc : tensor<2x4xf32>) -> tensor<2x4xf32>
  %1 = linalg.vecmat ins(%v, %w : tensor<8xf32>, tensor<8x4xf32>) outs(%acc2 : tensor<4xf32>) -> tensor<4xf32>
  return %0, %1 : tensor<2x4xf32>, tensor<4xf32>
}

// CHECK-LABEL: func.func @shared_by_matmul_and_vecmat(
// CHECK-NOT:     arith.constant
// CHECK:         %[[C:.*]] = lpbq.constant "shared_by_matmul_and_vecmat.linalg.matmul_0.weight"
// CHECK-NEXT:    %[[W:.*]] = lpbq.dequantize %[[C]]
// CHECK-NOT:     lpbq.constant
// CHECK-NOT:     lpbq.dequantize
// CHECK-NOT:     arith.constant
// CHECK:         linalg.matmul ins(%{{.*}}, %[[W]] :
// CHECK-NEXT:    linalg.vecmat ins(%{{.*}}, %[[W]] :

// -----

// Users that disagree on the layout (as [K, N] for one matmul, as [N, K] for
// the other): the weight is left alone (with a remark, checked in
// quantize-remarks.mlir).
func.func @shared_layout_conflict(%x: tensor<2x8xf32>, %acc: tensor<2x8xf32>) -> (tensor<2x8xf32>, tensor<2x8xf32>) {
  %w = arith.constant dense<0.5> : tensor<8x8xf32>
  %0 = linalg.matmul ins(%x, %w : tensor<2x8xf32>, tensor<8x8xf32>) outs(%acc : tensor<2x8xf32>) -> tensor<2x8xf32>
  %1 = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
         ins(%x, %w : tensor<2x8xf32>, tensor<8x8xf32>) outs(%acc : tensor<2x8xf32>) -> tensor<2x8xf32>
  return %0, %1 : tensor<2x8xf32>, tensor<2x8xf32>
}

// CHECK-LABEL: func.func @shared_layout_conflict(
// CHECK-NOT:     lpbq.
// CHECK:         %[[CST:.*]] = arith.constant dense<5.000000e-01> : tensor<8x8xf32>
// CHECK-NOT:     lpbq.
// CHECK:         linalg.matmul ins(%{{.*}}, %[[CST]] :
// CHECK-NEXT:    linalg.matmul indexing_maps = {{.*}} ins(%{{.*}}, %[[CST]] :

// -----

// A constant that is also used as something other than a weight keeps its
// float constant for that use; the weight use reads the dequantized value.
func.func @non_weight_use(%x: tensor<2x8xf32>, %acc: tensor<2x4xf32>) -> (tensor<2x4xf32>, tensor<8x4xf32>) {
  %w = arith.constant dense<0.5> : tensor<8x4xf32>
  %0 = linalg.matmul ins(%x, %w : tensor<2x8xf32>, tensor<8x4xf32>) outs(%acc : tensor<2x4xf32>) -> tensor<2x4xf32>
  return %0, %w : tensor<2x4xf32>, tensor<8x4xf32>
}

// CHECK-LABEL: func.func @non_weight_use(
// CHECK:         %[[CST:.*]] = arith.constant dense<5.000000e-01> : tensor<8x4xf32>
// CHECK-NEXT:    %[[C:.*]] = lpbq.constant "non_weight_use.linalg.matmul_0.weight"
// CHECK-NEXT:    %[[W:.*]] = lpbq.dequantize %[[C]]
// CHECK-NEXT:    %[[R:.*]] = linalg.matmul ins(%{{.*}}, %[[W]] :
// CHECK-NEXT:    return %[[R]], %[[CST]] :

// -----

// The same constant as both operands of one matmul: only the weight operand
// (B) is replaced; A keeps the float constant.
func.func @non_weight_use_same_op(%acc: tensor<8x8xf32>) -> tensor<8x8xf32> {
  %w = arith.constant dense<0.5> : tensor<8x8xf32>
  %0 = linalg.matmul ins(%w, %w : tensor<8x8xf32>, tensor<8x8xf32>) outs(%acc : tensor<8x8xf32>) -> tensor<8x8xf32>
  return %0 : tensor<8x8xf32>
}

// CHECK-LABEL: func.func @non_weight_use_same_op(
// CHECK:         %[[CST:.*]] = arith.constant dense<5.000000e-01> : tensor<8x8xf32>
// CHECK-NEXT:    %[[C:.*]] = lpbq.constant "non_weight_use_same_op.linalg.matmul_0.weight"
// CHECK-NEXT:    %[[W:.*]] = lpbq.dequantize %[[C]]
// CHECK-NEXT:    linalg.matmul ins(%[[CST]], %[[W]] : tensor<8x8xf32>, tensor<8x8xf32>)

// -----

// A data-movement chain with another use is kept for that use; the lpbq
// constant is placed after the weight value and feeds the matmul.
func.func @chain_with_other_use(%x: tensor<2x8xf32>, %acc: tensor<2x4xf32>) -> (tensor<2x4xf32>, tensor<8x4xf32>) {
  %c = arith.constant dense<0.5> : tensor<32xf32>
  %w = tensor.expand_shape %c [[0, 1]] output_shape [8, 4] : tensor<32xf32> into tensor<8x4xf32>
  %0 = linalg.matmul ins(%x, %w : tensor<2x8xf32>, tensor<8x4xf32>) outs(%acc : tensor<2x4xf32>) -> tensor<2x4xf32>
  return %0, %w : tensor<2x4xf32>, tensor<8x4xf32>
}

// CHECK-LABEL: func.func @chain_with_other_use(
// CHECK:         %[[CST:.*]] = arith.constant dense<5.000000e-01> : tensor<32xf32>
// CHECK-NEXT:    %[[E:.*]] = tensor.expand_shape %[[CST]]
// CHECK-NEXT:    %[[C:.*]] = lpbq.constant "chain_with_other_use.linalg.matmul_0.weight"
// CHECK-NEXT:    %[[W:.*]] = lpbq.dequantize %[[C]]
// CHECK-NEXT:    %[[R:.*]] = linalg.matmul ins(%{{.*}}, %[[W]] :
// CHECK-NEXT:    return %[[R]], %[[E]] :

// -----

// Names: the constant's NameLoc wins (even when the consumer has one too).
func.func @name_from_constant(%x: tensor<2x8xf32>, %acc: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %w = arith.constant dense<0.5> : tensor<8x4xf32> loc("emb.weight"("model.py":3:4))
  %0 = linalg.matmul ins(%x, %w : tensor<2x8xf32>, tensor<8x4xf32>) outs(%acc : tensor<2x4xf32>) -> tensor<2x4xf32> loc("fc")
  return %0 : tensor<2x4xf32>
}

// CHECK-LABEL: func.func @name_from_constant(
// CHECK:         lpbq.constant "emb.weight"

// -----

// Names: else the consumer's NameLoc + ".weight".
func.func @name_from_consumer(%x: tensor<2x8xf32>, %acc: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %w = arith.constant dense<0.5> : tensor<8x4xf32>
  %0 = linalg.matmul ins(%x, %w : tensor<2x8xf32>, tensor<8x4xf32>) outs(%acc : tensor<2x4xf32>) -> tensor<2x4xf32> loc("layers.0.fc1")
  return %0 : tensor<2x4xf32>
}

// CHECK-LABEL: func.func @name_from_consumer(
// CHECK:         lpbq.constant "layers.0.fc1.weight"

// -----

// Names: else <function>.<op name>_<index>.weight, where index counts the ops
// of that name in the function (in order, quantized or not).
func.func @name_fallback(%x: tensor<2x8xf32>, %acc: tensor<2x4xf32>, %arg_w: tensor<8x4xf32>,
                         %img: tensor<1x3x3x8xf32>, %acc2: tensor<1x3x3x2xf32>) -> (tensor<2x4xf32>, tensor<1x3x3x2xf32>) {
  %0 = linalg.matmul ins(%x, %arg_w : tensor<2x8xf32>, tensor<8x4xf32>) outs(%acc : tensor<2x4xf32>) -> tensor<2x4xf32>
  %w1 = arith.constant dense<0.5> : tensor<8x4xf32>
  %1 = linalg.matmul ins(%x, %w1 : tensor<2x8xf32>, tensor<8x4xf32>) outs(%0 : tensor<2x4xf32>) -> tensor<2x4xf32>
  %w2 = arith.constant dense<0.25> : tensor<8x4xf32>
  %2 = linalg.matmul ins(%x, %w2 : tensor<2x8xf32>, tensor<8x4xf32>) outs(%1 : tensor<2x4xf32>) -> tensor<2x4xf32>
  %w3 = arith.constant dense<0.125> : tensor<1x1x8x2xf32>
  %3 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
         ins(%img, %w3 : tensor<1x3x3x8xf32>, tensor<1x1x8x2xf32>) outs(%acc2 : tensor<1x3x3x2xf32>) -> tensor<1x3x3x2xf32>
  return %2, %3 : tensor<2x4xf32>, tensor<1x3x3x2xf32>
}

// CHECK-LABEL: func.func @name_fallback(
// CHECK:         linalg.matmul ins(%{{.*}}, %arg2 :
// CHECK:         lpbq.constant "name_fallback.linalg.matmul_1.weight"
// CHECK:         lpbq.constant "name_fallback.linalg.matmul_2.weight"
// CHECK:         lpbq.constant "name_fallback.linalg.conv_2d_nhwc_hwcf_0.weight"

// -----

// Other constants and ops are untouched.
func.func @rest_untouched(%x: tensor<2x8xf32>, %acc: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %w = arith.constant dense<0.5> : tensor<8x4xf32>
  %b = arith.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %0 = linalg.matmul ins(%x, %w : tensor<2x8xf32>, tensor<8x4xf32>) outs(%acc : tensor<2x4xf32>) -> tensor<2x4xf32>
  %1 = linalg.broadcast ins(%b : tensor<4xf32>) outs(%acc : tensor<2x4xf32>) dimensions = [0]
  %2 = linalg.add ins(%0, %1 : tensor<2x4xf32>, tensor<2x4xf32>) outs(%acc : tensor<2x4xf32>) -> tensor<2x4xf32>
  return %2 : tensor<2x4xf32>
}

// CHECK-LABEL: func.func @rest_untouched(
// CHECK:         %[[C:.*]] = lpbq.constant "rest_untouched.linalg.matmul_0.weight"
// CHECK-NEXT:    %[[W:.*]] = lpbq.dequantize %[[C]]
// CHECK-NEXT:    %[[B:.*]] = arith.constant dense<[1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00]> : tensor<4xf32>
// CHECK-NEXT:    %[[M:.*]] = linalg.matmul ins(%{{.*}}, %[[W]] :
// CHECK-NEXT:    %[[BC:.*]] = linalg.broadcast ins(%[[B]] :
// CHECK-NEXT:    linalg.add ins(%[[M]], %[[BC]] :

// -----

// One constant seen through two different values (directly as [K, N], and
// transposed as another matmul's [K, N]): two weights, two lpbq.constants,
// and the float constant and the transpose are erased once both are rewritten.
func.func @two_views_of_one_constant(%x: tensor<2x8xf32>, %y: tensor<2x4xf32>, %acc: tensor<2x4xf32>, %acc2: tensor<2x8xf32>) -> (tensor<2x4xf32>, tensor<2x8xf32>) {
  %c = "tosa.const"() <{values = dense<0.5> : tensor<8x4xf32>}> : () -> tensor<8x4xf32>
  %t = tosa.transpose %c {perms = array<i32: 1, 0>} : (tensor<8x4xf32>) -> tensor<4x8xf32>
  %0 = linalg.matmul ins(%x, %c : tensor<2x8xf32>, tensor<8x4xf32>) outs(%acc : tensor<2x4xf32>) -> tensor<2x4xf32>
  %1 = linalg.matmul ins(%y, %t : tensor<2x4xf32>, tensor<4x8xf32>) outs(%acc2 : tensor<2x8xf32>) -> tensor<2x8xf32>
  return %0, %1 : tensor<2x4xf32>, tensor<2x8xf32>
}

// CHECK-LABEL: func.func @two_views_of_one_constant(
// CHECK-NOT:     tosa.
// CHECK:         %[[C0:.*]] = lpbq.constant "two_views_of_one_constant.linalg.matmul_0.weight"
// CHECK-SAME:      : !lpbq.weight<tensor<8x4xf32>, #lpbq.encoding<block_size = 4, channel_axis = 1, block_axis = 0>>
// CHECK-NEXT:    %[[W0:.*]] = lpbq.dequantize %[[C0]]
// CHECK-NEXT:    %[[C1:.*]] = lpbq.constant "two_views_of_one_constant.linalg.matmul_1.weight"
// CHECK-SAME:      : !lpbq.weight<tensor<4x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 1, block_axis = 0>>
// CHECK-NEXT:    %[[W1:.*]] = lpbq.dequantize %[[C1]]
// CHECK-NOT:     tosa.
// CHECK-NEXT:    linalg.matmul ins(%{{.*}}, %[[W0]] :
// CHECK-NEXT:    linalg.matmul ins(%{{.*}}, %[[W1]] :

// -----

// A consumer in a nested region: the lpbq.constant replaces the constant where
// it was defined, outside the loop.
func.func @consumer_in_loop(%x: tensor<2x8xf32>, %acc: tensor<2x4xf32>, %n: index) -> tensor<2x4xf32> {
  %w = arith.constant dense<0.5> : tensor<8x4xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%a = %acc) -> tensor<2x4xf32> {
    %0 = linalg.matmul ins(%x, %w : tensor<2x8xf32>, tensor<8x4xf32>) outs(%a : tensor<2x4xf32>) -> tensor<2x4xf32>
    scf.yield %0 : tensor<2x4xf32>
  }
  return %r : tensor<2x4xf32>
}

// CHECK-LABEL: func.func @consumer_in_loop(
// CHECK:         %[[C:.*]] = lpbq.constant "consumer_in_loop.linalg.matmul_0.weight"
// CHECK-NEXT:    %[[W:.*]] = lpbq.dequantize %[[C]]
// CHECK-NOT:     arith.constant dense
// CHECK:         scf.for
// CHECK-NEXT:      linalg.matmul ins(%{{.*}}, %[[W]] :
