//===- LPBQDialect.td - LPBQ dialect definition ------------*- tablegen -*-===//

#ifndef LPBQ_DIALECT_LPBQ_IR_LPBQDIALECT_TD
#define LPBQ_DIALECT_LPBQ_IR_LPBQDIALECT_TD

include "mlir/IR/OpBase.td"

def LPBQ_Dialect : Dialect {
  let name = "lpbq";
  let summary = "Low-Power Blockwise Quantization (LPBQ) of weights";
  let description = [{
    The `lpbq` dialect represents weights compressed with Low-Power Blockwise
    Quantization, Qualcomm's scheme in which `bw`-bit blockwise encodings are
    adjusted so that they lie on a common `dbw`-bit per-channel grid: each
    block scale is `S_b = i_b * pcs`, with a small unsigned integer `i_b` in
    `[1, 2^(dbw - bw)]` per block and one float `pcs` per output channel (or
    per group of blocks). The weight is therefore exactly a per-channel
    `dbw`-bit weight with scale `pcs` and integer values `q * i_b`, which runs
    on existing per-channel int8 kernels, while storing about
    `bw + (dbw - bw) / block_elements` bits per weight.

    The dialect has one attribute (`#lpbq.encoding`, the parameters), one type
    (`!lpbq.weight`, a compressed weight of a given float tensor type) and two
    ops: `lpbq.constant` holds the compressed payloads, `lpbq.dequantize`
    turns a compressed weight into the float tensor it stands for.
  }];
  let cppNamespace = "::mlir::lpbq";
  let useDefaultAttributePrinterParser = 1;
  let useDefaultTypePrinterParser = 1;
}

class LPBQ_Op<string mnemonic, list<Trait> traits = []>
    : Op<LPBQ_Dialect, mnemonic, traits>;

#endif // LPBQ_DIALECT_LPBQ_IR_LPBQDIALECT_TD
