//===- lpbq-lsp-server.cpp - MLIR language server with lpbq ---------------===//
//
// Upstream's MLIR language server with the lpbq dialect (and every upstream
// dialect lpbq-opt knows) registered, for editors.
//
//===----------------------------------------------------------------------===//

#include "lpbq/InitAll.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-lsp-server/MlirLspServerMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  mlir::lpbq::registerAllLPBQAndUpstreamDialects(registry);
  return mlir::failed(mlir::MlirLspServerMain(argc, argv, registry));
}
