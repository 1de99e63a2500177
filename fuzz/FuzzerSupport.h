//===- FuzzerSupport.h - Shared pieces of the MLIR fuzz targets -*- C++ -*-===//

#ifndef LPBQ_FUZZ_FUZZERSUPPORT_H
#define LPBQ_FUZZ_FUZZERSUPPORT_H

#include "mlir/IR/MLIRContext.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>

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

/// Aborts (a finding for libFuzzer) with `message` on stderr.
[[noreturn]] void fail(const char *message);

} // namespace lpbq_fuzz

#endif // LPBQ_FUZZ_FUZZERSUPPORT_H
