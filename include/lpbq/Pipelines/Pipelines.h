//===- Pipelines.h - lpbq pass pipelines ------------------------*- C++ -*-===//
//
// `lpbq-compile`: quantize weights with LPBQ, lower them (per-channel quant
// ops or vector dequantization loops), lower TOSA to linalg, bufferize and
// convert to the LLVM dialect. The same builder serves lpbq-opt, the C API
// and embedders.
//
//===----------------------------------------------------------------------===//

#ifndef LPBQ_PIPELINES_PIPELINES_H
#define LPBQ_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassOptions.h"

#include <string>

namespace mlir {
class OpPassManager;
namespace lpbq {

/// How lpbq-compile lowers LPBQ weights.
enum class LPBQLowering {
  /// Per-channel int8 quant ops (lpbq-to-per-channel + lower-quant-ops).
  PerChannel,
  /// Dequantization loops over the packed bytes (convert-lpbq-to-vector).
  Vector,
  /// Fused matmul kernels (convert-lpbq-matmul-to-vector), vector loops for
  /// the remaining weights (convs).
  Fused,
};

struct LPBQCompileOptions : public PassPipelineOptions<LPBQCompileOptions> {
  PassOptions::Option<bool> quantize{
      *this, "quantize",
      llvm::cl::desc("run lpbq-quantize-weights first (false: compile the "
                     "float model, e.g. as a baseline)"),
      llvm::cl::init(true)};
  PassOptions::Option<int64_t> bitwidth{
      *this, "bitwidth", llvm::cl::desc("bits per quantized value"),
      llvm::cl::init(4)};
  PassOptions::Option<int64_t> decompressedBitwidth{
      *this, "decompressed-bitwidth",
      llvm::cl::desc("bits of the per-channel integers"), llvm::cl::init(8)};
  PassOptions::Option<int64_t> blockSize{
      *this, "block-size", llvm::cl::desc("input channels per block"),
      llvm::cl::init(64)};
  PassOptions::Option<int64_t> blockGrouping{
      *this, "block-grouping",
      llvm::cl::desc("blocks per float scale (-1: all blocks of a channel)"),
      llvm::cl::init(-1)};
  PassOptions::Option<std::string> scheme{
      *this, "scheme", llvm::cl::desc("aimet-torch, aimet-onnx or executorch"),
      llvm::cl::init("aimet-torch")};
  PassOptions::ListOption<std::string> opTypes{
      *this, "op-types", llvm::cl::desc("ops whose weights to quantize")};
  PassOptions::ListOption<std::string> exclude{
      *this, "exclude", llvm::cl::desc("weight or op names to leave alone")};
  PassOptions::Option<bool> strict{
      *this, "strict",
      llvm::cl::desc("error on non-divisible block axes instead of a remark"),
      llvm::cl::init(false)};
  PassOptions::Option<int64_t> minElements{
      *this, "min-elements", llvm::cl::desc("leave smaller weights alone"),
      llvm::cl::init(0)};
  PassOptions::Option<LPBQLowering> lowering{
      *this, "lowering", llvm::cl::desc("how LPBQ weights are lowered"),
      llvm::cl::init(LPBQLowering::PerChannel),
      llvm::cl::values(
          clEnumValN(LPBQLowering::PerChannel, "per-channel",
                     "per-channel int8 quant ops"),
          clEnumValN(LPBQLowering::Vector, "vector",
                     "dequantization loops over the packed bytes"),
          clEnumValN(LPBQLowering::Fused, "fused",
                     "fused matmul kernels, vector loops for the rest"))};
  PassOptions::Option<int64_t> vectorWidth{
      *this, "vector-width",
      llvm::cl::desc("elements per vector in the vector lowering"),
      llvm::cl::init(16)};
  PassOptions::Option<bool> toLLVM{
      *this, "to-llvm",
      llvm::cl::desc("bufferize and convert to the LLVM dialect (false: stop "
                     "after the lpbq lowering, on tensors)"),
      llvm::cl::init(true)};
};

/// Adds the lpbq-compile pipeline to a module-level pass manager.
void buildLPBQCompilePipeline(OpPassManager &pm,
                              const LPBQCompileOptions &options);

/// Registers `lpbq-compile` with the global pass pipeline registry.
void registerLPBQPipelines();

} // namespace lpbq
} // namespace mlir

#endif // LPBQ_PIPELINES_PIPELINES_H
