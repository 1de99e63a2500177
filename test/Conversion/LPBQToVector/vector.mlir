// RUN: lpbq-opt %s --convert-lpbq-to-vector | FileCheck %s
// RUN: lpbq-opt %s --convert-lpbq-to-vector=vector-width=4 | FileCheck %s --check-prefix=W4

// --convert-lpbq-to-vector alone on hand-written lpbq.constant/dequantize
// pairs: the loop nest on tensors over the packed bytes, the 4-bit unpacking
// (shift pairs + vector.interleave), the 8-bit path, the channel-innermost
// variant (vectors of scales from transposed tables) and the scalar path.
// The numbers these loops compute are checked by execution in
// test/Integration/per-channel-lower-quant-ops.mlir and jit-routes.py; the
// errors are in vector-errors.mlir.

// Block-contiguous layout [N=2, K=32], block 16, 4-bit: 4 runs of 16
// elements, each with one scalar integer scale and one scalar float scale;
// width 16 reads 8 bytes and interleaves the low and high nibbles. The runs
// lie inside the innermost dim, so the result is written in the weight's
// own shape (no flat tensor).
// CHECK-LABEL: func.func @block_contiguous_w16()
// CHECK-DAG:   %[[FOUR:.*]] = arith.constant dense<4> : vector<8xi8>
// CHECK-DAG:   %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:   %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG:   %[[C4:.*]] = arith.constant 4 : index
// CHECK-DAG:   %[[C16:.*]] = arith.constant 16 : index
// CHECK-DAG:   %[[P:.*]] = arith.constant dense<[-86, -12, 17, {{.*}}, -12, -62]> : tensor<32xi8>
// CHECK-DAG:   %[[I:.*]] = arith.constant dense<[16, 3, 5, 16]> : tensor<4xi32>
// CHECK-DAG:   %[[S:.*]] = arith.constant dense<[5.000000e-01, 2.500000e-01]> : tensor<2xf32>
// CHECK:       %[[E:.*]] = tensor.empty() : tensor<2x32xf32>
// CHECK:       %[[R:.*]] = scf.for %[[ROW:.*]] = %[[C0]] to %[[C4]] step %[[C1]] iter_args(%[[O:.*]] = %[[E]]) -> (tensor<2x32xf32>) {
// CHECK:         %[[IV:.*]] = tensor.extract %[[I]][%{{.*}}] : tensor<4xi32>
// CHECK:         %[[SV:.*]] = tensor.extract %[[S]][%{{.*}}] : tensor<2xf32>
// CHECK:         %[[IB:.*]] = vector.broadcast %[[IV]] : i32 to vector<16xi32>
// CHECK:         %[[SB:.*]] = vector.broadcast %[[SV]] : f32 to vector<16xf32>
// CHECK:         %[[IN:.*]] = scf.for %[[E2:.*]] = %[[C0]] to %[[C16]] step %[[C16]] iter_args(%[[O2:.*]] = %[[O]]) -> (tensor<2x32xf32>) {
// CHECK:           %[[B:.*]] = vector.transfer_read %[[P]][%{{.*}}], %{{.*}} {in_bounds = [true]} : tensor<32xi8>, vector<8xi8>
// CHECK:           %[[SH:.*]] = arith.shli %[[B]], %[[FOUR]] : vector<8xi8>
// CHECK:           %[[LO:.*]] = arith.shrsi %[[SH]], %[[FOUR]] : vector<8xi8>
// CHECK:           %[[HI:.*]] = arith.shrsi %[[B]], %[[FOUR]] : vector<8xi8>
// CHECK:           %[[Q:.*]] = vector.interleave %[[LO]], %[[HI]] : vector<8xi8> -> vector<16xi8>
// CHECK:           %[[QX:.*]] = arith.extsi %[[Q]] : vector<16xi8> to vector<16xi32>
// CHECK:           %[[QI:.*]] = arith.muli %[[QX]], %[[IB]] : vector<16xi32>
// CHECK:           %[[F:.*]] = arith.sitofp %[[QI]] : vector<16xi32> to vector<16xf32>
// CHECK:           %[[Y:.*]] = arith.mulf %[[F]], %[[SB]] : vector<16xf32>
// CHECK:           %[[W:.*]] = vector.transfer_write %[[Y]], %[[O2]][%{{.*}}, %{{.*}}] {in_bounds = [true]} : vector<16xf32>, tensor<2x32xf32>
// CHECK:           scf.yield %[[W]] : tensor<2x32xf32>
// CHECK:         scf.yield %[[IN]] : tensor<2x32xf32>
// CHECK:       return %[[R]] : tensor<2x32xf32>
// CHECK-NOT:   lpbq.
// With vector-width=4: 2 bytes per vector, 4 elements per step.
// W4-LABEL: func.func @block_contiguous_w16()
// W4:         scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} iter_args
// W4:           %[[B:.*]] = vector.transfer_read %{{.*}} : tensor<32xi8>, vector<2xi8>
// W4:           vector.interleave %{{.*}}, %{{.*}} : vector<2xi8> -> vector<4xi8>
// W4:           arith.mulf %{{.*}}, %{{.*}} : vector<4xf32>
func.func @block_contiguous_w16() -> tensor<2x32xf32> {
  %w = lpbq.constant values(dense<[-86, -12, 17, -125, -81, 110, -112, -96, 116, 23, -43, 10, 47, -57, -91, 77, 43, 15, 87, 5, 119, -70, 12, -11, -41, 22, -77, 65, 86, -89, -12, -62]> : tensor<32xi8>)
         int_scales(dense<[[16, 3], [5, 16]]> : tensor<2x2xi8>)
         scales(dense<[[0.5], [0.25]]> : tensor<2x1xf32>)
         : !lpbq.weight<tensor<2x32xf32>, #lpbq.encoding<block_size = 16, channel_axis = 0, block_axis = 1>>
  %f = lpbq.dequantize %w : !lpbq.weight<tensor<2x32xf32>, #lpbq.encoding<block_size = 16, channel_axis = 0, block_axis = 1>>
  return %f : tensor<2x32xf32>
}

