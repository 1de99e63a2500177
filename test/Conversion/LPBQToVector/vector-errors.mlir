// RUN: lpbq-opt %s -split-input-file --convert-lpbq-to-vector -verify-diagnostics
// RUN: not lpbq-opt %s --convert-lpbq-to-vector=vector-width=3 -mlir-print-op-on-diagnostic=false 2>&1 | FileCheck %s --check-prefix=ERR3
// RUN: not lpbq-opt %s --convert-lpbq-to-vector=vector-width=0 -mlir-print-op-on-diagnostic=false 2>&1 | FileCheck %s --check-prefix=ERR0
// RUN: not lpbq-opt %s --convert-lpbq-to-vector=vector-width=65 -mlir-print-op-on-diagnostic=false 2>&1 | FileCheck %s --check-prefix=ERR65
// RUN: not lpbq-opt %s --lpbq-compile="lowering=vector vector-width=12" -mlir-print-op-on-diagnostic=false 2>&1 | FileCheck %s --check-prefix=ERR12

// Errors of --convert-lpbq-to-vector.

// vector-width must be a power of two; the message names the value given
// (as a number).
// ERR3: error: expected vector-width to be a power of two, found 3{{$}}
// ERR0: error: expected vector-width to be a power of two, found 0{{$}}
// ERR65: error: expected vector-width to be a power of two, found 65{{$}}
// ERR12: error: expected vector-width to be a power of two, found 12{{$}}

// A layout with the channel axis after the block axis but not innermost
// fits neither loop shape: an error on the dequantization.
func.func @channel_after_block() -> tensor<4x2x3xf32> {
  %w = lpbq.constant values(dense<17> : tensor<12xi8>)
         int_scales(dense<16> : tensor<2x2xi8>)
         scales(dense<0.5> : tensor<2x1xf32>)
         : !lpbq.weight<tensor<4x2x3xf32>, #lpbq.encoding<block_size = 2, channel_axis = 1, block_axis = 0>>
  // expected-error @+1 {{lpbq: cannot lower this dequantization to vector loops (unsupported weight layout)}}
  %f = lpbq.dequantize %w : !lpbq.weight<tensor<4x2x3xf32>, #lpbq.encoding<block_size = 2, channel_axis = 1, block_axis = 0>>
  return %f : tensor<4x2x3xf32>
}

// -----

// A batch axis after the block axis (and the channel axis not innermost).
func.func @batch_after_block() -> tensor<2x4x3xf32> {
  %w = lpbq.constant values(dense<17> : tensor<12xi8>)
         int_scales(dense<16> : tensor<3x2x2xi8>)
         scales(dense<0.5> : tensor<3x2x1xf32>)
         : !lpbq.weight<tensor<2x4x3xf32>, #lpbq.encoding<block_size = 2, channel_axis = 0, block_axis = 1, batch_axes = [2]>>
  // expected-error @+1 {{lpbq: cannot lower this dequantization to vector loops (unsupported weight layout)}}
  %f = lpbq.dequantize %w : !lpbq.weight<tensor<2x4x3xf32>, #lpbq.encoding<block_size = 2, channel_axis = 0, block_axis = 1, batch_axes = [2]>>
  return %f : tensor<2x4x3xf32>
}
