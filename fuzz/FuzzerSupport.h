//===- FuzzerSupport.h - Shared pieces of the MLIR fuzz targets -*- C++ -*-===//

#ifndef LPBQ_FUZZ_FUZZERSUPPORT_H
#define LPBQ_FUZZ_FUZZERSUPPORT_H

#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/StringRef.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace lpbq_fuzz {

/// A context that is recreated every `period` inputs, so that the attributes
/// and types uniqued by earlier inputs do not accumulate without bound.
/// Diagnostics are swallowed (bad input is the fuzzers' normal case).
class ContextPool {
public:
  ContextPool(std::function<void(mlir::MLIRContext &)> init,
              unsigned period = 256)
      : init(std::move(init)), period(period) {}

  mlir::MLIRContext &get();

private:
  std::function<void(mlir::MLIRContext &)> init;
  unsigned period;
  unsigned uses = 0;
  std::unique_ptr<mlir::MLIRContext> context;
};

/// Whether the input starts with MLIR's bytecode magic ("ML\xefR"). The MLIR
/// fuzz targets take text only: the release-built bytecode reader of Debian's
/// MLIR trusts the sizes in the file (upstream code, not lpbq's).
bool isBytecode(const uint8_t *data, size_t size);

/// The input as parser text, stored in `storage`: NUL-terminated and then
/// followed by a sentinel byte. MLIR 22's lexer, after an unterminated string
/// at the very end of the buffer, steps over the terminating NUL and keeps
/// lexing beyond the buffer (an upstream out-of-bounds read that mlir-opt
/// shows too); the sentinel stops it at once.
llvm::StringRef textInput(const uint8_t *data, size_t size,
                          std::string &storage);

/// Whether `text` may hit a parser crash of Debian's MLIR 22.1.8 that is not
/// lpbq's (so the MLIR targets skip it): linalg.transpose, linalg.broadcast
/// and linalg.reduce crash (null attribute in NamedAttrList::set, also in
/// mlir-opt-22) when what follows `permutation =` or `dimensions =` is not an
/// integer list, e.g. `permutation = [1, x]`, `dimensions = ([0])` or an
/// unterminated list.
bool hasKnownUpstreamCrash(llvm::StringRef text);

/// Aborts (a finding for libFuzzer) with `message` on stderr.
[[noreturn]] void fail(const char *message);

} // namespace lpbq_fuzz

#endif // LPBQ_FUZZ_FUZZERSUPPORT_H