// Channel-innermost layout [K=8, N=16] (a default-maps matmul weight),
// block 4: one row of 16 channels per K index; the integer and float scales
// are vectors read from tables transposed at compile time to [block][channel]
// and [group][channel].
// CHECK-LABEL: func.func @channel_innermost_w16()
// CHECK-DAG:   %[[C8:.*]] = arith.constant 8 : index
// CHECK-DAG:   %[[C16:.*]] = arith.constant 16 : index
// CHECK-DAG:   %[[P:.*]] = arith.constant dense<[-104, 103, {{.*}}, 41, 54]> : tensor<64xi8>
// CHECK-DAG:   %[[I:.*]] = arith.constant dense<[16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]> : tensor<32xi32>
// CHECK-DAG:   %[[S:.*]] = arith.constant dense<[1.000000e+00, 2.000000e+00, {{.*}}, 1.600000e+01]> : tensor<16xf32>
// CHECK:       scf.for %{{.*}} = %{{.*}} to %[[C8]] step %{{.*}} iter_args(%{{.*}} = %{{.*}}) -> (tensor<8x16xf32>) {
// CHECK-NOT:     tensor.extract
// CHECK:         scf.for %{{.*}} = %{{.*}} to %[[C16]] step %[[C16]] iter_args
// CHECK:           vector.transfer_read %[[P]][%{{.*}}], %{{.*}} {in_bounds = [true]} : tensor<64xi8>, vector<8xi8>
// CHECK:           vector.interleave %{{.*}}, %{{.*}} : vector<8xi8> -> vector<16xi8>
// CHECK:           %[[IV:.*]] = vector.transfer_read %[[I]][%{{.*}}], %{{.*}} {in_bounds = [true]} : tensor<32xi32>, vector<16xi32>
// CHECK:           %[[SV:.*]] = vector.transfer_read %[[S]][%{{.*}}], %{{.*}} {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
// CHECK:           %[[QI:.*]] = arith.muli %{{.*}}, %[[IV]] : vector<16xi32>
// CHECK:           %[[F:.*]] = arith.sitofp %[[QI]] : vector<16xi32> to vector<16xf32>
// CHECK:           arith.mulf %[[F]], %[[SV]] : vector<16xf32>
// CHECK:           vector.transfer_write %{{.*}} : vector<16xf32>, tensor<8x16xf32>
func.func @channel_innermost_w16() -> tensor<8x16xf32> {
  %w = lpbq.constant values(dense<[-104, 103, -20, -85, 37, -71, 97, -73, -127, -70, -33, -13, 109, 50, -45, -122, -84, 120, -7, 53, -123, -113, 91, 25, -56, -42, -100, -92, -113, 88, -8, -82, 50, -73, -122, 26, 101, -125, 78, -80, -110, -125, -51, 55, -14, 92, -73, -37, -49, 126, 125, -48, -26, -44, 55, -122, -103, -32, -73, 90, 60, 12, 41, 54]> : tensor<64xi8>)
         int_scales(dense<[[16, 1], [16, 2], [16, 3], [16, 4], [16, 5], [16, 6], [16, 7], [16, 8], [16, 9], [16, 10], [16, 11], [16, 12], [16, 13], [16, 14], [16, 15], [16, 16]]> : tensor<16x2xi8>)
         scales(dense<[[1.0], [2.0], [3.0], [4.0], [5.0], [6.0], [7.0], [8.0], [9.0], [10.0], [11.0], [12.0], [13.0], [14.0], [15.0], [16.0]]> : tensor<16x1xf32>)
         : !lpbq.weight<tensor<8x16xf32>, #lpbq.encoding<block_size = 4, channel_axis = 1, block_axis = 0>>
  %f = lpbq.dequantize %w : !lpbq.weight<tensor<8x16xf32>, #lpbq.encoding<block_size = 4, channel_axis = 1, block_axis = 0>>
  return %f : tensor<8x16xf32>
}

