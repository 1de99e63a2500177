//===- LPBQToVector.h - LPBQ dequantization to vector loops -----*- C++ -*-===//

#ifndef LPBQ_CONVERSION_LPBQTOVECTOR_LPBQTOVECTOR_H
#define LPBQ_CONVERSION_LPBQTOVECTOR_LPBQTOVECTOR_H

#include "mlir/Pass/Pass.h"

namespace mlir {
class RewritePatternSet;
namespace lpbq {

#define GEN_PASS_DECL_LPBQTOVECTOR
#define GEN_PASS_DECL_LPBQMATMULTOVECTOR
#include "lpbq/Conversion/Passes.h.inc"

/// Rewrites lpbq.dequantize(lpbq.constant) into scf/vector loops over the
/// packed bytes.
void populateLPBQToVectorPatterns(RewritePatternSet &patterns,
                                  int64_t vectorWidth = 16);

/// Fuses LPBQ weights into matmul/matvec/vecmat/batch_matmul/tosa.matmul
/// kernels over the packed bytes.
void populateLPBQMatmulToVectorPatterns(RewritePatternSet &patterns,
                                        int64_t vectorWidth = 16);

} // namespace lpbq
} // namespace mlir

#endif // LPBQ_CONVERSION_LPBQTOVECTOR_LPBQTOVECTOR_H
