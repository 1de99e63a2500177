//===- ImportFuzzer.cpp - Fuzz --lpbq-import-encodings --------------------===//
//
// The input is an encodings file: it is written to a temporary file and
// --lpbq-import-encodings runs on a fixed module (fuzz/import-module.mlir)
// whose weights cover the layouts (matmul [K, N] and [N, K], batch_matmul,
// conv) with the names the seed corpus uses. The pass must fail with
// diagnostics or succeed with a module that verifies; it must never crash.
//
//===----------------------------------------------------------------------===//

#include "FuzzerSupport.h"

#include "lpbq/Dialect/LPBQ/Transforms/Passes.h"
#include "lpbq/InitAll.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <cstdio>
#include <string>

using namespace mlir;

/// The module every input is applied to (fuzz/import-module.mlir, whose
/// exported encodings are the seed corpus).
#ifndef LPBQ_FUZZ_IMPORT_MODULE
#error "LPBQ_FUZZ_IMPORT_MODULE must name fuzz/import-module.mlir"
#endif

static const std::string &moduleText() {
  static std::string text = [] {
    auto buffer = llvm::MemoryBuffer::getFile(LPBQ_FUZZ_IMPORT_MODULE);
    if (!buffer)
      lpbq_fuzz::fail("cannot read " LPBQ_FUZZ_IMPORT_MODULE);
    return (*buffer)->getBuffer().str();
  }();
  return text;
}

static void initContext(MLIRContext &ctx) {
  DialectRegistry registry;
  lpbq::registerAllLPBQAndUpstreamDialects(registry);
  ctx.appendDialectRegistry(registry);
}

/// A temporary file that the pass reads; removed at exit.
static const std::string &encodingsPath() {
  static std::string path = [] {
    llvm::SmallString<128> p;
    if (llvm::sys::fs::createTemporaryFile("lpbq-fuzz-import", "json", p))
      lpbq_fuzz::fail("cannot create a temporary file");
    std::string s = p.str().str();
    std::atexit([] { llvm::sys::fs::remove(encodingsPath()); });
    return s;
  }();
  return path;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static lpbq_fuzz::ContextPool pool(initContext);
  MLIRContext &ctx = pool.get();
  {
    std::error_code ec;
    llvm::raw_fd_ostream os(encodingsPath(), ec);
    if (ec)
      lpbq_fuzz::fail("cannot write the temporary file");
    os.write(reinterpret_cast<const char *>(data), size);
  }
  OwningOpRef<ModuleOp> module =
      parseSourceString<ModuleOp>(moduleText(), &ctx);
  if (!module)
    lpbq_fuzz::fail("the fixed module does not parse");

  // The pass options follow from the input's size, so that every input is
  // an encodings file as is and still reproduces exactly.
  static const char *const schemes[] = {"aimet-torch", "aimet-onnx",
                                        "executorch"};
  lpbq::LPBQImportEncodingsOptions options;
  options.path = encodingsPath();
  options.decompressedBitwidth = size % 4 == 3 ? 5 + (size / 4) % 12 : 8;
  options.scheme = schemes[size % 5 == 4 ? (size / 5) % 3 : 0];
  options.resourceThreshold = size % 2 ? 16 : 1024;

  PassManager pm(&ctx);
  pm.enableVerifier(false);
  pm.addPass(lpbq::createLPBQImportEncodings(options));
  if (succeeded(pm.run(*module)) && failed(verify(*module)))
    lpbq_fuzz::fail("--lpbq-import-encodings produced invalid IR");
  return 0;
}
