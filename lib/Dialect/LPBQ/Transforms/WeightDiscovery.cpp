//===- WeightDiscovery.cpp - Find, read and replace constant weights ------===//

#include "lpbq/Dialect/LPBQ/Transforms/WeightDiscovery.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include <algorithm>
#include <cstring>

using namespace mlir;
using namespace mlir::lpbq;

FailureOr<ConstantSource> mlir::lpbq::traceConstant(Value v) {
  ConstantSource src;
  while (true) {
    Operation *def = v.getDefiningOp();
    if (!def)
      return failure();
    ElementsAttr attr;
    if (matchPattern(v, m_Constant(&attr))) {
      src.constOp = def;
      src.attr = attr;
      std::reverse(src.chain.begin(), src.chain.end());
      return src;
    }
    if (isa<tosa::ReshapeOp, tosa::TransposeOp, tensor::ExpandShapeOp,
            tensor::CollapseShapeOp, tensor::CastOp>(def)) {
      src.chain.push_back(def);
      v = def->getOperand(0);
      continue;
    }
    if (auto t = dyn_cast<linalg::TransposeOp>(def)) {
      src.chain.push_back(def);
      v = t.getInput();
      continue;
    }
    return failure();
  }
}

/// Row-major transpose: out.shape[i] = in.shape[perm[i]].
static std::vector<float> transpose(const std::vector<float> &in,
                                    ArrayRef<int64_t> inShape,
                                    ArrayRef<int64_t> perm) {
  int64_t rank = inShape.size();
  SmallVector<int64_t> inStrides(rank, 1), outShape(rank);
  for (int64_t i = rank - 2; i >= 0; --i)
    inStrides[i] = inStrides[i + 1] * inShape[i + 1];
  for (int64_t i = 0; i < rank; ++i)
    outShape[i] = inShape[perm[i]];
  std::vector<float> out(in.size());
  SmallVector<int64_t> idx(rank, 0);
  for (size_t o = 0; o < out.size(); ++o) {
    int64_t src = 0;
    for (int64_t i = 0; i < rank; ++i)
      src += idx[i] * inStrides[perm[i]];
    out[o] = in[src];
    for (int64_t i = rank - 1; i >= 0; --i) {
      if (++idx[i] < outShape[i])
        break;
      idx[i] = 0;
    }
  }
  return out;
}

LogicalResult mlir::lpbq::materializeWeight(const ConstantSource &src,
                                            int64_t numElements,
                                            WeightData &data) {
  FailureOr<RawElements> raw = getRawElements(src.attr);
  if (failed(raw))
    return failure();
  bool needsTranspose = llvm::any_of(src.chain, [](Operation *op) {
    return isa<tosa::TransposeOp, linalg::TransposeOp>(op);
  });
  const char *bytes = raw->bytes.data();
  if (!raw->splat && !needsTranspose &&
      reinterpret_cast<uintptr_t>(bytes) % alignof(float) == 0) {
    if (static_cast<int64_t>(raw->bytes.size()) < numElements * 4)
      return failure();
    data.ptr = reinterpret_cast<const float *>(bytes);
    return success();
  }
  data.storage.resize(numElements);
  if (raw->splat) {
    float v;
    std::memcpy(&v, bytes, 4);
    std::fill(data.storage.begin(), data.storage.end(), v);
  } else {
    if (static_cast<int64_t>(raw->bytes.size()) < numElements * 4)
      return failure();
    std::memcpy(data.storage.data(), bytes, numElements * 4);
  }
  // Replay the data movement: reshapes and casts keep row-major order.
  for (Operation *op : src.chain) {
    ArrayRef<int64_t> inShape =
        cast<RankedTensorType>(op->getOperand(0).getType()).getShape();
    SmallVector<int64_t> perm;
    if (auto t = dyn_cast<tosa::TransposeOp>(op))
      perm.assign(t.getPerms().begin(), t.getPerms().end());
    else if (auto t = dyn_cast<linalg::TransposeOp>(op))
      perm.assign(t.getPermutation().begin(), t.getPermutation().end());
    if (!perm.empty())
      data.storage = transpose(data.storage, inShape, perm);
  }
  data.ptr = data.storage.data();
  return success();
}

std::optional<StringRef> mlir::lpbq::findLocName(Location loc) {
  if (auto name = loc->findInstanceOf<NameLoc>())
    return name.getName().getValue();
  return std::nullopt;
}

/// Classifies the weight operand of `op` (a supported op with `layout`).
static void classify(WeightUse &use) {
  Operation *op = use.op;
  Value weight = use.operand->get();
  if (weight.getDefiningOp<DequantizeOp>()) {
    use.kind = WeightUseKind::AlreadyQuantized;
    return;
  }
  auto type = dyn_cast<RankedTensorType>(weight.getType());
  if (!type || !type.hasStaticShape()) {
    use.kind = WeightUseKind::NotConstant;
    return;
  }
  FailureOr<ConstantSource> src = traceConstant(weight);
  if (failed(src)) {
    use.kind = WeightUseKind::NotConstant;
    return;
  }
  use.type = type;
  use.source = *src;
  if (!use.layout.blockable) {
    use.kind = WeightUseKind::NotBlockable;
    return;
  }
  if (!type.getElementType().isF32()) {
    use.kind = WeightUseKind::NotF32;
    return;
  }
  use.kind = WeightUseKind::Candidate;
  // Stable name: the constant's NameLoc, else the consumer's + ".weight",
  // else <function>.<op name>_<index>.weight.
  use.opLocName = findLocName(op->getLoc());
  use.constName = findLocName(src->constOp->getLoc());
  if (use.constName)
    use.name = use.constName->str();
  else if (use.opLocName)
    use.name = (*use.opLocName + ".weight").str();
  else
    use.name = (use.func.getName() + "." + use.opName + "_" +
                Twine(use.opIndex) + ".weight")
                   .str();
}

