//===- WeightLayouts.h - Which operand is a weight, and its axes -*- C++
//-*-===//
//
// The one table that maps each supported op to its weight operand, output
// channel axis and blocked axis (spec section 4). Adding an op is one row.
//
//===----------------------------------------------------------------------===//

#ifndef LPBQ_DIALECT_LPBQ_TRANSFORMS_WEIGHTLAYOUTS_H
#define LPBQ_DIALECT_LPBQ_TRANSFORMS_WEIGHTLAYOUTS_H

#include "mlir/IR/Operation.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>

namespace mlir {
namespace lpbq {

/// Where the weight of an op is and how it is laid out.
struct WeightLayout {
  unsigned operandIndex = 0;
  int64_t channelAxis = 0;
  int64_t blockAxis = 1;
  SmallVector<int64_t> batchAxes;
  /// False for ops whose weights LPBQ cannot block (depthwise convs);
  /// `reason` says why.
  bool blockable = true;
  bool isDepthwise = false;
  std::string reason;
};

/// The layout of `op`'s weight, or std::nullopt when `op` is not an op whose
/// weight lpbq knows. An op that is known but has an unsupported form (e.g.
/// unusual indexing maps) returns a layout with blockable = false.
std::optional<WeightLayout> getWeightLayout(Operation *op);

/// Names of all ops in the table, e.g. "linalg.matmul", "tosa.conv2d".
ArrayRef<StringRef> getSupportedWeightOpNames();

} // namespace lpbq
} // namespace mlir

#endif // LPBQ_DIALECT_LPBQ_TRANSFORMS_WEIGHTLAYOUTS_H
