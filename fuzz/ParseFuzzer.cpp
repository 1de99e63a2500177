//===- ParseFuzzer.cpp - Fuzz parsing, verifying and printing lpbq IR -----===//
//
// Parses the input as a textual module in a context with the lpbq dialect and
// the dialects its inputs use (func, arith, tensor, linalg, tosa). A module
// that parses and verifies is printed (custom and generic form) and must
// parse back: the lpbq printers and parsers agree. Bytecode inputs are
// skipped: Debian's release-built bytecode reader trusts the sizes in the
// file (e.g. it accepts tensor<-1xi16> for a dense attribute, which the
// printer then reads out of bounds), an upstream issue outside lpbq.
//
//===----------------------------------------------------------------------===//

#include "FuzzerSupport.h"

#include "lpbq/Dialect/LPBQ/IR/LPBQ.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <string>

using namespace mlir;

static void initContext(MLIRContext &ctx) {
  DialectRegistry registry;
  registry.insert<lpbq::LPBQDialect, func::FuncDialect, arith::ArithDialect,
                  tensor::TensorDialect, linalg::LinalgDialect,
                  tosa::TosaDialect>();
  ctx.appendDialectRegistry(registry);
  ctx.loadAllAvailableDialects();
}

/// Prints `module` and parses the text back; a failure is a finding when the
/// module holds lpbq constructs (upstream round-trip issues are not ours).
static void roundTrip(ModuleOp module, bool generic, bool hasLPBQ) {
  std::string text;
  llvm::raw_string_ostream os(text);
  OpPrintingFlags flags;
  if (generic)
    flags.printGenericOpForm();
  module->print(os, flags);
  OwningOpRef<ModuleOp> again =
      parseSourceString<ModuleOp>(text, module->getContext());
  if (!again && hasLPBQ)
    lpbq_fuzz::fail("a verified module with lpbq IR does not parse back");
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static lpbq_fuzz::ContextPool pool(initContext);
  MLIRContext &ctx = pool.get();
  if (lpbq_fuzz::isBytecode(data, size))
    return 0;
  std::string storage;
  llvm::StringRef text = lpbq_fuzz::textInput(data, size, storage);
  if (lpbq_fuzz::hasKnownUpstreamCrash(text))
    return 0;
  ParserConfig config(&ctx, /*verifyAfterParse=*/false);
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(text, config);
  if (!module)
    return 0;
  if (failed(verify(*module)))
    return 0;
  bool hasLPBQ = false;
  module->walk([&](Operation *op) {
    hasLPBQ |= isa<lpbq::LPBQDialect>(op->getDialect());
    for (Type t : op->getResultTypes())
      hasLPBQ |= isa<lpbq::LPBQDialect>(t.getDialect());
  });
  roundTrip(*module, /*generic=*/false, hasLPBQ);
  roundTrip(*module, /*generic=*/true, hasLPBQ);
  return 0;
}
