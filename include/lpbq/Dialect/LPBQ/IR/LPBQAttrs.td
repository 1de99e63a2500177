//===- LPBQAttrs.td - LPBQ attributes ----------------------*- tablegen -*-===//

#ifndef LPBQ_DIALECT_LPBQ_IR_LPBQATTRS_TD
#define LPBQ_DIALECT_LPBQ_IR_LPBQATTRS_TD

include "lpbq/Dialect/LPBQ/IR/LPBQDialect.td"
include "mlir/IR/AttrTypeBase.td"

class LPBQ_Attr<string name, string attrMnemonic, list<Trait> traits = []>
    : AttrDef<LPBQ_Dialect, name, traits> {
  let mnemonic = attrMnemonic;
}

def LPBQ_AxisListParameter : OptionalArrayRefParameter<"int64_t",
    "axes that index independent channels"> {
  let parser = "::mlir::lpbq::parseAxisList($_parser)";
  let printer = "::mlir::lpbq::printAxisList($_printer, $_self)";
}

def LPBQ_EncodingAttr : LPBQ_Attr<"Encoding", "encoding"> {
  let summary = "parameters of a Low-Power Blockwise Quantization encoding";
  let description = [{
    The parameters of one LPBQ encoding, mirroring AIMET's
    `set_grouped_blockwise_quantization_for_weights`:

    - `bitwidth` (default 4): bits of each quantized value, in [2, 8];
    - `decompressed_bitwidth` (default 8): bits of the per-channel integers
      `q * i_b`, greater than `bitwidth` and at most 16; integer block scales
      lie in `[1, 2^(decompressed_bitwidth - bitwidth)]`;
    - `block_size`: consecutive indices of the block axis in one block;
    - `block_grouping` (default -1): blocks sharing one float scale; -1 = all
      blocks of a channel (LPBQ), 1 = plain blockwise, g > 1 = g consecutive
      blocks;
    - `channel_axis`, `block_axis`: the output-channel axis and the blocked
      (reduction) axis of the weight;
    - `batch_axes` (default none): further axes that index independent
      channels, e.g. the batch of a `linalg.batch_matmul` weight;
    - `scheme` (default "aimet-torch"): how block scales are computed and
      values rounded: "aimet-torch", "aimet-onnx" or "executorch".

    Axes that are none of these (a conv's kernel window) are spanned whole by
    every block, as in AIMET's `(1, block_size, -1, -1)` block shape.

    Example:

    ```mlir
    #lpbq.encoding<block_size = 64, channel_axis = 0, block_axis = 1>
    #lpbq.encoding<bitwidth = 4, decompressed_bitwidth = 8, block_size = 32,
                   block_grouping = 2, channel_axis = 2, block_axis = 1,
                   batch_axes = [0], scheme = "aimet-onnx">
    ```
  }];
  let parameters = (ins
    DefaultValuedParameter<"int64_t", "4", "bits per quantized value">:$bitwidth,
    DefaultValuedParameter<"int64_t", "8", "bits per decompressed value">:$decompressed_bitwidth,
    "int64_t":$block_size,
    DefaultValuedParameter<"int64_t", "-1", "blocks per float scale">:$block_grouping,
    "int64_t":$channel_axis,
    "int64_t":$block_axis,
    LPBQ_AxisListParameter:$batch_axes,
    StringRefParameter<"scale computation scheme", "\"aimet-torch\"">:$scheme
  );
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// The largest integer block scale, 2^(decompressed_bitwidth - bitwidth).
    int64_t getMaxIntScale() const {
      return int64_t(1) << (getDecompressedBitwidth() - getBitwidth());
    }
    /// The core library's view of these parameters.
    ::mlir::lpbq::core::Params toCoreParams() const;
    /// Verifies the encoding against a weight shape (axes in range, block
    /// axis divisible, grouping dividing the blocks) and computes the layout.
    ::mlir::LogicalResult
    computeLayout(::llvm::ArrayRef<int64_t> shape, ::mlir::lpbq::core::Layout &layout,
                  ::llvm::function_ref<::mlir::InFlightDiagnostic()> emitError) const;
  }];
}

#endif // LPBQ_DIALECT_LPBQ_IR_LPBQATTRS_TD
