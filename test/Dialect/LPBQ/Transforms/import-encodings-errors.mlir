// RUN: lpbq-opt %s -verify-diagnostics --lpbq-import-encodings="path=%S/Inputs/import-encodings-errors.json"

// Entries of the encodings file that do not fit their weight are errors at
// the weight's constant; entries that name no float weight, and names given
// twice, are errors on the module. Every error is reported, and nothing is
// rewritten, not even the weight whose entry is fine (good.*):
// RUN: not lpbq-opt %s --lpbq-import-encodings="path=%S/Inputs/import-encodings-errors.json" -mlir-print-ir-after-failure -mlir-print-op-on-diagnostic=false 2>&1 | FileCheck %s --check-prefix=UNCHANGED
// UNCHANGED: IR Dump After LPBQImportEncodings Failed
// UNCHANGED-NOT: lpbq.constant "
// UNCHANGED: func.func @good(
// UNCHANGED-NEXT: arith.constant dense<5.000000e-01> : tensor<8x2xf32>
// UNCHANGED-NOT: lpbq.constant "
// UNCHANGED: lpbq.constant "already.quantized"
// UNCHANGED-NOT: lpbq.constant "

// Every weight is [K = 8, N = 2] (linalg.matmul): 2 channels of 2 blocks of 4,
// named <function>.linalg.matmul_0.weight.
// expected-error @+3 {{lpbq: encodings file entry 'no.such.weight' (param_encodings[13]) matches no weight of the module}}
// expected-error @+2 {{lpbq: encodings file entry 'already.quantized' (param_encodings[14]) matches no float weight: the weight is already an lpbq.constant}}
// expected-error-re @+1 {{lpbq: encodings file '{{.*}}import-encodings-errors.json' names weight 'good.linalg.matmul_0.weight' twice (param_encodings[0] and param_encodings[15])}}
module {
func.func @good(%x: tensor<1x8xf32>, %acc: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<0.5> : tensor<8x2xf32>
  %0 = linalg.matmul ins(%x, %w : tensor<1x8xf32>, tensor<8x2xf32>) outs(%acc : tensor<1x2xf32>) -> tensor<1x2xf32>
  return %0 : tensor<1x2xf32>
}

func.func @int_count(%x: tensor<1x8xf32>, %acc: tensor<1x2xf32>) -> tensor<1x2xf32> {
  // expected-error @below {{lpbq: cannot import the encoding of weight 'int_count.linalg.matmul_0.weight': expected 4 per_block_int_scale values (2 channels x 2 blocks), found 3}}
  %w = arith.constant dense<0.5> : tensor<8x2xf32>
  %0 = linalg.matmul ins(%x, %w : tensor<1x8xf32>, tensor<8x2xf32>) outs(%acc : tensor<1x2xf32>) -> tensor<1x2xf32>
  return %0 : tensor<1x2xf32>
}

func.func @scale_count(%x: tensor<1x8xf32>, %acc: tensor<1x2xf32>) -> tensor<1x2xf32> {
  // expected-error @below {{lpbq: cannot import the encoding of weight 'scale_count.linalg.matmul_0.weight': expected 2 scales (one per channel), or one per channel and group of blocks with groups dividing the 2 blocks of a channel, found 3}}
  %w = arith.constant dense<0.5> : tensor<8x2xf32>
  %0 = linalg.matmul ins(%x, %w : tensor<1x8xf32>, tensor<8x2xf32>) outs(%acc : tensor<1x2xf32>) -> tensor<1x2xf32>
  return %0 : tensor<1x2xf32>
}

func.func @int_zero(%x: tensor<1x8xf32>, %acc: tensor<1x2xf32>) -> tensor<1x2xf32> {
  // expected-error @below {{lpbq: cannot import the encoding of weight 'int_zero.linalg.matmul_0.weight': expected per_block_int_scale values in [1, 16], found 0 at index 1}}
  %w = arith.constant dense<0.5> : tensor<8x2xf32>
  %0 = linalg.matmul ins(%x, %w : tensor<1x8xf32>, tensor<8x2xf32>) outs(%acc : tensor<1x2xf32>) -> tensor<1x2xf32>
  return %0 : tensor<1x2xf32>
}

func.func @int_too_large(%x: tensor<1x8xf32>, %acc: tensor<1x2xf32>) -> tensor<1x2xf32> {
  // expected-error @below {{lpbq: cannot import the encoding of weight 'int_too_large.linalg.matmul_0.weight': expected per_block_int_scale values in [1, 16], found 17 at index 2}}
  %w = arith.constant dense<0.5> : tensor<8x2xf32>
  %0 = linalg.matmul ins(%x, %w : tensor<1x8xf32>, tensor<8x2xf32>) outs(%acc : tensor<1x2xf32>) -> tensor<1x2xf32>
  return %0 : tensor<1x2xf32>
}

func.func @scale_zero(%x: tensor<1x8xf32>, %acc: tensor<1x2xf32>) -> tensor<1x2xf32> {
  // expected-error @below {{lpbq: cannot import the encoding of weight 'scale_zero.linalg.matmul_0.weight': expected finite positive scales, found 0 at index 1}}
  %w = arith.constant dense<0.5> : tensor<8x2xf32>
  %0 = linalg.matmul ins(%x, %w : tensor<1x8xf32>, tensor<8x2xf32>) outs(%acc : tensor<1x2xf32>) -> tensor<1x2xf32>
  return %0 : tensor<1x2xf32>
}

func.func @scale_negative(%x: tensor<1x8xf32>, %acc: tensor<1x2xf32>) -> tensor<1x2xf32> {
  // expected-error @below {{lpbq: cannot import the encoding of weight 'scale_negative.linalg.matmul_0.weight': expected finite positive scales, found -0.1 at index 0}}
  %w = arith.constant dense<0.5> : tensor<8x2xf32>
  %0 = linalg.matmul ins(%x, %w : tensor<1x8xf32>, tensor<8x2xf32>) outs(%acc : tensor<1x2xf32>) -> tensor<1x2xf32>
  return %0 : tensor<1x2xf32>
}

// 1e39 is not a float32.
func.func @scale_overflow(%x: tensor<1x8xf32>, %acc: tensor<1x2xf32>) -> tensor<1x2xf32> {
  // expected-error @below {{lpbq: cannot import the encoding of weight 'scale_overflow.linalg.matmul_0.weight': expected finite positive scales, found 1e+39 at index 1}}
  %w = arith.constant dense<0.5> : tensor<8x2xf32>
  %0 = linalg.matmul ins(%x, %w : tensor<1x8xf32>, tensor<8x2xf32>) outs(%acc : tensor<1x2xf32>) -> tensor<1x2xf32>
  return %0 : tensor<1x2xf32>
}

// The weight's block axis (K = 8) is not divisible by the file's block size.
func.func @block_size(%x: tensor<1x8xf32>, %acc: tensor<1x2xf32>) -> tensor<1x2xf32> {
  // expected-error @below {{lpbq: cannot import the encoding of weight 'block_size.linalg.matmul_0.weight': block axis 0 of size 8 is not divisible by block size 3}}
  %w = arith.constant dense<0.5> : tensor<8x2xf32>
  %0 = linalg.matmul ins(%x, %w : tensor<1x8xf32>, tensor<8x2xf32>) outs(%acc : tensor<1x2xf32>) -> tensor<1x2xf32>
  return %0 : tensor<1x2xf32>
}

func.func @bitwidth(%x: tensor<1x8xf32>, %acc: tensor<1x2xf32>) -> tensor<1x2xf32> {
  // expected-error @below {{lpbq: cannot import the encoding of weight 'bitwidth.linalg.matmul_0.weight': expected bitwidth in [2, 8], found 9}}
  %w = arith.constant dense<0.5> : tensor<8x2xf32>
  %0 = linalg.matmul ins(%x, %w : tensor<1x8xf32>, tensor<8x2xf32>) outs(%acc : tensor<1x2xf32>) -> tensor<1x2xf32>
  return %0 : tensor<1x2xf32>
}

// Offsets must be the symmetric -2^(bw - 1) (here bw = 8).
func.func @offsets(%x: tensor<1x8xf32>, %acc: tensor<1x2xf32>) -> tensor<1x2xf32> {
  // expected-error @below {{lpbq: cannot import the encoding of weight 'offsets.linalg.matmul_0.weight': expected symmetric offsets -128, found -127 at index 1}}
  %w = arith.constant dense<0.5> : tensor<8x2xf32>
  %0 = linalg.matmul ins(%x, %w : tensor<1x8xf32>, tensor<8x2xf32>) outs(%acc : tensor<1x2xf32>) -> tensor<1x2xf32>
  return %0 : tensor<1x2xf32>
}

// PER_BLOCK: one scale per block.
func.func @per_block_count(%x: tensor<1x8xf32>, %acc: tensor<1x2xf32>) -> tensor<1x2xf32> {
  // expected-error @below {{lpbq: cannot import the encoding of weight 'per_block_count.linalg.matmul_0.weight': expected 4 scales (2 channels x 2 blocks), found 3}}
  %w = arith.constant dense<0.5> : tensor<8x2xf32>
  %0 = linalg.matmul ins(%x, %w : tensor<1x8xf32>, tensor<8x2xf32>) outs(%acc : tensor<1x2xf32>) -> tensor<1x2xf32>
  return %0 : tensor<1x2xf32>
}

// One weight, two layouts: [K, N] for linalg.matmul, [N, K] for linalg.matvec.
func.func @conflict(%x: tensor<1x8xf32>, %acc: tensor<1x8xf32>, %v: tensor<8xf32>) -> (tensor<1x8xf32>, tensor<8xf32>) {
  // expected-error @below {{lpbq: cannot import the encoding of weight 'conflict.linalg.matmul_0.weight': its users disagree on the channel and block axes}}
  %w = arith.constant dense<0.5> : tensor<8x8xf32>
  %0 = linalg.matmul ins(%x, %w : tensor<1x8xf32>, tensor<8x8xf32>) outs(%acc : tensor<1x8xf32>) -> tensor<1x8xf32>
  %1 = linalg.matvec ins(%w, %v : tensor<8x8xf32>, tensor<8xf32>) outs(%v : tensor<8xf32>) -> tensor<8xf32>
  return %0, %1 : tensor<1x8xf32>, tensor<8xf32>
}

func.func @quantized() -> tensor<2x8xf32> {
  %w = lpbq.constant "already.quantized"
         values(dense<[-57, 1, -26, 18, 72, 18, 0, 0]> : tensor<8xi8>)
         int_scales(dense<[[16, 2], [16, 1]]> : tensor<2x2xi8>)
         scales(dense<[[0.00625], [0.0125]]> : tensor<2x1xf32>)
         : !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>
  %f = lpbq.dequantize %w : !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>
  return %f : tensor<2x8xf32>
}
}
