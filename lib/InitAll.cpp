//===- InitAll.cpp - Register everything lpbq provides --------------------===//

#include "lpbq/InitAll.h"

#include "lpbq/Conversion/Passes.h"
#include "lpbq/Dialect/LPBQ/IR/LPBQ.h"
#include "lpbq/Dialect/LPBQ/Transforms/Passes.h"
#include "lpbq/Pipelines/Pipelines.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"

void mlir::lpbq::registerAllLPBQDialects(DialectRegistry &registry) {
  registry.insert<LPBQDialect>();
}

void mlir::lpbq::registerAllLPBQPasses() {
  registerLPBQPasses();
  registerLPBQConversionPasses();
  registerLPBQPipelines();
}

void mlir::lpbq::registerAllLPBQAndUpstreamDialects(DialectRegistry &registry) {
  registerAllLPBQDialects(registry);
  registerAllDialects(registry);
  registerAllExtensions(registry);
}
