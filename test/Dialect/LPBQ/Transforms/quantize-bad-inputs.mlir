// RUN: lpbq-opt %s -split-input-file -verify-diagnostics --lpbq-quantize-weights="block-size=4"
// RUN: lpbq-opt %s -split-input-file -verify-diagnostics --lpbq-quantize-weights="block-size=4 strict=true"

// Weights the quantize pass cannot read or encode whatever the options: a
// located error (the pass fails and leaves the module unchanged), never a
// crash.

// A dense_resource weight whose blob the file does not hold (unknown key): an
// error at the constant, not a crash.
func.func @missing_blob(%x: tensor<2x8xf32>, %acc: tensor<2x4xf32>) -> tensor<2x4xf32> {
  // expected-error @below {{lpbq: cannot read the data of weight 'missing_blob.linalg.matmul_0.weight'}}
  %w = arith.constant dense_resource<no_such_blob> : tensor<8x4xf32>
  %0 = linalg.matmul ins(%x, %w : tensor<2x8xf32>, tensor<8x4xf32>) outs(%acc : tensor<2x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// A blob shorter than its type (4 bytes for 32 floats).
func.func @short_blob(%x: tensor<2x8xf32>, %acc: tensor<2x4xf32>) -> tensor<2x4xf32> {
  // expected-error @below {{lpbq: cannot read the data of weight 'short_blob.linalg.matmul_0.weight'}}
  %w = arith.constant dense_resource<short_blob> : tensor<8x4xf32>
  %0 = linalg.matmul ins(%x, %w : tensor<2x8xf32>, tensor<8x4xf32>) outs(%acc : tensor<2x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

{-#
  dialect_resources: {
    builtin: {
      short_blob: "0x040000000000803F"
    }
  }
#-}

// -----

// Zero-sized weights are rejected (with or without strict): there is nothing
// to block, and an LPBQ weight type must be non-empty.
func.func @zero_block_axis(%x: tensor<2x0xf32>, %acc: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %w = arith.constant dense<0.5> : tensor<0x4xf32>
  // expected-error @below {{lpbq: cannot quantize weight 'zero_block_axis.linalg.matmul_0.weight': expected a non-empty weight, dimension 0 has size 0}}
  %0 = linalg.matmul ins(%x, %w : tensor<2x0xf32>, tensor<0x4xf32>) outs(%acc : tensor<2x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @zero_channels(%x: tensor<2x8xf32>, %acc: tensor<2x0xf32>) -> tensor<2x0xf32> {
  %w = arith.constant dense<> : tensor<8x0xf32>
  // expected-error @below {{lpbq: cannot quantize weight 'zero_channels.linalg.matmul_0.weight': expected a non-empty weight, dimension 1 has size 0}}
  %0 = linalg.matmul ins(%x, %w : tensor<2x8xf32>, tensor<8x0xf32>) outs(%acc : tensor<2x0xf32>) -> tensor<2x0xf32>
  return %0 : tensor<2x0xf32>
}

// -----

// A splat weight whose element count overflows int64_t: an error, not a huge
// allocation.
func.func @too_many_elements(%x: tensor<2x4611686018427387904xf32>, %acc: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %w = arith.constant dense<0.5> : tensor<4611686018427387904x8xf32>
  // expected-error @below {{lpbq: cannot quantize weight 'too_many_elements.linalg.matmul_0.weight': expected a weight of at most 288230376151711744 elements, found shape 4611686018427387904x8}}
  %0 = linalg.matmul ins(%x, %w : tensor<2x4611686018427387904xf32>, tensor<4611686018427387904x8xf32>) outs(%acc : tensor<2x8xf32>) -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}
