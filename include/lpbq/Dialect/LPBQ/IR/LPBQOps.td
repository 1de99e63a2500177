//===- LPBQOps.td - LPBQ operations ------------------------*- tablegen -*-===//

#ifndef LPBQ_DIALECT_LPBQ_IR_LPBQOPS_TD
#define LPBQ_DIALECT_LPBQ_IR_LPBQOPS_TD

include "lpbq/Dialect/LPBQ/IR/LPBQTypes.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/IR/OpAsmInterface.td"

def LPBQ_ConstantOp : LPBQ_Op<"constant", [Pure,
    DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = "an LPBQ-compressed constant weight";
  let description = [{
    Holds the three payloads of an LPBQ-compressed weight:

    - `values`: the quantized values `q`, `bitwidth` bits each, packed into
      bytes as a little-endian bit stream in the row-major order of the
      weight (for 4 bits: two values per byte, element 0 in the low nibble),
      as a 1-D `i8` tensor of `ceil(elements * bitwidth / 8)` bytes;
    - `int_scales`: the integer block scales `i_b` in
      `[1, 2^(decompressed_bitwidth - bitwidth)]`, read as unsigned, shaped
      `[batch dims..., channels, blocks]`;
    - `scales`: the float per-channel (per-group) scales `pcs`, finite and
      positive, shaped `[batch dims..., channels, groups]`.

    The optional `name` (e.g. `"fc.weight"`) is the weight's name in exported
    encodings files; the quantize pass sets it. Large payloads are best held as `dense_resource` blobs. The result is an
    `!lpbq.weight`; `lpbq.dequantize` turns it into floats.

    Example (the spec's 2x8 weight, block size 4):

    ```mlir
    %w = lpbq.constant "fc.weight"
           values(dense<[-57, 1, -26, 18, 72, 18, 0, 0]> : tensor<8xi8>)
           int_scales(dense<[[16, 2], [16, 1]]> : tensor<2x2xi8>)
           scales(dense<[[6.250000e-03], [1.250000e-02]]> : tensor<2x1xf32>)
           : !lpbq.weight<tensor<2x8xf32>,
               #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>
    ```
  }];
  let arguments = (ins OptionalAttr<StrAttr>:$name, ElementsAttr:$values,
                       ElementsAttr:$int_scales, ElementsAttr:$scales);
  let results = (outs LPBQ_WeightType:$result);
  let assemblyFormat = [{
    ($name^)? `values` `(` $values `)` `int_scales` `(` $int_scales `)`
    `scales` `(` $scales `)` attr-dict `:` qualified(type($result))
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// Builds the payload attributes of `encoding` for a weight of `type`:
    /// packed values, int scales (i8, or i16 when 2^(dbw-bw) > 127) and f32
    /// scales; payloads of at least `resourceThreshold` bytes become
    /// dense_resource blobs whose keys start with `name`.
    static ConstantOp create(::mlir::OpBuilder &builder, ::mlir::Location loc,
                             WeightType type, ::llvm::StringRef name,
                             const ::mlir::lpbq::core::Encoding &encoding,
                             int64_t resourceThreshold);

    /// The weight's name: the `name` attribute, else the location's NameLoc,
    /// else empty.
    std::string getWeightName();

    /// Fails, with an error at this op naming the payload, when the data of
    /// a payload cannot be read (a dense_resource whose blob is missing,
    /// e.g. an unknown resource key).
    ::mlir::LogicalResult checkPayloadData();

    /// Reads the payloads back: unpacked values q (weight layout), integer
    /// block scales [channels * blocks] and float scales [channels * groups].
    /// Fails (with a diagnostic) when a payload is not available.
    ::mlir::LogicalResult readPayloads(std::vector<int8_t> &values,
                                       std::vector<int32_t> &intScales,
                                       std::vector<float> &scales);

    /// The integer block scales and float scales alone (no unpacking of the
    /// values).
    ::mlir::LogicalResult readScales(std::vector<int32_t> &intScales,
                                     std::vector<float> &scales);

    /// The whole encoding (parameters, layout and payloads) as the core
    /// library's Encoding; the raw block scales are not stored and stay
    /// empty.
    ::mlir::LogicalResult readEncoding(::mlir::lpbq::core::Encoding &encoding);

    WeightType getType() { return getResult().getType(); }
  }];
}

def LPBQ_DequantizeOp : LPBQ_Op<"dequantize", [Pure,
    TypesMatchWith<"result type matches the weight's tensor type",
                   "weight", "result",
                   "::llvm::cast<::mlir::lpbq::WeightType>($_self).getTensorType()">]> {
  let summary = "dequantize an LPBQ-compressed weight to floats";
  let description = [{
    Produces the float tensor an `!lpbq.weight` stands for: every element is
    `q * i_b * pcs`, computed as `fl(q * i_b) * pcs` (the per-channel view,
    what per-channel integer kernels compute).

    Example:

    ```mlir
    %f = lpbq.dequantize %w : !lpbq.weight<tensor<2x8xf32>,
           #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>
    ```
  }];
  let arguments = (ins LPBQ_WeightType:$weight);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = "$weight attr-dict `:` qualified(type($weight))";
}

#endif // LPBQ_DIALECT_LPBQ_IR_LPBQOPS_TD
