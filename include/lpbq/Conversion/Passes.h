//===- Passes.h - lpbq conversion passes ------------------------*- C++ -*-===//

#ifndef LPBQ_CONVERSION_PASSES_H
#define LPBQ_CONVERSION_PASSES_H

#include "lpbq/Conversion/LPBQToQuant/LPBQToQuant.h"
#include "lpbq/Conversion/LPBQToVector/LPBQToVector.h"

#include "mlir/Pass/Pass.h"

namespace mlir {
namespace lpbq {

#define GEN_PASS_REGISTRATION
#include "lpbq/Conversion/Passes.h.inc"

} // namespace lpbq
} // namespace mlir

#endif // LPBQ_CONVERSION_PASSES_H
