//===- Pipelines.cpp - lpbq pass pipelines --------------------------------===//

#include "lpbq/Pipelines/Pipelines.h"

#include "lpbq/Conversion/Passes.h"
#include "lpbq/Dialect/LPBQ/Transforms/Passes.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace mlir::lpbq;

/// Appends upstream passes given in textual form. The names are fixed and
/// verified by the pipeline's own test, so a parse failure is a bug.
static void addUpstream(OpPassManager &pm, StringRef pipeline) {
  std::string err;
  llvm::raw_string_ostream os(err);
  if (failed(parsePassPipeline(pipeline, pm, os)))
    llvm::report_fatal_error(llvm::Twine("lpbq-compile: cannot build '") +
                             pipeline + "': " + err);
}

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

  if (options.lowering == "vector") {
    LPBQToVectorOptions v;
    v.vectorWidth = options.vectorWidth;
    pm.addPass(createLPBQToVector(v));
  } else {
    pm.addPass(createLPBQToPerChannel());
    addUpstream(pm, "func.func(lower-quant-ops)");
  }
  addUpstream(pm, "tosa-to-linalg-pipeline,canonicalize");
  if (!options.toLLVM)
    return;

  addUpstream(pm, "one-shot-bufferize{bufferize-function-boundaries "
                  "function-boundary-type-conversion=identity-layout-map},"
                  "buffer-deallocation-pipeline");
  addUpstream(pm, "func.func(convert-linalg-to-loops),convert-vector-to-scf,"
                  "lower-affine,convert-scf-to-cf,expand-strided-metadata,"
                  "convert-vector-to-llvm,finalize-memref-to-llvm,"
                  "convert-to-llvm,reconcile-unrealized-casts");
}

void mlir::lpbq::registerLPBQPipelines() {
  PassPipelineRegistration<LPBQCompileOptions>(
      "lpbq-compile",
      "quantize weights with LPBQ, lower them (per-channel quant ops or "
      "vector dequantization loops), lower TOSA to linalg, bufferize and "
      "convert to the LLVM dialect",
      buildLPBQCompilePipeline);
}
