//===- LPBQTypes.td - LPBQ types ---------------------------*- tablegen -*-===//

#ifndef LPBQ_DIALECT_LPBQ_IR_LPBQTYPES_TD
#define LPBQ_DIALECT_LPBQ_IR_LPBQTYPES_TD

include "lpbq/Dialect/LPBQ/IR/LPBQAttrs.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/BuiltinTypeInterfaces.td"

def LPBQ_WeightType : TypeDef<LPBQ_Dialect, "Weight"> {
  let mnemonic = "weight";
  let summary = "an LPBQ-compressed weight standing for a float tensor";
  let description = [{
    A weight compressed with the given `#lpbq.encoding`; dequantized, it is a
    value of `tensorType` (a statically shaped f32 tensor). The type checks
    the encoding against the shape: axes in range and distinct, the block
    axis divisible by the block size and the number of blocks by the
    grouping.

    Example:

    ```mlir
    !lpbq.weight<tensor<4096x4096xf32>,
                 #lpbq.encoding<block_size = 64, channel_axis = 0, block_axis = 1>>
    ```
  }];
  let parameters = (ins "::mlir::RankedTensorType":$tensorType,
                        "::mlir::lpbq::EncodingAttr":$encoding);
  let assemblyFormat = "`<` $tensorType `,` qualified($encoding) `>`";
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// The layout of this weight (valid for a verified type).
    ::mlir::lpbq::core::Layout getLayout() const;
    /// Shape of the integer block scales: [batch dims..., channels, blocks].
    ::llvm::SmallVector<int64_t> getIntScalesShape() const;
    /// Shape of the float scales: [batch dims..., channels, groups].
    ::llvm::SmallVector<int64_t> getScalesShape() const;
    /// Bytes of packed values: ceil(elements * bitwidth / 8).
    int64_t getPackedSize() const;
  }];
}

#endif // LPBQ_DIALECT_LPBQ_IR_LPBQTYPES_TD
