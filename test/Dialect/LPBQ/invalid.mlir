// RUN: lpbq-opt %s -split-input-file -verify-diagnostics

// expected-error @+1 {{expected bitwidth in [2, 8], found 1}}
func.func private @bitwidth_low() attributes {enc = #lpbq.encoding<bitwidth = 1, block_size = 4, channel_axis = 0, block_axis = 1>}

// -----

// expected-error @+1 {{expected bitwidth in [2, 8], found 9}}
func.func private @bitwidth_high() attributes {enc = #lpbq.encoding<bitwidth = 9, decompressed_bitwidth = 16, block_size = 4, channel_axis = 0, block_axis = 1>}

// -----

// expected-error @+1 {{expected decompressed_bitwidth greater than the bitwidth (4) and at most 16, found 4}}
func.func private @dbw_not_greater() attributes {enc = #lpbq.encoding<decompressed_bitwidth = 4, block_size = 4, channel_axis = 0, block_axis = 1>}

// -----

// expected-error @+1 {{expected decompressed_bitwidth greater than the bitwidth (4) and at most 16, found 17}}
func.func private @dbw_too_big() attributes {enc = #lpbq.encoding<decompressed_bitwidth = 17, block_size = 4, channel_axis = 0, block_axis = 1>}

// -----

// expected-error @+1 {{expected block_size >= 1, found 0}}
func.func private @block_size() attributes {enc = #lpbq.encoding<block_size = 0, channel_axis = 0, block_axis = 1>}

// -----

// expected-error @+1 {{expected block_grouping -1 or >= 1, found 0}}
func.func private @grouping() attributes {enc = #lpbq.encoding<block_size = 4, block_grouping = 0, channel_axis = 0, block_axis = 1>}

// -----

// expected-error @+1 {{expected a non-negative channel_axis, found -1}}
func.func private @negative_channel() attributes {enc = #lpbq.encoding<block_size = 4, channel_axis = -1, block_axis = 1>}

// -----

// expected-error @+1 {{expected a non-negative block_axis, found -2}}
func.func private @negative_block() attributes {enc = #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = -2>}

// -----

// expected-error @+1 {{expected distinct channel_axis and block_axis, both are 1}}
func.func private @same_axes() attributes {enc = #lpbq.encoding<block_size = 4, channel_axis = 1, block_axis = 1>}

// -----

// expected-error @+1 {{expected non-negative batch_axes, found -1}}
func.func private @negative_batch() attributes {enc = #lpbq.encoding<block_size = 4, channel_axis = 2, block_axis = 1, batch_axes = [-1]>}

// -----

// expected-error @+1 {{expected batch_axes distinct from each other and from the channel and block axes, found 2 twice}}
func.func private @batch_repeats() attributes {enc = #lpbq.encoding<block_size = 4, channel_axis = 2, block_axis = 1, batch_axes = [2]>}

// -----

// expected-error @+1 {{expected scheme "aimet-torch", "aimet-onnx" or "executorch", found "gptq"}}
func.func private @scheme() attributes {enc = #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1, scheme = "gptq">}

// -----

// expected-error @+1 {{expected a statically shaped weight, found 'tensor<?x8xf32>'}}
func.func @dynamic(%w: !lpbq.weight<tensor<?x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>)

// -----

// expected-error @+1 {{expected an f32 weight, found element type 'f16'}}
func.func @f16(%w: !lpbq.weight<tensor<2x8xf16>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>)

// -----

// expected-error @+1 {{expected a weight of rank >= 2, found rank 1}}
func.func @rank1(%w: !lpbq.weight<tensor<8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>)

// -----

// expected-error @+1 {{expected a non-empty weight, found 'tensor<0x8xf32>'}}
func.func @empty(%w: !lpbq.weight<tensor<0x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>)

// -----

// expected-error @+1 {{expected channel_axis in [0, 2) for a weight of rank 2, found 2}}
func.func @channel_out_of_range(%w: !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 2, block_axis = 1>>)

// -----

// expected-error @+1 {{expected block_axis in [0, 2) for a weight of rank 2, found 3}}
func.func @block_out_of_range(%w: !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 3>>)

// -----

// expected-error @+1 {{expected batch_axes in [0, 3) for a weight of rank 3, found 3}}
func.func @batch_out_of_range(%w: !lpbq.weight<tensor<2x8x3xf32>, #lpbq.encoding<block_size = 4, channel_axis = 2, block_axis = 1, batch_axes = [3]>>)

// -----

// expected-error @+1 {{expected block axis 1 (size 8) to be divisible by block_size 3}}
func.func @not_divisible(%w: !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<block_size = 3, channel_axis = 0, block_axis = 1>>)

// -----

// expected-error @+1 {{expected the number of blocks (4) to be divisible by block_grouping 3}}
func.func @grouping_not_divisible(%w: !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<block_size = 2, block_grouping = 3, channel_axis = 0, block_axis = 1>>)

// -----

func.func @values_type() {
  // expected-error @+1 {{'lpbq.constant' op expected values of type tensor<8xi8>, found 'tensor<8xi16>'}}
  %w = lpbq.constant values(dense<0> : tensor<8xi16>) int_scales(dense<16> : tensor<2x2xi8>) scales(dense<1.0> : tensor<2x1xf32>) : !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>
  return
}

// -----

func.func @values_too_short() {
  // expected-error @+1 {{'lpbq.constant' op expected 8 bytes of packed values (16 x 4 bits), found 7}}
  %w = lpbq.constant values(dense<0> : tensor<7xi8>) int_scales(dense<16> : tensor<2x2xi8>) scales(dense<1.0> : tensor<2x1xf32>) : !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>
  return
}

// -----

func.func @values_too_long() {
  // expected-error @+1 {{'lpbq.constant' op expected 8 bytes of packed values (16 x 4 bits), found 9}}
  %w = lpbq.constant values(dense<0> : tensor<9xi8>) int_scales(dense<16> : tensor<2x2xi8>) scales(dense<1.0> : tensor<2x1xf32>) : !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>
  return
}

// -----

func.func @int_scales_shape() {
  // expected-error @+1 {{'lpbq.constant' op expected int_scales of shape 2x2, found 'tensor<2x1xi8>'}}
  %w = lpbq.constant values(dense<0> : tensor<8xi8>) int_scales(dense<16> : tensor<2x1xi8>) scales(dense<1.0> : tensor<2x1xf32>) : !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>
  return
}

// -----

func.func @int_scales_type() {
  // expected-error @+1 {{'lpbq.constant' op expected int_scales of an integer type of 9 to 32 bits (to hold 256), found 'i8'}}
  %w = lpbq.constant values(dense<0> : tensor<8xi8>) int_scales(dense<16> : tensor<2x2xi8>) scales(dense<1.0> : tensor<2x1xf32>) : !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<decompressed_bitwidth = 12, block_size = 4, channel_axis = 0, block_axis = 1>>
  return
}

// -----

func.func @int_scale_zero() {
  // expected-error @+1 {{'lpbq.constant' op expected int_scales in [1, 16], found 0 at index 3}}
  %w = lpbq.constant values(dense<0> : tensor<8xi8>) int_scales(dense<[[16, 2], [16, 0]]> : tensor<2x2xi8>) scales(dense<1.0> : tensor<2x1xf32>) : !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>
  return
}

// -----

func.func @int_scale_too_big() {
  // expected-error @+1 {{'lpbq.constant' op expected int_scales in [1, 16], found 17 at index 1}}
  %w = lpbq.constant values(dense<0> : tensor<8xi8>) int_scales(dense<[[16, 17], [16, 1]]> : tensor<2x2xi8>) scales(dense<1.0> : tensor<2x1xf32>) : !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>
  return
}

// -----

func.func @scales_shape() {
  // expected-error @+1 {{'lpbq.constant' op expected scales of type tensor<2x1xf32>, found 'tensor<2x2xf32>'}}
  %w = lpbq.constant values(dense<0> : tensor<8xi8>) int_scales(dense<16> : tensor<2x2xi8>) scales(dense<1.0> : tensor<2x2xf32>) : !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>
  return
}

// -----

func.func @scale_not_positive() {
  // expected-error @+1 {{'lpbq.constant' op expected finite positive scales, found -1 at index 1}}
  %w = lpbq.constant values(dense<0> : tensor<8xi8>) int_scales(dense<16> : tensor<2x2xi8>) scales(dense<[[1.0], [-1.0]]> : tensor<2x1xf32>) : !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>
  return
}

// -----

func.func @scale_nan() {
  // expected-error @+1 {{'lpbq.constant' op expected finite positive scales, found nan at index 0}}
  %w = lpbq.constant values(dense<0> : tensor<8xi8>) int_scales(dense<16> : tensor<2x2xi8>) scales(dense<0x7FC00000> : tensor<2x1xf32>) : !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>
  return
}

// -----

func.func @scale_inf() {
  // expected-error @+1 {{'lpbq.constant' op expected finite positive scales, found inf at index 0}}
  %w = lpbq.constant values(dense<0> : tensor<8xi8>) int_scales(dense<16> : tensor<2x2xi8>) scales(dense<0x7F800000> : tensor<2x1xf32>) : !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>
  return
}

// -----

func.func @dequantize_type(%w: !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>) {
  // expected-error @+1 {{'lpbq.dequantize' op failed to verify that result type matches the weight's tensor type}}
  %f = "lpbq.dequantize"(%w) : (!lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>) -> tensor<8x2xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Malformed #lpbq.encoding syntax: located parse errors.
//===----------------------------------------------------------------------===//

// expected-error @+1 {{struct is missing required parameter: block_size}}
func.func private @missing_block_size() attributes {enc = #lpbq.encoding<channel_axis = 0, block_axis = 1>}

// -----

// expected-error @+1 {{struct is missing required parameter: channel_axis}}
func.func private @missing_channel_axis() attributes {enc = #lpbq.encoding<block_size = 4, block_axis = 1>}

// -----

// expected-error @+1 {{struct is missing required parameter: block_axis}}
func.func private @missing_block_axis() attributes {enc = #lpbq.encoding<block_size = 4, channel_axis = 0>}

// -----

// expected-error @+1 {{duplicate or unknown struct parameter name: block_sizes}}
func.func private @unknown_key() attributes {enc = #lpbq.encoding<block_sizes = 4, channel_axis = 0, block_axis = 1>}

// -----

// expected-error @+1 {{duplicate or unknown struct parameter name: block_size}}
func.func private @duplicate_key() attributes {enc = #lpbq.encoding<block_size = 4, block_size = 8, channel_axis = 0, block_axis = 1>}

// -----

// expected-error @+2 {{expected integer value}}
// expected-error @+1 {{failed to parse LPBQ_EncodingAttr parameter 'block_size' which is to be a `int64_t`}}
func.func private @block_size_string() attributes {enc = #lpbq.encoding<block_size = "64", channel_axis = 0, block_axis = 1>}

// -----

// expected-error @+2 {{expected integer value}}
// expected-error @+1 {{failed to parse LPBQ_EncodingAttr parameter 'bitwidth' which is to be a `int64_t`}}
func.func private @bitwidth_float() attributes {enc = #lpbq.encoding<bitwidth = 4.0, block_size = 4, channel_axis = 0, block_axis = 1>}

// -----

// expected-error @+2 {{integer value too large}}
// expected-error @+1 {{failed to parse LPBQ_EncodingAttr parameter 'block_size' which is to be a `int64_t`}}
func.func private @block_size_overflow() attributes {enc = #lpbq.encoding<block_size = 99999999999999999999, channel_axis = 0, block_axis = 1>}

// -----

// expected-error @+2 {{expected string}}
// expected-error @+1 {{failed to parse LPBQ_EncodingAttr parameter 'scheme' which is to be a `::llvm::StringRef`}}
func.func private @scheme_not_string() attributes {enc = #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1, scheme = aimet>}

// -----

// expected-error @+2 {{expected '['}}
// expected-error @+1 {{failed to parse LPBQ_EncodingAttr parameter 'batch_axes' which is to be a `::llvm::ArrayRef<int64_t>`}}
func.func private @batch_axes_not_list() attributes {enc = #lpbq.encoding<block_size = 4, channel_axis = 2, block_axis = 1, batch_axes = 0>}

// -----

// expected-error @+2 {{expected integer value}}
// expected-error @+1 {{failed to parse LPBQ_EncodingAttr parameter 'batch_axes' which is to be a `::llvm::ArrayRef<int64_t>`}}
func.func private @batch_axes_of_strings() attributes {enc = #lpbq.encoding<block_size = 4, channel_axis = 2, block_axis = 1, batch_axes = ["0"]>}

// -----

// expected-error @+1 {{expected '<'}}
func.func private @no_parameters() attributes {enc = #lpbq.encoding}

// -----

// expected-error @+1 {{unbalanced '<' character in pretty dialect name}}
func.func private @unterminated() attributes {enc = #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1}

// -----

//===----------------------------------------------------------------------===//
// !lpbq.weight: more shapes and element types.
//===----------------------------------------------------------------------===//

// expected-error @+1 {{expected an f32 weight, found element type 'bf16'}}
func.func private @bf16(!lpbq.weight<tensor<2x8xbf16>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>)

// -----

// expected-error @+1 {{expected a non-empty weight, found 'tensor<2x0xf32>'}}
func.func private @empty_block_axis(!lpbq.weight<tensor<2x0xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>)

// -----

// The element count (2^62 * 8) overflows int64_t.
// expected-error @+1 {{expected a weight of at most 288230376151711744 elements, found 'tensor<4611686018427387904x8xf32>'}}
func.func private @too_many_elements(!lpbq.weight<tensor<4611686018427387904x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>)

// -----

// An axis beyond int32 is still out of range (not truncated).
// expected-error @+1 {{expected channel_axis in [0, 2) for a weight of rank 2, found 4294967296}}
func.func private @axis_beyond_int32(!lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 4294967296, block_axis = 1>>)

// -----

//===----------------------------------------------------------------------===//
// lpbq.constant payloads of the wrong kind.
//===----------------------------------------------------------------------===//

func.func @values_string() {
  // expected-error @+1 {{custom op 'lpbq.constant' invalid kind of attribute specified}}
  %w = lpbq.constant values("abc") int_scales(dense<16> : tensor<2x2xi8>) scales(dense<1.0> : tensor<2x1xf32>) : !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>
  return
}

// -----

func.func @scales_scalar() {
  // expected-error @+1 {{custom op 'lpbq.constant' invalid kind of attribute specified}}
  %w = lpbq.constant values(dense<0> : tensor<8xi8>) int_scales(dense<16> : tensor<2x2xi8>) scales(1.0 : f32) : !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>
  return
}

// -----

func.func @name_not_string() {
  // expected-error @+1 {{Invalid attribute `name` in property conversion: 3 : i64}}
  %w = "lpbq.constant"() <{name = 3 : i64, values = dense<0> : tensor<8xi8>, int_scales = dense<16> : tensor<2x2xi8>, scales = dense<1.0> : tensor<2x1xf32>}> : () -> !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>
  return
}

// -----

func.func @values_i1() {
  // expected-error @+1 {{'lpbq.constant' op expected values of type tensor<8xi8>, found 'tensor<8xi1>'}}
  %w = lpbq.constant values(dense<true> : tensor<8xi1>) int_scales(dense<16> : tensor<2x2xi8>) scales(dense<1.0> : tensor<2x1xf32>) : !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>
  return
}

// -----

func.func @values_vector() {
  // expected-error @+1 {{'lpbq.constant' op expected values of type tensor<8xi8>, found 'vector<8xi8>'}}
  %w = lpbq.constant values(dense<0> : vector<8xi8>) int_scales(dense<16> : tensor<2x2xi8>) scales(dense<1.0> : tensor<2x1xf32>) : !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>
  return
}

// -----

func.func @int_scales_i1() {
  // expected-error @+1 {{'lpbq.constant' op expected int_scales of an integer type of 5 to 32 bits (to hold 16), found 'i1'}}
  %w = lpbq.constant values(dense<0> : tensor<8xi8>) int_scales(dense<true> : tensor<2x2xi1>) scales(dense<1.0> : tensor<2x1xf32>) : !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>
  return
}

// -----

func.func @int_scales_index() {
  // expected-error @+1 {{'lpbq.constant' op expected int_scales of an integer type of 5 to 32 bits (to hold 16), found 'index'}}
  %w = lpbq.constant values(dense<0> : tensor<8xi8>) int_scales(dense<16> : tensor<2x2xindex>) scales(dense<1.0> : tensor<2x1xf32>) : !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>
  return
}

// -----

func.func @scales_integer() {
  // expected-error @+1 {{'lpbq.constant' op expected scales of type tensor<2x1xf32>, found 'tensor<2x1xi32>'}}
  %w = lpbq.constant values(dense<0> : tensor<8xi8>) int_scales(dense<16> : tensor<2x2xi8>) scales(dense<1> : tensor<2x1xi32>) : !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>
  return
}

// -----

// Sparse payloads hold no raw data (and would hide e.g. zero int scales).
func.func @values_sparse() {
  // expected-error @+1 {{'lpbq.constant' op expected values to be dense or dense_resource elements, found 'builtin.sparse_elements'}}
  %w = lpbq.constant values(sparse<[[0]], [1]> : tensor<8xi8>) int_scales(dense<16> : tensor<2x2xi8>) scales(dense<1.0> : tensor<2x1xf32>) : !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>
  return
}

// -----

func.func @int_scales_sparse() {
  // expected-error @+1 {{'lpbq.constant' op expected int_scales to be dense or dense_resource elements, found 'builtin.sparse_elements'}}
  %w = lpbq.constant values(dense<0> : tensor<8xi8>) int_scales(sparse<[[0, 0]], [16]> : tensor<2x2xi8>) scales(dense<1.0> : tensor<2x1xf32>) : !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>
  return
}

// -----

// dense_resource blobs shorter than their type: the verifier checks the
// bytes it would read.
func.func @values_blob_too_short() {
  // expected-error @+1 {{'lpbq.constant' op expected 8 bytes of values data, found 2}}
  %w = lpbq.constant values(dense_resource<short_values> : tensor<8xi8>) int_scales(dense<16> : tensor<2x2xi8>) scales(dense<1.0> : tensor<2x1xf32>) : !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>
  return
}

{-#
  dialect_resources: {
    builtin: {
      short_values: "0x010000001111"
    }
  }
#-}

// -----

func.func @int_scales_blob_too_short() {
  // expected-error @+1 {{'lpbq.constant' op expected 4 bytes of int_scales data, found 3}}
  %w = lpbq.constant values(dense<0> : tensor<8xi8>) int_scales(dense_resource<short_ints> : tensor<2x2xi8>) scales(dense<1.0> : tensor<2x1xf32>) : !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>
  return
}

{-#
  dialect_resources: {
    builtin: {
      short_ints: "0x01000000101010"
    }
  }
#-}

// -----

func.func @scales_blob_too_short() {
  // expected-error @+1 {{'lpbq.constant' op expected 8 bytes of scales data, found 4}}
  %w = lpbq.constant values(dense<0> : tensor<8xi8>) int_scales(dense<16> : tensor<2x2xi8>) scales(dense_resource<short_scales> : tensor<2x1xf32>) : !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>
  return
}

{-#
  dialect_resources: {
    builtin: {
      short_scales: "0x040000000000803F"
    }
  }
#-}

// -----

// Int scales in a blob are range-checked like dense ones.
func.func @int_scales_blob_zero() {
  // expected-error @+1 {{'lpbq.constant' op expected int_scales in [1, 16], found 0 at index 2}}
  %w = lpbq.constant values(dense<0> : tensor<8xi8>) int_scales(dense_resource<zero_int> : tensor<2x2xi8>) scales(dense<1.0> : tensor<2x1xf32>) : !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>
  return
}

{-#
  dialect_resources: {
    builtin: {
      zero_int: "0x0100000010100010"
    }
  }
#-}