// Bitwidth 8 (decompressed bitwidth 12): one byte per value, read directly
// as vector<16xi8> and sign-extended; no nibble shifts.
// CHECK-LABEL: func.func @bitwidth8()
// CHECK:       scf.for
// CHECK:         scf.for
// CHECK:           %[[B:.*]] = vector.transfer_read %{{.*}} : tensor<32xi8>, vector<16xi8>
// CHECK-NEXT:      %[[X:.*]] = arith.extsi %[[B]] : vector<16xi8> to vector<16xi32>
// CHECK-NEXT:      arith.muli %[[X]], %{{.*}} : vector<16xi32>
// CHECK-NOT:       vector.interleave
// CHECK:           vector.transfer_write %{{.*}} : vector<16xf32>, tensor<2x16xf32>
func.func @bitwidth8() -> tensor<2x16xf32> {
  %w = lpbq.constant values(dense<[97, 71, 17, 109, -6, -90, 14, 32, -83, -92, 41, -15, -5, 73, 47, 101, -86, 66, 10, -119, -110, -36, 35, -87, 11, 127, -92, -92, 119, -66, 95, -37]> : tensor<32xi8>)
         int_scales(dense<[[16], [7]]> : tensor<2x1xi8>)
         scales(dense<[[0.5], [0.25]]> : tensor<2x1xf32>)
         : !lpbq.weight<tensor<2x16xf32>, #lpbq.encoding<bitwidth = 8, decompressed_bitwidth = 12, block_size = 16, channel_axis = 0, block_axis = 1>>
  %f = lpbq.dequantize %w : !lpbq.weight<tensor<2x16xf32>, #lpbq.encoding<bitwidth = 8, decompressed_bitwidth = 12, block_size = 16, channel_axis = 0, block_axis = 1>>
  return %f : tensor<2x16xf32>
}

