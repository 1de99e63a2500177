//===- main.cpp - Embedding lpbq in another compiler ----------------------===//
//
// Parses an MLIR file, runs the lpbq-compile pipeline built from C++ options
// (quantize with LPBQ, lower to per-channel int8 quant ops, down to the LLVM
// dialect) and prints what the module became.
//
//===----------------------------------------------------------------------===//

#include "lpbq/InitAll.h"
#include "lpbq/Pipelines/Pipelines.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/raw_ostream.h"

int main(int argc, char **argv) {
  if (argc < 2) {
    llvm::errs() << "usage: lpbq-embed FILE.mlir [lowering]\n";
    return 2;
  }
  mlir::DialectRegistry registry;
  mlir::lpbq::registerAllLPBQAndUpstreamDialects(registry);
  mlir::lpbq::registerAllLPBQPasses();
  mlir::MLIRContext context(registry);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceFile<mlir::ModuleOp>(argv[1], &context);
  if (!module)
    return 1;

  mlir::lpbq::LPBQCompileOptions options;
  options.blockSize = 4;
  llvm::StringRef lowering = argc > 2 ? argv[2] : "per-channel";
  options.lowering = lowering == "fused" ? mlir::lpbq::LPBQLowering::Fused
                     : lowering == "vector"
                         ? mlir::lpbq::LPBQLowering::Vector
                         : mlir::lpbq::LPBQLowering::PerChannel;
  mlir::PassManager pm(&context);
  mlir::lpbq::buildLPBQCompilePipeline(pm, options);
  if (mlir::failed(pm.run(*module)))
    return 1;

  unsigned llvmFuncs = 0;
  module->walk([&](mlir::LLVM::LLVMFuncOp) { ++llvmFuncs; });
  llvm::outs() << "lpbq-embed: compiled to " << llvmFuncs << " llvm.func ops\n";
  return 0;
}
