// lpbq.constant payloads that name a dense_resource blob the file does not
// hold (an unknown key): the module parses, verifies and prints (the blob
// could be attached later) and the quantize pass leaves the already
// quantized weight alone, but every pass that reads the payloads reports a
// located error at the constant instead of crashing or silently skipping.

// RUN: lpbq-opt %s | FileCheck %s
// RUN: lpbq-opt %s --emit-bytecode | lpbq-opt | FileCheck %s
// RUN: lpbq-opt %s --lpbq-quantize-weights | FileCheck %s
// RUN: lpbq-opt %s -verify-diagnostics --lpbq-to-per-channel -o /dev/null
// RUN: lpbq-opt %s -verify-diagnostics --convert-lpbq-to-vector -o /dev/null
// RUN: lpbq-opt %s -verify-diagnostics --convert-lpbq-matmul-to-vector -o /dev/null
// RUN: lpbq-opt %s -verify-diagnostics --lpbq-export-encodings="path=%t.json" -o /dev/null
// RUN: lpbq-opt %s -verify-diagnostics --lpbq-compile -o /dev/null
// RUN: lpbq-opt %s -verify-diagnostics --lpbq-compile="lowering=vector" -o /dev/null
// RUN: lpbq-opt %s -verify-diagnostics --lpbq-compile="lowering=fused" -o /dev/null

// CHECK: lpbq.constant "fc.weight" values(dense_resource<no_such_blob> : tensor<8xi8>)
// CHECK-NOT: dialect_resources

func.func @fc(%x: tensor<3x8xf32>, %acc: tensor<3x2xf32>) -> tensor<3x2xf32> {
  // expected-error @below {{'lpbq.constant' op expected the data of values to be available, found no blob for dense_resource<no_such_blob>}}
  %w = lpbq.constant "fc.weight" values(dense_resource<no_such_blob> : tensor<8xi8>)
         int_scales(dense<[[16, 2], [16, 1]]> : tensor<2x2xi8>)
         scales(dense<[[0.00625], [0.0125]]> : tensor<2x1xf32>)
         : !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>
  %f = lpbq.dequantize %w : !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>
  %0 = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
         ins(%x, %f : tensor<3x8xf32>, tensor<2x8xf32>) outs(%acc : tensor<3x2xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}
