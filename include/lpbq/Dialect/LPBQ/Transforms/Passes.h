//===- Passes.h - LPBQ transformation passes --------------------*- C++ -*-===//

#ifndef LPBQ_DIALECT_LPBQ_TRANSFORMS_PASSES_H
#define LPBQ_DIALECT_LPBQ_TRANSFORMS_PASSES_H

#include "lpbq/Dialect/LPBQ/IR/LPBQ.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

#include <string>

namespace mlir {
namespace lpbq {

#define GEN_PASS_DECL
#include "lpbq/Dialect/LPBQ/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "lpbq/Dialect/LPBQ/Transforms/Passes.h.inc"

} // namespace lpbq
} // namespace mlir

#endif // LPBQ_DIALECT_LPBQ_TRANSFORMS_PASSES_H