// Bitwidth 3: the scalar path. Element e is bits [3e, 3e+3) of the byte
// stream: two bytes are extracted (the payload gets one zero byte of
// padding), shifted right by 3e mod 8 and sign-extended from 3 bits.
// CHECK-LABEL: func.func @bitwidth3_scalar()
// CHECK-DAG:   %[[C29:.*]] = arith.constant 29 : i32
// CHECK-DAG:   %[[C8I:.*]] = arith.constant 8 : i32
// CHECK-DAG:   %[[C3:.*]] = arith.constant 3 : index
// CHECK-DAG:   %[[C8:.*]] = arith.constant 8 : index
// CHECK-DAG:   %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG:   %[[P:.*]] = arith.constant dense<[-41, -113, 29, -57, -125, -84, 0]> : tensor<7xi8>
// CHECK-DAG:   %[[I:.*]] = arith.constant dense<[32, 3, 1, 32]> : tensor<4xi32>
// CHECK:       scf.for
// CHECK:         tensor.extract %[[I]]
// CHECK:         scf.for %{{.*}} = %{{.*}} to %{{.*}} step %[[C1]] iter_args
// CHECK:           %[[BIT:.*]] = arith.muli %{{.*}}, %[[C3]] : index
// CHECK:           %[[BY:.*]] = arith.divui %[[BIT]], %[[C8]] : index
// CHECK:           %[[SHI:.*]] = arith.remui %[[BIT]], %[[C8]] : index
// CHECK:           %[[B0:.*]] = tensor.extract %[[P]][%[[BY]]] : tensor<7xi8>
// CHECK:           %[[BY1:.*]] = arith.addi %[[BY]], %[[C1]] : index
// CHECK:           %[[B1:.*]] = tensor.extract %[[P]][%[[BY1]]] : tensor<7xi8>
// CHECK:           %[[L:.*]] = arith.extui %[[B0]] : i8 to i32
// CHECK:           %[[H:.*]] = arith.extui %[[B1]] : i8 to i32
// CHECK:           %[[HS:.*]] = arith.shli %[[H]], %[[C8I]] : i32
// CHECK:           %[[WD:.*]] = arith.ori %[[L]], %[[HS]] : i32
// CHECK:           %[[SH:.*]] = arith.index_cast %[[SHI]] : index to i32
// CHECK:           %[[FD:.*]] = arith.shrui %[[WD]], %[[SH]] : i32
// CHECK:           %[[UP:.*]] = arith.shli %[[FD]], %[[C29]] : i32
// CHECK:           %[[Q:.*]] = arith.shrsi %[[UP]], %[[C29]] : i32
// CHECK:           %[[QV:.*]] = vector.broadcast %[[Q]] : i32 to vector<1xi32>
// CHECK:           arith.muli %[[QV]], %{{.*}} : vector<1xi32>
// CHECK:           vector.transfer_write %{{.*}} : vector<1xf32>, tensor<2x8xf32>
// CHECK-NOT:   vector.interleave
// CHECK:       return
func.func @bitwidth3_scalar() -> tensor<2x8xf32> {
  %w = lpbq.constant values(dense<[-41, -113, 29, -57, -125, -84]> : tensor<6xi8>)
         int_scales(dense<[[32, 3], [1, 32]]> : tensor<2x2xi8>)
         scales(dense<[[0.5], [0.25]]> : tensor<2x1xf32>)
         : !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<bitwidth = 3, block_size = 4, channel_axis = 0, block_axis = 1>>
  %f = lpbq.dequantize %w : !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<bitwidth = 3, block_size = 4, channel_axis = 0, block_axis = 1>>
  return %f : tensor<2x8xf32>
}

