//===- LPBQToQuant.h - LPBQ weights to per-channel quant ops ----*- C++ -*-===//

#ifndef LPBQ_CONVERSION_LPBQTOQUANT_LPBQTOQUANT_H
#define LPBQ_CONVERSION_LPBQTOQUANT_LPBQTOQUANT_H

#include "mlir/Pass/Pass.h"

namespace mlir {
class RewritePatternSet;
namespace lpbq {

#define GEN_PASS_DECL_LPBQTOPERCHANNEL
#include "lpbq/Conversion/Passes.h.inc"

/// Rewrites lpbq.dequantize(lpbq.constant) into arith.constant + quant.scast
/// + quant.dcast over a per-axis (or sub-channel) !quant.uniform type.
void populateLPBQToPerChannelPatterns(RewritePatternSet &patterns,
                                      int64_t resourceThreshold = 1024);

} // namespace lpbq
} // namespace mlir

#endif // LPBQ_CONVERSION_LPBQTOQUANT_LPBQTOQUANT_H
