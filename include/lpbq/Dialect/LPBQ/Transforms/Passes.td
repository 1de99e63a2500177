//===- Passes.td - LPBQ transformation passes --------------*- tablegen -*-===//

#ifndef LPBQ_DIALECT_LPBQ_TRANSFORMS_PASSES_TD
#define LPBQ_DIALECT_LPBQ_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def LPBQQuantizeWeights : Pass<"lpbq-quantize-weights", "ModuleOp"> {
  let summary = "quantize constant weights of linalg and TOSA ops with LPBQ";
  let description = [{
    Finds the weight operand of supported ops when it is a compile-time
    constant (`arith.constant` or `tosa.const`; dense, splat or
    `dense_resource`; also through `tosa.reshape`, `tosa.transpose`,
    `linalg.transpose`, `tensor.expand_shape`, `tensor.collapse_shape` and
    `tensor.cast`), computes its Low-Power Blockwise Quantization with the
    lpbq core library (bit-exact with AIMET's aimet_torch by default) and
    replaces the float constant with an `lpbq.constant` and an
    `lpbq.dequantize` feeding the same consumer. The rest of the program is
    untouched. One table maps each supported op to its weight operand,
    output-channel axis and blocked axis:

    | op | weight | channel axis | block axis |
    |----|--------|--------------|------------|
    | linalg.matmul | [K, N] (or [N, K] with transposed-B maps) | 1 (0) | 0 (1) |
    | linalg.batch_matmul | [B, K, N] | 2 (batch 0) | 1 |
    | linalg.conv_2d_nhwc_hwcf | [KH, KW, C, F] | 3 | 2 |
    | linalg.conv_2d_nhwc_fhwc | [F, KH, KW, C] | 0 | 3 |
    | linalg.conv_2d_nchw_fchw | [F, C, KH, KW] | 0 | 1 |
    | tosa.conv2d, tosa.transpose_conv2d | [O, KH, KW, I] | 0 | 3 |
    | tosa.matmul (constant B) | [N, C, W] | 2 (batch 0) | 1 |

    Depthwise convolutions are left alone with a remark: their blocks would
    not span input channels.

    Before:

    ```mlir
    %w = arith.constant dense<...> : tensor<128x64xf32>
    %0 = linalg.matmul ins(%x, %w : tensor<1x128xf32>, tensor<128x64xf32>)
                       outs(%acc : tensor<1x64xf32>) -> tensor<1x64xf32>
    ```

    After (`block-size=64`):

    ```mlir
    %lpbq_weight = lpbq.constant values(dense<...> : tensor<4096xi8>)
        int_scales(dense<...> : tensor<64x2xi8>)
        scales(dense<...> : tensor<64x1xf32>)
        : !lpbq.weight<tensor<128x64xf32>,
            #lpbq.encoding<block_size = 64, channel_axis = 1, block_axis = 0>>
    %w = lpbq.dequantize %lpbq_weight : !lpbq.weight<...>
    %0 = linalg.matmul ins(%x, %w : tensor<1x128xf32>, tensor<128x64xf32>)
                       outs(%acc : tensor<1x64xf32>) -> tensor<1x64xf32>
    ```

    A weight that fails to encode (NaN or Inf) is an error at the constant's
    location, and the module is left unchanged. The pass is idempotent.
  }];
  let dependentDialects = ["::mlir::lpbq::LPBQDialect"];
  let options = [
    Option<"bitwidth", "bitwidth", "int64_t", "4",
           "bits per quantized value (2 to 8)">,
    Option<"decompressedBitwidth", "decompressed-bitwidth", "int64_t", "8",
           "bits of the per-channel integers q * i_b (bitwidth+1 to 16)">,
    Option<"blockSize", "block-size", "int64_t", "64",
           "input channels per block">,
    Option<"blockGrouping", "block-grouping", "int64_t", "-1",
           "blocks per float scale: -1 all blocks of a channel (LPBQ), 1 "
           "plain blockwise, g > 1 groups of g blocks">,
    Option<"scheme", "scheme", "std::string", "\"aimet-torch\"",
           "scale computation: aimet-torch, aimet-onnx or executorch">,
    ListOption<"opTypes", "op-types", "std::string",
               "names of the ops whose weights to quantize (default: all "
               "supported)">,
    ListOption<"exclude", "exclude", "std::string",
               "names (NameLoc of the op or of its weight) to leave alone, "
               "like AIMET's excluded_nodes">,
    Option<"strict", "strict", "bool", "false",
           "error (instead of a remark) when a weight's block axis is not "
           "divisible by the block size">,
    Option<"minElements", "min-elements", "int64_t", "0",
           "leave weights with fewer elements alone">,
    Option<"report", "report", "std::string", "\"\"",
           "write a per-layer JSON report (name, op, shape, blocks, bits per "
           "weight, SQNR) to this file">,
    Option<"resourceThreshold", "resource-threshold", "int64_t", "1024",
           "payloads of at least this many bytes become dense_resource "
           "blobs">,
  ];
  let statistics = [
    Statistic<"numQuantized", "weights-quantized", "weights quantized">,
    Statistic<"numSkippedExcluded", "skipped-excluded",
              "weights skipped: excluded by name or op type">,
    Statistic<"numSkippedNotConstant", "skipped-not-constant",
              "weights skipped: not a compile-time constant">,
    Statistic<"numSkippedNotDivisible", "skipped-not-divisible",
              "weights skipped: block axis not divisible">,
    Statistic<"numSkippedSmall", "skipped-small",
              "weights skipped: fewer than min-elements">,
    Statistic<"numSkippedDepthwise", "skipped-depthwise",
              "weights skipped: depthwise convolution">,
    Statistic<"numSkippedUnsupported", "skipped-unsupported-form",
              "weights skipped: unsupported indexing maps or operands">,
    Statistic<"numSkippedLayoutConflict", "skipped-layout-conflict",
              "weights skipped: shared by ops that disagree on the layout">,
    Statistic<"numSkippedElementType", "skipped-element-type",
              "weights skipped: element type other than f32">,
    Statistic<"bytesBefore", "bytes-before",
              "bytes of the float weights that were quantized">,
    Statistic<"bytesAfter", "bytes-after",
              "bytes of their LPBQ payloads">,
  ];
}