// 4-bit with an odd row (3 channels innermost): no even width divides the
// row, so the scalar path is used (sign extension from 4 bits: shift by 28),
// still with the channel-innermost scale tables.
// CHECK-LABEL: func.func @odd_row_scalar()
// CHECK-DAG:   %[[C28:.*]] = arith.constant 28 : i32
// CHECK-DAG:   %[[P:.*]] = arith.constant dense<[-124, 82, 45, -85, -8, -112, 0]> : tensor<7xi8>
// CHECK:         scf.for
// CHECK:           tensor.extract %[[P]]
// CHECK:           arith.shli %{{.*}}, %[[C28]] : i32
// CHECK:           arith.shrsi %{{.*}}, %[[C28]] : i32
// CHECK:           vector.transfer_read %{{.*}} : tensor<6xi32>, vector<1xi32>
// CHECK:           vector.transfer_read %{{.*}} : tensor<3xf32>, vector<1xf32>
// CHECK-NOT:   vector.interleave
// W4-LABEL: func.func @odd_row_scalar()
// W4-NOT:     vector.interleave
// W4:         vector.transfer_write %{{.*}} : vector<1xf32>, tensor<4x3xf32>
func.func @odd_row_scalar() -> tensor<4x3xf32> {
  %w = lpbq.constant values(dense<[-124, 82, 45, -85, -8, -112]> : tensor<6xi8>)
         int_scales(dense<[[16, 2], [3, 16], [16, 16]]> : tensor<3x2xi8>)
         scales(dense<[[0.5], [0.25], [0.125]]> : tensor<3x1xf32>)
         : !lpbq.weight<tensor<4x3xf32>, #lpbq.encoding<block_size = 2, channel_axis = 1, block_axis = 0>>
  %f = lpbq.dequantize %w : !lpbq.weight<tensor<4x3xf32>, #lpbq.encoding<block_size = 2, channel_axis = 1, block_axis = 0>>
  return %f : tensor<4x3xf32>
}

// A conv weight [F=2, C=4, KH=3, KW=3] (FCHW), block 2: a run is 2 input
// channels x the 3x3 window (18 elements), longer than the innermost dim,
// so the loops write a flat tensor that is expanded at the end. 18 is not
// a multiple of 4 or 8 or 16: width 2 (one byte per vector).
// CHECK-LABEL: func.func @conv_fchw_flat()
// CHECK:       %[[E:.*]] = tensor.empty() : tensor<72xf32>
// CHECK:       %[[R:.*]] = scf.for {{.*}} iter_args(%{{.*}} = %[[E]]) -> (tensor<72xf32>) {
// CHECK:         scf.for
// CHECK:           vector.transfer_read %{{.*}} : tensor<36xi8>, vector<1xi8>
// CHECK:           vector.interleave %{{.*}}, %{{.*}} : vector<1xi8> -> vector<2xi8>
// CHECK:           vector.transfer_write %{{.*}}, %{{.*}}[%{{.*}}] {in_bounds = [true]} : vector<2xf32>, tensor<72xf32>
// CHECK:       %[[X:.*]] = tensor.expand_shape %[[R]] {{\[\[}}0, 1, 2, 3]] output_shape [2, 4, 3, 3] : tensor<72xf32> into tensor<2x4x3x3xf32>
// CHECK:       return %[[X]] : tensor<2x4x3x3xf32>
func.func @conv_fchw_flat() -> tensor<2x4x3x3xf32> {
  %w = lpbq.constant "conv.weight"
         values(dense<[1, 0, 0, 0, 18, 18, 18, 18, 18, 18, 18, 18, 18, 18, 18, 18, 18, 18, 18, 18, 18, 18, 18, 18, 18, 18, 18, 18, 18, 18, 18, 18, 18, 18, 18, 18]> : tensor<36xi8>)
         int_scales(dense<[[16, 8], [16, 16]]> : tensor<2x2xi8>)
         scales(dense<[[0.1], [0.2]]> : tensor<2x1xf32>)
         : !lpbq.weight<tensor<2x4x3x3xf32>, #lpbq.encoding<block_size = 2, channel_axis = 0, block_axis = 1>>
  %f = lpbq.dequantize %w : !lpbq.weight<tensor<2x4x3x3xf32>, #lpbq.encoding<block_size = 2, channel_axis = 0, block_axis = 1>>
  return %f : tensor<2x4x3x3xf32>
}

// A dequantization of a weight that is not an lpbq.constant is left alone.
// CHECK-LABEL: func.func @not_a_constant(
// CHECK-NEXT:    %[[F:.*]] = lpbq.dequantize %arg0
// CHECK-NEXT:    return %[[F]]
func.func @not_a_constant(%w: !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>) -> tensor<2x8xf32> {
  %f = lpbq.dequantize %w : !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>
  return %f : tensor<2x8xf32>
}
