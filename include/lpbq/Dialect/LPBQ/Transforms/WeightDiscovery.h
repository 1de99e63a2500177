//===- WeightDiscovery.h - Find, read, replace weights ----------*- C++ -*-===//
//
// The weight discovery shared by the passes that turn float weights into LPBQ
// weights (lpbq-quantize-weights, lpbq-import-encodings): which operands of
// supported ops are weights, how they trace back to a constant, their stable
// names, their float data in the layout the consumer sees, and the rewrite
// into lpbq.constant + lpbq.dequantize.
//
//===----------------------------------------------------------------------===//

#ifndef LPBQ_DIALECT_LPBQ_TRANSFORMS_WEIGHTDISCOVERY_H
#define LPBQ_DIALECT_LPBQ_TRANSFORMS_WEIGHTDISCOVERY_H

#include "lpbq/Core/Encoding.h"
#include "lpbq/Dialect/LPBQ/IR/LPBQ.h"
#include "lpbq/Dialect/LPBQ/Transforms/WeightLayouts.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/StringSet.h"

#include <optional>
#include <string>
#include <vector>

namespace mlir {
namespace lpbq {

/// A constant reached from a weight operand through data-movement ops.
struct ConstantSource {
  Operation *constOp = nullptr;
  ElementsAttr attr;
  /// Ops from the constant (exclusive) to the weight value (inclusive).
  SmallVector<Operation *> chain;
};

/// Follows reshapes, transposes and casts (tosa.reshape, tosa.transpose,
/// linalg.transpose, tensor.expand_shape, tensor.collapse_shape, tensor.cast)
/// back to a constant.
FailureOr<ConstantSource> traceConstant(Value v);

/// The weight as float32 in the layout its consumer sees. Borrows the
/// constant's storage when no copy is needed.
struct WeightData {
  std::vector<float> storage;
  const float *ptr = nullptr;
};

/// Reads the f32 data of `src` and replays its data-movement chain. Fails
/// when the data is not available (e.g. a dense_resource without its blob).
LogicalResult materializeWeight(const ConstantSource &src, int64_t numElements,
                                WeightData &data);

/// How discovery classified the weight operand of a supported op.
enum class WeightUseKind {
  /// A statically shaped f32 constant with a blockable layout.
  Candidate,
  /// Already fed by lpbq.dequantize.
  AlreadyQuantized,
  /// Not a statically shaped compile-time constant.
  NotConstant,
  /// A constant, but LPBQ cannot block this op's weight (depthwise
  /// convolution or an unsupported form; `layout.reason` says why).
  NotBlockable,
  /// A constant with elements other than f32.
  NotF32,
};

/// The weight operand of one supported op.
struct WeightUse {
  WeightUseKind kind = WeightUseKind::NotConstant;
  /// The consumer, its name, its function and its index among the ops of
  /// that name in the function (quantized or not).
  Operation *op = nullptr;
  StringRef opName;
  FunctionOpInterface func;
  unsigned opIndex = 0;
  WeightLayout layout;
  OpOperand *operand = nullptr;
  /// Set for NotBlockable, NotF32 and Candidate.
  RankedTensorType type;
  ConstantSource source;
  /// Candidate only: the constant's NameLoc, else the consumer's NameLoc +
  /// ".weight", else "<function>.<op name>_<index>.weight". Not yet unique:
  /// see WeightNamer.
  std::string name;
  std::optional<StringRef> opLocName, constName;
};

/// Calls `fn` for the weight operand of every supported op (see
/// WeightLayouts.h) in the functions of `module`, in program order.
void forEachWeightUse(ModuleOp module, function_ref<void(WeightUse &)> fn);

/// The NameLoc name inside `loc`, if any.
std::optional<StringRef> findLocName(Location loc);

/// Keeps weight names unique in a module: names key the encodings file.
class WeightNamer {
public:
  /// Seeds the used names with those of the module's lpbq.constant ops.
  explicit WeightNamer(ModuleOp module);
  /// Returns `name`, or `name_<n>` with the smallest n >= 1 not yet used,
  /// and marks it used.
  std::string uniquify(StringRef name);

private:
  llvm::StringSet<> used;
};

/// Candidate weight uses grouped by weight value: one group per weight to
/// replace, with all its weight uses.
struct WeightGroup {
  Value weight;
  SmallVector<OpOperand *> uses;
  WeightLayout layout;
  std::string name;
  std::string opName;
  ConstantSource source;
  RankedTensorType type;
  /// Users of the weight disagree on the channel, block or batch axes.
  bool conflict = false;
};

class WeightGroups {
public:
  enum class AddResult {
    /// The first use of this weight: a new group.
    New,
    /// A further use with the same layout.
    Joined,
    /// A further use whose layout disagrees, the first such one.
    Conflict,
    /// A further use after the group already conflicts.
    StillConflicting,
  };
  /// Adds a Candidate use; `index` is set to its group's index.
  AddResult add(const WeightUse &use, unsigned &index);

  std::vector<WeightGroup> &getGroups() { return groups; }
  const std::vector<WeightGroup> &getGroups() const { return groups; }

private:
  llvm::MapVector<Value, unsigned> indexOf;
  std::vector<WeightGroup> groups;
};

/// Whether two layouts have the same channel, block and batch axes.
bool isSameWeightLayout(const WeightLayout &a, const WeightLayout &b);

/// Core parameters for a weight of `layout`: the encoding numbers from
/// `params`, the axes from `layout`.
core::Params withLayoutAxes(core::Params params, const WeightLayout &layout);

/// Replaces the weight uses of `group` with lpbq.dequantize of an
/// lpbq.constant holding `encoding` (created after the weight's definition,
/// located at the constant, named `group.name`), then erases the float
/// constant and its data-movement chain when they became unused. Returns the
/// new constant.
ConstantOp replaceWeightWithLPBQ(const WeightGroup &group,
                                 const core::Encoding &encoding,
                                 StringRef scheme, int64_t resourceThreshold);

/// Bytes of the LPBQ payloads of a weight of `type` holding `encoding`.
int64_t getPayloadBytes(WeightType type, const core::Encoding &encoding);

} // namespace lpbq
} // namespace mlir

#endif // LPBQ_DIALECT_LPBQ_TRANSFORMS_WEIGHTDISCOVERY_H
