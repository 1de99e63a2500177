//===- Pipelines.cpp - lpbq pass pipelines --------------------------------===//

#include "lpbq/Pipelines/Pipelines.h"

#include "lpbq/Conversion/Passes.h"
#include "lpbq/Dialect/LPBQ/Transforms/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Conversion/TosaToLinalg/TosaToLinalg.h"
#include "mlir/Conversion/VectorToSCF/VectorToSCF.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/Quant/Transforms/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using namespace mlir::lpbq;

void mlir::lpbq::buildLPBQCompilePipeline(OpPassManager &pm,
                                          const LPBQCompileOptions &options) {
  if (options.quantize) {
    LPBQQuantizeWeightsOptions q;
    q.bitwidth = options.bitwidth;
    q.decompressedBitwidth = options.decompressedBitwidth;
    q.blockSize = options.blockSize;
    q.blockGrouping = options.blockGrouping;
    q.scheme = options.scheme;
    q.opTypes.assign(options.opTypes.begin(), options.opTypes.end());
    q.exclude.assign(options.exclude.begin(), options.exclude.end());
    q.strict = options.strict;
    q.minElements = options.minElements;
    pm.addPass(createLPBQQuantizeWeights(q));
  }

  // LPBQ weights: per-channel int8 quant ops, or vector loops.
  switch (options.lowering) {
  case LPBQLowering::PerChannel:
    pm.addPass(createLPBQToPerChannel());
    pm.addNestedPass<func::FuncOp>(quant::createLowerQuantOps());
    break;
  case LPBQLowering::Fused: {
    LPBQMatmulToVectorOptions m;
    m.vectorWidth = options.vectorWidth;
    pm.addPass(createLPBQMatmulToVector(m));
    [[fallthrough]];
  }
  case LPBQLowering::Vector: {
    LPBQToVectorOptions v;
    v.vectorWidth = options.vectorWidth;
    pm.addPass(createLPBQToVector(v));
    break;
  }
  }
  tosa::addTosaToLinalgPasses(pm, TosaToLinalgOptions(),
                              TosaToLinalgNamedOptions(), std::nullopt);
  // Constants TOSA keeps (biases, zero points) become arith constants.
  pm.addNestedPass<func::FuncOp>(createTosaToArithPass());
  pm.addPass(createCanonicalizerPass());
  if (!options.toLLVM)
    return;

  // Bufferize, then everything to the LLVM dialect.
  bufferization::OneShotBufferizePassOptions bufferization;
  bufferization.bufferizeFunctionBoundaries = true;
  bufferization.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  // Lets results materialized into function arguments (destination-passing
  // style) be computed in place instead of in fresh buffers.
  pm.addPass(bufferization::createEmptyTensorEliminationPass());
  pm.addPass(bufferization::createOneShotBufferizePass(bufferization));
  bufferization::buildBufferDeallocationPipeline(pm);
  // Clones the deallocation introduces (e.g. a result aliasing an argument).
  pm.addPass(createConvertBufferizationToMemRefPass());
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToLoopsPass());
  pm.addPass(createConvertVectorToSCFPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createConvertVectorToLLVMPass());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createConvertToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
}

void mlir::lpbq::registerLPBQPipelines() {
  PassPipelineRegistration<LPBQCompileOptions>(
      "lpbq-compile",
      "quantize weights with LPBQ, lower them (per-channel quant ops or "
      "vector dequantization loops), lower TOSA to linalg, bufferize and "
      "convert to the LLVM dialect",
      buildLPBQCompilePipeline);
}
