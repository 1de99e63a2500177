//===- lpbq-opt.cpp - The lpbq optimizer driver ---------------------------===//
//
// mlir-opt with the lpbq dialect, passes and pipelines added: every upstream
// dialect, extension and pass is registered too, so one tool runs a whole
// pipeline from linalg/TOSA to the LLVM dialect.
//
//===----------------------------------------------------------------------===//

#include "lpbq/InitAll.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"

#ifndef LPBQ_VERSION
#define LPBQ_VERSION "unknown"
#endif

int main(int argc, char **argv) {
  mlir::registerAllPasses();
  mlir::lpbq::registerAllLPBQPasses();

  mlir::DialectRegistry registry;
  mlir::lpbq::registerAllLPBQAndUpstreamDialects(registry);

  llvm::cl::AddExtraVersionPrinter([](llvm::raw_ostream &os) {
    os << "lpbq-opt " LPBQ_VERSION
          " (Low-Power Blockwise Quantization for MLIR)\n";
  });
  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "lpbq optimizer driver (LPBQ weight quantization)\n",
      registry));
}