def LPBQExportEncodings : Pass<"lpbq-export-encodings", "ModuleOp"> {
  let summary = "write the QNN/AIMET encodings JSON of every LPBQ weight";
  let description = [{
    Writes the QNN/AIMET encodings file for every `lpbq.constant` in the
    module, named as the quantize pass named it (the constant's `NameLoc`).
    Format `1.0.0` (default) has one `param_encodings` entry per weight with
    `enc_type` `LPBQ` (or `PER_BLOCK` for `block_grouping` 1), per-channel
    `scale` and `offset`, and `per_block_int_scale` flattened in
    (channel, block) order; format `2.0.0` has `per_block_int_scale` and
    `per_channel_float_scale` as nested lists. Floats are written with nine
    significant digits, so that they read back as the identical float32. The
    IR is not changed.

    ```mlir
    // lpbq-opt --lpbq-export-encodings="path=model.encodings" model.mlir
    ```
  }];
  let options = [
    Option<"path", "path", "std::string", "\"-\"",
           "output file ('-' for stdout)">,
    Option<"format", "format", "std::string", "\"1.0.0\"",
           "encodings format version: 1.0.0 or 2.0.0">,
  ];
}

def LPBQImportEncodings : Pass<"lpbq-import-encodings", "ModuleOp"> {
  let summary = "quantize weights with the scales of a QNN/AIMET encodings "
                "file";
  let description = [{
    Applies externally computed encodings (e.g. from AIMET after SeqMSE or
    AdaRound) to the float weights of the module, by name, instead of
    computing min/max scales. The file is the QNN/AIMET encodings JSON, format
    `1.0.0` or `2.0.0`, as `--lpbq-export-encodings` writes it.

    Weights are found and named exactly as `--lpbq-quantize-weights` finds
    and names them (same op table, same chains of reshapes and transposes,
    same names). Every weight named in the file is re-quantized with the
    file's scales (`core::encodeWithScales`) and replaced with
    `lpbq.constant` + `lpbq.dequantize`; weights the file does not name are
    left alone. Bitwidth, decompressed bitwidth and block size come from the
    file; the block grouping follows from the number of float scales per
    channel (one: `block_grouping = -1`):

    - `LPBQ` entries give the float scales (`scale` / `per_channel_float_scale`)
      and the integer block scales (`per_block_int_scale`);
    - `PER_BLOCK` (format 1.0.0) entries give one float scale `S_b` per block;
      they become `block_grouping = 1` with integer scale
      `K = 2^(dbw - bw)` and float scale `S_b / K` (how the quantize pass
      represents plain blockwise weights), or integer scale 1 and float scale
      `S_b` when `S_b / K` is not exact.

    Format 2.0.0 and `PER_BLOCK` entries carry no decompressed bitwidth: the
    `decompressed-bitwidth` option supplies it. The file carries no rounding
    scheme either: `scheme` gives it (the default, aimet-torch, matches
    AIMET's aimet_torch).

    Errors, all reported before anything is rewritten (the module is left
    unchanged): a malformed file (JSON syntax with line and column, wrong
    types, missing keys, an unknown version or enc_type) and entries that
    match no weight are errors on the module; scale counts that do not match
    the weight's channels and blocks, integer scales outside `[1, K]`, scales
    that are not finite and positive, a block axis that the block size does
    not divide and a 2.0.0 `axis` other than the weight's block axis are
    errors at the weight's constant.

    ```mlir
    // lpbq-opt model.mlir --lpbq-import-encodings="path=model.encodings"
    ```
  }];
  let dependentDialects = ["::mlir::lpbq::LPBQDialect"];
  let options = [
    Option<"path", "path", "std::string", "\"\"",
           "the encodings file (JSON, format 1.0.0 or 2.0.0)">,
    Option<"decompressedBitwidth", "decompressed-bitwidth", "int64_t", "8",
           "decompressed bitwidth of entries that do not give it (format "
           "2.0.0 and PER_BLOCK entries)">,
    Option<"scheme", "scheme", "std::string", "\"aimet-torch\"",
           "rounding and integer range: aimet-torch, aimet-onnx or "
           "executorch">,
    Option<"resourceThreshold", "resource-threshold", "int64_t", "1024",
           "payloads of at least this many bytes become dense_resource "
           "blobs">,
  ];
  let statistics = [
    Statistic<"numImported", "weights-imported",
              "weights quantized with the file's scales">,
    Statistic<"numNotInFile", "weights-not-in-file",
              "weights the file does not name (left alone)">,
  ];
}

#endif // LPBQ_DIALECT_LPBQ_TRANSFORMS_PASSES_TD
