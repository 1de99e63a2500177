// RUN: lpbq-opt %s -verify-diagnostics --lpbq-import-encodings="path=%S/Inputs/import-encodings-errors-v2.json"

// Format 2.0.0 entries that do not fit their weight: errors at the weight's
// constant. Every weight is [K = 8, N = 2] (linalg.matmul, block axis 0): 2
// channels of 2 blocks of 4.

func.func @good(%x: tensor<1x8xf32>, %acc: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<0.5> : tensor<8x2xf32>
  %0 = linalg.matmul ins(%x, %w : tensor<1x8xf32>, tensor<8x2xf32>) outs(%acc : tensor<1x2xf32>) -> tensor<1x2xf32>
  return %0 : tensor<1x2xf32>
}

func.func @axis(%x: tensor<1x8xf32>, %acc: tensor<1x2xf32>) -> tensor<1x2xf32> {
  // expected-error @below {{lpbq: cannot import the encoding of weight 'axis.linalg.matmul_0.weight': expected axis 0 (the weight's block axis), found 1}}
  %w = arith.constant dense<0.5> : tensor<8x2xf32>
  %0 = linalg.matmul ins(%x, %w : tensor<1x8xf32>, tensor<8x2xf32>) outs(%acc : tensor<1x2xf32>) -> tensor<1x2xf32>
  return %0 : tensor<1x2xf32>
}

func.func @int_rows(%x: tensor<1x8xf32>, %acc: tensor<1x2xf32>) -> tensor<1x2xf32> {
  // expected-error @below {{lpbq: cannot import the encoding of weight 'int_rows.linalg.matmul_0.weight': expected per_block_int_scale of 2 channels x 2 blocks}}
  %w = arith.constant dense<0.5> : tensor<8x2xf32>
  %0 = linalg.matmul ins(%x, %w : tensor<1x8xf32>, tensor<8x2xf32>) outs(%acc : tensor<1x2xf32>) -> tensor<1x2xf32>
  return %0 : tensor<1x2xf32>
}

func.func @int_cols(%x: tensor<1x8xf32>, %acc: tensor<1x2xf32>) -> tensor<1x2xf32> {
  // expected-error @below {{lpbq: cannot import the encoding of weight 'int_cols.linalg.matmul_0.weight': expected per_block_int_scale of 2 channels x 2 blocks}}
  %w = arith.constant dense<0.5> : tensor<8x2xf32>
  %0 = linalg.matmul ins(%x, %w : tensor<1x8xf32>, tensor<8x2xf32>) outs(%acc : tensor<1x2xf32>) -> tensor<1x2xf32>
  return %0 : tensor<1x2xf32>
}

func.func @scale_rows(%x: tensor<1x8xf32>, %acc: tensor<1x2xf32>) -> tensor<1x2xf32> {
  // expected-error @below {{lpbq: cannot import the encoding of weight 'scale_rows.linalg.matmul_0.weight': expected per_channel_float_scale of 2 channels with the same number of scales each}}
  %w = arith.constant dense<0.5> : tensor<8x2xf32>
  %0 = linalg.matmul ins(%x, %w : tensor<1x8xf32>, tensor<8x2xf32>) outs(%acc : tensor<1x2xf32>) -> tensor<1x2xf32>
  return %0 : tensor<1x2xf32>
}

func.func @per_block(%x: tensor<1x8xf32>, %acc: tensor<1x2xf32>) -> tensor<1x2xf32> {
  // expected-error @below {{lpbq: cannot import the encoding of weight 'per_block.linalg.matmul_0.weight': expected 2 float scales per channel (PER_BLOCK), found 1}}
  %w = arith.constant dense<0.5> : tensor<8x2xf32>
  %0 = linalg.matmul ins(%x, %w : tensor<1x8xf32>, tensor<8x2xf32>) outs(%acc : tensor<1x2xf32>) -> tensor<1x2xf32>
  return %0 : tensor<1x2xf32>
}

// Format 2.0.0 has no decompressed bitwidth: decompressed-bitwidth=8 gives
// K = 16.
func.func @int_range(%x: tensor<1x8xf32>, %acc: tensor<1x2xf32>) -> tensor<1x2xf32> {
  // expected-error @below {{lpbq: cannot import the encoding of weight 'int_range.linalg.matmul_0.weight': expected per_block_int_scale values in [1, 16], found 17 at index 3}}
  %w = arith.constant dense<0.5> : tensor<8x2xf32>
  %0 = linalg.matmul ins(%x, %w : tensor<1x8xf32>, tensor<8x2xf32>) outs(%acc : tensor<1x2xf32>) -> tensor<1x2xf32>
  return %0 : tensor<1x2xf32>
}
