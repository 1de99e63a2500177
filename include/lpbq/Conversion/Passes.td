//===- Passes.td - lpbq conversion passes ------------------*- tablegen -*-===//

#ifndef LPBQ_CONVERSION_PASSES_TD
#define LPBQ_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def LPBQToPerChannel : Pass<"lpbq-to-per-channel"> {
  let summary = "rewrite LPBQ weights into per-channel quant dialect ops";
  let description = [{
    LPBQ's whole point: a compressed weight is exactly a per-channel
    `decompressed_bitwidth`-bit weight with scale `pcs` and integer values
    `q * i_b`. This rewrite replaces `lpbq.dequantize(lpbq.constant)` with an
    `arith.constant` of those integers (i8 for decompressed bitwidths up to 8,
    else i16, with the storage range of the decompressed bitwidth), a
    `quant.scast` to a per-axis `!quant.uniform` tensor with the channel
    scales, and a `quant.dcast` to float. Weights with batch axes or a
    block grouping other than -1 use the upstream sub-channel type. The
    result is accepted by upstream `--lower-quant-ops` and computes exactly
    `fl(q * i_b) * pcs`. Also available as a pattern set
    (`populateLPBQToPerChannelPatterns`).

    Before:

    ```mlir
    %w = lpbq.constant "fc.weight" values(...) int_scales(dense<[[16, 2], [16, 1]]> : tensor<2x2xi8>)
           scales(dense<[[6.25e-03], [1.25e-02]]> : tensor<2x1xf32>)
           : !lpbq.weight<tensor<2x8xf32>, #lpbq.encoding<block_size = 4, channel_axis = 0, block_axis = 1>>
    %f = lpbq.dequantize %w : !lpbq.weight<...>
    ```

    After:

    ```mlir
    %c = arith.constant dense<[[112, -64, 16, 0, 12, -4, 4, 2], [-128, 64, 32, 16, 0, 0, 0, 0]]> : tensor<2x8xi8>
    %q = quant.scast %c : tensor<2x8xi8> to tensor<2x8x!quant.uniform<i8:f32:0, {6.250000e-03,1.250000e-02}>>
    %f = quant.dcast %q : tensor<2x8x!quant.uniform<i8:f32:0, {6.250000e-03,1.250000e-02}>> to tensor<2x8xf32>
    ```
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::quant::QuantDialect"];
  let options = [
    Option<"resourceThreshold", "resource-threshold", "int64_t", "1024",
           "integer payloads of at least this many bytes become "
           "dense_resource blobs">,
  ];
}

def LPBQToVector : Pass<"convert-lpbq-to-vector"> {
  let summary = "lower LPBQ dequantization to vector loops over packed bytes";
  let description = [{
    Rewrites `lpbq.dequantize(lpbq.constant)` into explicit `scf.for` loops
    on tensors that read the packed bytes with `vector.transfer_read`,
    unpack the nibbles with shifts (`arith.shli`/`arith.shrsi`, low nibble
    first) and `vector.interleave`, sign-extend, multiply by the integer block
    scales, convert to f32 and multiply by the per-channel scales: exactly
    `fl(q * i_b) * pcs`. No `i4` memrefs are involved (spec section 7).

    Two loop shapes cover every layout of the op table: when the output
    channel is the innermost axis (`[K, N]` matmul weights, HWCF convs,
    batch matmuls), rows of channels are processed with vectors of scales
    from compile-time transposed scale tables; otherwise each block
    (`block_size` x the trailing kernel window) is one contiguous run with a
    scalar scale. Runs or rows that `vector-width` does not evenly divide,
    and bitwidths other than 4 and 8, use a scalar loop on the same bytes.

    Before:

    ```mlir
    %f = lpbq.dequantize %w : !lpbq.weight<tensor<64x128xf32>, #lpbq.encoding<...>>
    ```

    After (sketch):

    ```mlir
    %r = scf.for %row = %c0 to %c64 step %c1 iter_args(%o = %init) -> (tensor<8192xf32>) {
      %s = scf.for %e = %c0 to %c128 step %c16 iter_args(%o2 = %o) -> (tensor<8192xf32>) {
        %b = vector.transfer_read %packed[%byte], %pad {in_bounds = [true]} : tensor<4096xi8>, vector<8xi8>
        %lo = arith.shrsi (arith.shli %b, 4), 4 ; %hi = arith.shrsi %b, 4
        %q = vector.interleave %lo, %hi : vector<8xi8> -> vector<16xi8>
        ...
      }
    }
    %f = tensor.expand_shape %r [[0, 1]] output_shape [64, 128] : tensor<8192xf32> into tensor<64x128xf32>
    ```
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::tensor::TensorDialect",
                           "::mlir::vector::VectorDialect"];
  let options = [
    Option<"vectorWidth", "vector-width", "int64_t", "16",
           "elements per vector (a power of two)">,
  ];
}

def LPBQMatmulToVector : Pass<"convert-lpbq-matmul-to-vector"> {
  let summary = "fuse LPBQ weights into matmul kernels that never "
                "materialize float weights";
  let description = [{
    For `linalg.matmul` (default or transposed-B maps), `linalg.matvec`,
    `linalg.vecmat`, `linalg.batch_matmul` and float `tosa.matmul` whose
    weight is `lpbq.dequantize(lpbq.constant)`, generates one loop nest on
    tensors (scf + vector) that unpacks the packed 4- or 8-bit values on the
    fly, converts them and multiplies them with the activations; each
    block's partial sum is multiplied by its integer scale and the
    per-channel (per-group) float scale is applied once per group, as
    LPBQ's per-channel kernels do. `[N, K]` weights accumulate along K per
    output channel; `[K, N]` weights process `vector-width` channels at a
    time with vectors of scales from compile-time transposed tables. Ops it
    cannot fuse (other bitwidths, no vector width dividing the block or
    channel count, other maps) are left alone for `convert-lpbq-to-vector`.

    Before:

    ```mlir
    %w = lpbq.dequantize %lpbq_weight : !lpbq.weight<tensor<4096x4096xf32>, ...>
    %y = linalg.matvec ins(%w, %x : tensor<4096x4096xf32>, tensor<4096xf32>)
                       outs(%init : tensor<4096xf32>) -> tensor<4096xf32>
    ```

    After (sketch): `scf.for` over channels, groups, blocks and K in vectors;
    `vector.transfer_read` of packed bytes, shifts + `vector.interleave`,
    `arith.sitofp`, `vector.fma` with the activations, `vector.fma` by the
    integer scale per block and by `pcs` per group, `vector.reduction <add>`
    into the output element.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::tensor::TensorDialect",
                           "::mlir::vector::VectorDialect"];
  let options = [
    Option<"vectorWidth", "vector-width", "int64_t", "16",
           "elements per vector (a power of two >= 2)">,
  ];
}

#endif // LPBQ_CONVERSION_PASSES_TD
