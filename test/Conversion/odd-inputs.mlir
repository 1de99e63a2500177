// The lowerings on unusual but valid inputs: a weight that is a function
// argument (left alone by the passes; the pipeline then fails with a located
// error), a constant dequantized twice (once in a nested region), an unused
// constant, integer scales stored as ui8 and i32, and a 3-bit weight feeding a
// matmul (not fused: lowered by the dequantization lowerings instead).

// RUN: lpbq-opt %s -split-input-file --lpbq-to-per-channel | FileCheck %s --check-prefixes=CHECK,PC
// RUN: lpbq-opt %s -split-input-file --convert-lpbq-to-vector | FileCheck %s --check-prefixes=CHECK,VEC
// RUN: lpbq-opt %s -split-input-file --convert-lpbq-matmul-to-vector | FileCheck %s --check-prefixes=CHECK,FUSED
// RUN: not lpbq-opt %s -split-input-file --lpbq-compile -mlir-print-op-on-diagnostic=false 2>&1 | FileCheck %s --check-prefix=COMPILE
// RUN: not lpbq-opt %s -split-input-file --lpbq-compile=lowering=vector -mlir-print-op-on-diagnostic=false 2>&1 | FileCheck %s --check-prefix=COMPILE
// RUN: not lpbq-opt %s -split-input-file --lpbq-compile=lowering=fused -mlir-print-op-on-diagnostic=false 2>&1 | FileCheck %s --check-prefix=COMPILE

!W = !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>

// A weight that is not an lpbq.constant cannot be lowered: the passes leave
// its dequantization alone; bufferization then reports it, located.
// CHECK-LABEL: func.func @weight_argument(
// CHECK-SAME:    %[[ARG:.*]]: !lpbq.weight
// CHECK:         lpbq.dequantize %[[ARG]]
// COMPILE:       odd-inputs.mlir:[[# @LINE + 2]]:8: error: op was not bufferized
func.func @weight_argument(%w: !W) -> tensor<2x8xf32> {
  %f = lpbq.dequantize %w : !W
  return %f : tensor<2x8xf32>
}

// -----

!W = !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>

// CHECK-LABEL: func.func @shared_and_nested(
// PC-COUNT-2:    quant.dcast
// VEC-NOT:       lpbq.
// FUSED-COUNT-2: lpbq.dequantize
// CHECK-NOT:     lpbq.constant {{.*}}dense<0> : tensor<8xi8>
// CHECK:         return
// COMPILE-NOT:   error
func.func @shared_and_nested(%c: i1) -> (tensor<2x8xf32>, tensor<2x8xf32>) {
  %w = lpbq.constant values(dense<[-57, 1, -26, 18, 72, 18, 0, 0]> : tensor<8xi8>) int_scales(dense<[[16, 2], [16, 1]]> : tensor<2x2xi8>) scales(dense<[[0.00625], [0.0125]]> : tensor<2x1xf32>) : !W
  %unused = lpbq.constant values(dense<0> : tensor<8xi8>) int_scales(dense<1> : tensor<2x2xi8>) scales(dense<1.0> : tensor<2x1xf32>) : !W
  %f = lpbq.dequantize %w : !W
  %g = scf.if %c -> tensor<2x8xf32> {
    %h = lpbq.dequantize %w : !W
    scf.yield %h : tensor<2x8xf32>
  } else {
    scf.yield %f : tensor<2x8xf32>
  }
  return %f, %g : tensor<2x8xf32>, tensor<2x8xf32>
}

// -----

!W = !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>

// Integer scales are read as unsigned whatever their storage type.
// CHECK-LABEL: func.func @int_scale_storage(
// PC:            %[[C:.*]] = arith.constant dense<{{\[\[}}112, -64, 16, 0, 12, -4, 4, 2], [-128, 64, 32, 16, 0, 0, 0, 0]]> : tensor<2x8xi8>
// PC-COUNT-2:    quant.scast %[[C]]
// PC-NOT:        lpbq.
// VEC-NOT:       lpbq.
func.func @int_scale_storage() -> (tensor<2x8xf32>, tensor<2x8xf32>) {
  %a = lpbq.constant values(dense<[-57, 1, -26, 18, 72, 18, 0, 0]> : tensor<8xi8>) int_scales(dense<[[16, 2], [16, 1]]> : tensor<2x2xui8>) scales(dense<[[0.00625], [0.0125]]> : tensor<2x1xf32>) : !W
  %b = lpbq.constant values(dense<[-57, 1, -26, 18, 72, 18, 0, 0]> : tensor<8xi8>) int_scales(dense<[[16, 2], [16, 1]]> : tensor<2x2xi32>) scales(dense<[[0.00625], [0.0125]]> : tensor<2x1xf32>) : !W
  %fa = lpbq.dequantize %a : !W
  %fb = lpbq.dequantize %b : !W
  return %fa, %fb : tensor<2x8xf32>, tensor<2x8xf32>
}

// -----

!W3 = !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<bitwidth = 3, block_size = 4, channel_axis = 0, block_axis = 1>>

// Only 4- and 8-bit weights fuse; a 3-bit one is left to the dequantization
// lowerings (which the fused pipeline runs next).
// CHECK-LABEL: func.func @three_bit_matmul(
// FUSED:         lpbq.constant
// FUSED:         lpbq.dequantize
// FUSED:         linalg.matmul
// PC-NOT:        lpbq.
// VEC-NOT:       lpbq.
func.func @three_bit_matmul(%x: tensor<3x8xf32>, %acc: tensor<3x2xf32>) -> tensor<3x2xf32> {
  %w = lpbq.constant values(dense<17> : tensor<6xi8>) int_scales(dense<4> : tensor<2x2xi8>) scales(dense<0.5> : tensor<2x1xf32>) : !W3
  %f = lpbq.dequantize %w : !W3
  %0 = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
         ins(%x, %f : tensor<3x8xf32>, tensor<2x8xf32>) outs(%acc : tensor<3x2xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}
// COMPILE-NOT:   error