void mlir::lpbq::forEachWeightUse(ModuleOp module,
                                  function_ref<void(WeightUse &)> fn) {
  module.walk([&](FunctionOpInterface func) {
    llvm::StringMap<unsigned> opCounters;
    func.walk([&](Operation *op) {
      std::optional<WeightLayout> layout = getWeightLayout(op);
      if (!layout)
        return;
      WeightUse use;
      use.op = op;
      use.opName = op->getName().getStringRef();
      use.func = func;
      use.opIndex = opCounters[use.opName]++;
      use.layout = std::move(*layout);
      if (use.layout.operandIndex >= op->getNumOperands()) {
        // Known op without a weight operand: nothing to find.
        use.kind = WeightUseKind::NotConstant;
        fn(use);
        return;
      }
      use.operand = &op->getOpOperand(use.layout.operandIndex);
      classify(use);
      fn(use);
    });
  });
}

WeightNamer::WeightNamer(ModuleOp module) {
  module.walk([&](ConstantOp op) {
    std::string n = op.getWeightName();
    if (!n.empty())
      used.insert(n);
  });
}

std::string WeightNamer::uniquify(StringRef name) {
  if (used.insert(name).second)
    return name.str();
  unsigned suffix = 1;
  while (!used.insert((name + "_" + Twine(suffix)).str()).second)
    ++suffix;
  return (name + "_" + Twine(suffix)).str();
}

bool mlir::lpbq::isSameWeightLayout(const WeightLayout &a,
                                    const WeightLayout &b) {
  return a.channelAxis == b.channelAxis && a.blockAxis == b.blockAxis &&
         a.batchAxes == b.batchAxes;
}

WeightGroups::AddResult WeightGroups::add(const WeightUse &use,
                                          unsigned &index) {
  Value weight = use.operand->get();
  auto [it, inserted] = indexOf.try_emplace(weight, groups.size());
  index = it->second;
  if (!inserted) {
    WeightGroup &group = groups[index];
    group.uses.push_back(use.operand);
    if (isSameWeightLayout(group.layout, use.layout))
      return group.conflict ? AddResult::StillConflicting : AddResult::Joined;
    if (group.conflict)
      return AddResult::StillConflicting;
    group.conflict = true;
    return AddResult::Conflict;
  }
  WeightGroup group;
  group.weight = weight;
  group.uses.push_back(use.operand);
  group.layout = use.layout;
  group.name = use.name;
  group.opName = use.opName.str();
  group.source = use.source;
  group.type = use.type;
  groups.push_back(std::move(group));
  return AddResult::New;
}

core::Params mlir::lpbq::withLayoutAxes(core::Params p, const WeightLayout &l) {
  p.channelAxis = static_cast<int>(l.channelAxis);
  p.blockAxis = static_cast<int>(l.blockAxis);
  p.batchAxes.clear();
  for (int64_t a : l.batchAxes)
    p.batchAxes.push_back(static_cast<int>(a));
  return p;
}

ConstantOp mlir::lpbq::replaceWeightWithLPBQ(const WeightGroup &group,
                                             const core::Encoding &encoding,
                                             StringRef scheme,
                                             int64_t resourceThreshold) {
  MLIRContext *ctx = group.weight.getContext();
  const WeightLayout &l = group.layout;
  const core::Params &p = encoding.params;
  auto enc = EncodingAttr::get(ctx, p.bitwidth, p.decompressedBitwidth,
                               p.blockSize, p.blockGrouping, l.channelAxis,
                               l.blockAxis, l.batchAxes, scheme);
  auto weightType = WeightType::get(ctx, group.type, enc);
  OpBuilder builder(ctx);
  builder.setInsertionPointAfterValue(group.weight);
  Location constLoc = group.source.constOp->getLoc();
  auto nameLoc = dyn_cast<NameLoc>(constLoc);
  Location loc = nameLoc && nameLoc.getName() == group.name
                     ? constLoc
                     : NameLoc::get(StringAttr::get(ctx, group.name), constLoc);
  auto cst = ConstantOp::create(builder, loc, weightType, group.name, encoding,
                                resourceThreshold);
  auto dq = DequantizeOp::create(builder, loc, group.type, cst);
  for (OpOperand *use : group.uses)
    use->set(dq.getResult());

  // Drop the float constant and its data-movement chain when unused.
  SmallVector<Operation *> chain = group.source.chain;
  chain.insert(chain.begin(), group.source.constOp);
  for (Operation *op : llvm::reverse(chain)) {
    if (!op->use_empty())
      break;
    SmallVector<Value> operands(op->getOperands());
    op->erase();
    for (Value v : operands)
      if (Operation *def = v.getDefiningOp(); def && def->use_empty() &&
                                              isMemoryEffectFree(def) &&
                                              !llvm::is_contained(chain, def))
        def->erase();
  }
  return cst;
}

int64_t mlir::lpbq::getPayloadBytes(WeightType type,
                                    const core::Encoding &encoding) {
  return type.getPackedSize() +
         static_cast<int64_t>(encoding.intScales.size()) *
             (type.getEncoding().getMaxIntScale() > 127 ? 2 : 1) +
         static_cast<int64_t>(encoding.channelScales.size()) * 4;
}
