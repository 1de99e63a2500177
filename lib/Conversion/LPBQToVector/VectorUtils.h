//===- VectorUtils.h - Shared helpers of the vector lowerings ---*- C++ -*-===//

#ifndef LPBQ_LIB_CONVERSION_LPBQTOVECTOR_VECTORUTILS_H
#define LPBQ_LIB_CONVERSION_LPBQTOVECTOR_VECTORUTILS_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir {
namespace lpbq {
namespace detail {

/// An index constant.
Value idx(OpBuilder &b, Location loc, int64_t v);

/// A 1-D constant holding `bytes` as `count` elements of `eltType`.
Value flatConstant(OpBuilder &b, Location loc, Type eltType, int64_t count,
                   ArrayRef<char> bytes);

/// Reads `w` packed values starting at flat element `base` (even for 4-bit)
/// as vector<w x i8>: 8-bit values directly, 4-bit values as bytes split by
/// shifts (low nibble first) and re-interleaved. Only for bw 4 and 8, w > 1.
Value unpackVector(OpBuilder &b, Location loc, Value packed, Value base,
                   int64_t w, int bw);

/// The shared driver of the vector passes: checks that `vectorWidth` is a
/// power of two >= `minWidth`, that every dequantized lpbq.constant has its
/// payload data (one located error each, before anything is rewritten), then
/// applies `populate`'s patterns greedily.
LogicalResult
runVectorPatterns(Operation *root, int64_t vectorWidth, int64_t minWidth,
                  function_ref<void(RewritePatternSet &)> populate);

} // namespace detail
} // namespace lpbq
} // namespace mlir

#endif // LPBQ_LIB_CONVERSION_LPBQTOVECTOR_VECTORUTILS_H
