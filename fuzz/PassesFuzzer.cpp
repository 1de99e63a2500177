//===- PassesFuzzer.cpp - Fuzz the quantize pass and the lowerings --------===//
//
// Parses the input as a module (with every dialect lpbq-opt knows) and runs,
// each on its own copy: --lpbq-quantize-weights (block size 4), the same
// followed by --lpbq-to-per-channel, --convert-lpbq-to-vector, and
// --convert-lpbq-matmul-to-vector, and --lpbq-export-encodings. Every pass
// must fail with diagnostics or succeed with a module that verifies; it must
// never crash. Modules with large tensors are skipped (the passes legitimately
// materialize their weights).
//
//===----------------------------------------------------------------------===//

#include "FuzzerSupport.h"

#include "lpbq/Conversion/Passes.h"
#include "lpbq/Dialect/LPBQ/Transforms/Passes.h"
#include "lpbq/InitAll.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <string>

using namespace mlir;

static void initContext(MLIRContext &ctx) {
  DialectRegistry registry;
  lpbq::registerAllLPBQAndUpstreamDialects(registry);
  ctx.appendDialectRegistry(registry);
}

/// Whether every shaped type in the module is small (weights are read into
/// memory: a splat of 2^40 elements is valid IR but no fuzzing target).
static bool hasOnlySmallTensors(ModuleOp module) {
  auto smallShape = [](ArrayRef<int64_t> shape) {
    int64_t n = 1;
    for (int64_t d : shape) {
      if (d > (1 << 16))
        return false;
      n *= std::max<int64_t>(d, 1);
      if (n > (1 << 16))
        return false;
    }
    return true;
  };
  auto small = [&](Type t) {
    if (auto s = dyn_cast<ShapedType>(t); s && s.hasRank())
      return smallShape(s.getShape());
    if (auto w = dyn_cast<lpbq::WeightType>(t))
      return smallShape(w.getTensorType().getShape());
    return true;
  };
  WalkResult r = module->walk([&](Operation *op) {
    for (Type t : op->getResultTypes())
      if (!small(t))
        return WalkResult::interrupt();
    for (Region &region : op->getRegions())
      for (Block &block : region)
        for (BlockArgument arg : block.getArguments())
          if (!small(arg.getType()))
            return WalkResult::interrupt();
    return WalkResult::advance();
  });
  return !r.wasInterrupted();
}

/// Runs `build`'s passes on a copy of `module`.
static void runOnCopy(ModuleOp module,
                      const std::function<void(PassManager &)> &build) {
  OwningOpRef<ModuleOp> copy = module.clone();
  PassManager pm(module->getContext());
  pm.enableVerifier(false);
  build(pm);
  if (succeeded(pm.run(*copy)) && failed(verify(*copy)))
    lpbq_fuzz::fail("a pass succeeded and produced invalid IR");
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static lpbq_fuzz::ContextPool pool(initContext, /*period=*/64);
  MLIRContext &ctx = pool.get();
  if (lpbq_fuzz::isBytecode(data, size))
    return 0;
  std::string storage;
  llvm::StringRef text = lpbq_fuzz::textInput(data, size, storage);
  if (lpbq_fuzz::hasKnownUpstreamCrash(text))
    return 0;
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(text, &ctx);
  if (!module || !hasOnlySmallTensors(*module))
    return 0;

  lpbq::LPBQQuantizeWeightsOptions q;
  q.blockSize = 4;
  q.resourceThreshold = 64;
  auto quantize = [&](PassManager &pm) {
    pm.addPass(lpbq::createLPBQQuantizeWeights(q));
  };
  runOnCopy(*module, quantize);
  runOnCopy(*module, [&](PassManager &pm) {
    quantize(pm);
    pm.addPass(lpbq::createLPBQToPerChannel());
  });
  runOnCopy(*module, [&](PassManager &pm) {
    quantize(pm);
    lpbq::LPBQMatmulToVectorOptions m;
    m.vectorWidth = 4;
    pm.addPass(lpbq::createLPBQMatmulToVector(m));
    lpbq::LPBQToVectorOptions v;
    v.vectorWidth = 4;
    pm.addPass(lpbq::createLPBQToVector(v));
  });
  runOnCopy(*module, [&](PassManager &pm) {
    lpbq::LPBQExportEncodingsOptions e;
    e.path = "/dev/null";
    e.format = size % 2 ? "1.0.0" : "2.0.0";
    pm.addPass(lpbq::createLPBQExportEncodings(e));
  });
  return 0;
}
