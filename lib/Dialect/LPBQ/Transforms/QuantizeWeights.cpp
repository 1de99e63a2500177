//===- QuantizeWeights.cpp - Quantize constant weights with LPBQ ----------===//
//
// Finds the constant weights of supported linalg and TOSA ops (see
// WeightLayouts.cpp), encodes them with the core library and replaces their
// weight uses with lpbq.constant + lpbq.dequantize. Works in two phases: plan
// and encode everything first, then rewrite, so that an error leaves the
// module unchanged.
//
//===----------------------------------------------------------------------===//

#include "lpbq/Dialect/LPBQ/IR/LPBQ.h"
#include "lpbq/Dialect/LPBQ/Transforms/Passes.h"
#include "lpbq/Dialect/LPBQ/Transforms/WeightLayouts.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/ToolOutputFile.h"

#include <cmath>
#include <cstring>

namespace mlir {
namespace lpbq {
#define GEN_PASS_DEF_LPBQQUANTIZEWEIGHTS
#include "lpbq/Dialect/LPBQ/Transforms/Passes.h.inc"
} // namespace lpbq
} // namespace mlir

using namespace mlir;
using namespace mlir::lpbq;


namespace {

/// A constant reached from a weight operand through data-movement ops.
struct ConstantSource {
  Operation *constOp = nullptr;
  ElementsAttr attr;
  /// Ops from the constant (exclusive) to the weight value (inclusive).
  SmallVector<Operation *> chain;
};

/// Follows reshapes, transposes and casts back to a constant.
FailureOr<ConstantSource> traceConstant(Value v) {
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
std::vector<float> transpose(const std::vector<float> &in,
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

/// The weight as float32 in the layout its consumer sees. Borrows the
/// constant's storage when no copy is needed.
struct WeightData {
  std::vector<float> storage;
  const float *ptr = nullptr;
};

LogicalResult materialize(const ConstantSource &src, int64_t numElements,
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

std::optional<StringRef> findName(Location loc) {
  if (auto name = loc->findInstanceOf<NameLoc>())
    return name.getName().getValue();
  return std::nullopt;
}

/// One weight to quantize: a weight value and all its weight uses that
/// agree on the layout.
struct Plan {
  Value weight;
  SmallVector<OpOperand *> uses;
  WeightLayout layout;
  std::string name;
  std::string opName;
  ConstantSource source;
  RankedTensorType type;
  bool conflict = false;
  core::Encoding encoding;
  std::optional<core::Quality> quality; ///< Only with report=FILE.
};

struct QuantizeWeightsPass
    : public lpbq::impl::LPBQQuantizeWeightsBase<QuantizeWeightsPass> {
  using Base::Base;

  void runOnOperation() override;

private:
  /// Statistics are compiled out of LLVM builds without LLVM_ENABLE_STATS
  /// (Debian's); the report carries the same counts.
  void count(Statistic &stat, StringRef key, int64_t n = 1) {
    stat += n;
    counts[key] += n;
  }
  llvm::StringMap<int64_t> counts;

  LogicalResult validateOptions(ModuleOp module);
  core::Params coreParams(const WeightLayout &layout) const;
  LogicalResult writeReport(ModuleOp module, ArrayRef<Plan> plans);
};

} // namespace

core::Params QuantizeWeightsPass::coreParams(const WeightLayout &l) const {
  core::Params p;
  p.bitwidth = static_cast<int>(bitwidth);
  p.decompressedBitwidth = static_cast<int>(decompressedBitwidth);
  p.blockSize = blockSize;
  p.blockGrouping = blockGrouping;
  p.channelAxis = static_cast<int>(l.channelAxis);
  p.blockAxis = static_cast<int>(l.blockAxis);
  for (int64_t a : l.batchAxes)
    p.batchAxes.push_back(static_cast<int>(a));
  p.scheme = core::parseScheme(scheme).value_or(core::Scheme::AimetTorch);
  return p;
}

LogicalResult QuantizeWeightsPass::validateOptions(ModuleOp module) {
  core::Params p;
  p.bitwidth = static_cast<int>(bitwidth);
  p.decompressedBitwidth = static_cast<int>(decompressedBitwidth);
  p.blockSize = blockSize;
  p.blockGrouping = blockGrouping;
  if (bitwidth != p.bitwidth || decompressedBitwidth != p.decompressedBitwidth)
    return module.emitError() << "expected bitwidth in [2, 8] and "
                                 "decompressed-bitwidth in (bitwidth, 16]";
  if (core::Status s = core::validateParams(p); !s)
    return module.emitError() << "invalid lpbq-quantize-weights options: "
                              << s.message;
  if (!core::parseScheme(scheme))
    return module.emitError()
           << "expected scheme aimet-torch, aimet-onnx or executorch, found '"
           << scheme << "'";
  for (const std::string &name : opTypes)
    if (!llvm::is_contained(getSupportedWeightOpNames(), name)) {
      InFlightDiagnostic d = module.emitError()
                             << "unknown op type '" << name
                             << "' in op-types; expected one of: ";
      llvm::interleaveComma(getSupportedWeightOpNames(), d);
      return d;
    }
  return success();
}

static bool sameLayout(const WeightLayout &a, const WeightLayout &b) {
  return a.channelAxis == b.channelAxis && a.blockAxis == b.blockAxis &&
         a.batchAxes == b.batchAxes;
}

void QuantizeWeightsPass::runOnOperation() {
  ModuleOp module = getOperation();
  if (failed(validateOptions(module)))
    return signalPassFailure();

  // Phase 1: find weights.
  llvm::MapVector<Value, unsigned> planIndex;
  llvm::StringSet<> usedNames;
  module.walk([&](ConstantOp op) {
    std::string n = op.getWeightName();
    if (!n.empty())
      usedNames.insert(n);
  });
  std::vector<Plan> plans;
  bool hadError = false;
  module.walk([&](FunctionOpInterface func) {
    llvm::StringMap<unsigned> opCounters;
    func.walk([&](Operation *op) {
      std::optional<WeightLayout> layout = getWeightLayout(op);
      if (!layout)
        return;
      StringRef opName = op->getName().getStringRef();
      unsigned index = opCounters[opName]++;
      if (!opTypes.empty() && !llvm::is_contained(opTypes, opName.str())) {
        count(numSkippedExcluded, "skipped-excluded");
        return;
      }
      OpOperand &use = op->getOpOperand(layout->operandIndex);
      Value weight = use.get();
      if (weight.getDefiningOp<DequantizeOp>())
        return; // Already quantized.
      auto type = dyn_cast<RankedTensorType>(weight.getType());
      if (!type || !type.hasStaticShape()) {
        count(numSkippedNotConstant, "skipped-not-constant");
        return;
      }
      FailureOr<ConstantSource> src = traceConstant(weight);
      if (failed(src)) {
        count(numSkippedNotConstant, "skipped-not-constant");
        return;
      }
      if (!layout->blockable) {
        op->emitRemark() << "lpbq: weight left unquantized: "
                         << layout->reason;
        if (layout->isDepthwise)
          count(numSkippedDepthwise, "skipped-depthwise");
        else
          count(numSkippedUnsupported, "skipped-unsupported-form");
        return;
      }
      if (!type.getElementType().isF32()) {
        op->emitRemark() << "lpbq: weight left unquantized: expected f32 "
                            "elements, found "
                         << type.getElementType();
        count(numSkippedElementType, "skipped-element-type");
        return;
      }

      // Stable name: the constant's NameLoc, else the consumer's + ".weight",
      // else <function>.<op name>_<index>.weight.
      std::string name;
      std::optional<StringRef> opLocName = findName(op->getLoc());
      std::optional<StringRef> constName = findName(src->constOp->getLoc());
      if (constName)
        name = constName->str();
      else if (opLocName)
        name = (*opLocName + ".weight").str();
      else
        name = (func.getName() + "." + opName + "_" + Twine(index) + ".weight")
                   .str();
      auto excluded = [&](StringRef n) {
        return llvm::is_contained(exclude, n.str());
      };
      if (excluded(name) || (opLocName && excluded(*opLocName)) ||
          (constName && excluded(*constName))) {
        count(numSkippedExcluded, "skipped-excluded");
        return;
      }
      if (type.getNumElements() < minElements) {
        count(numSkippedSmall, "skipped-small");
        return;
      }
      core::Layout coreLayout;
      core::Status st = core::computeLayout(
          std::vector<int64_t>(type.getShape().begin(), type.getShape().end()),
          coreParams(*layout), coreLayout);
      if (!st) {
        bool divisibility = st.code == core::ErrorCode::BlockNotDivisible ||
                            st.code == core::ErrorCode::GroupNotDivisible;
        if (divisibility && !strict) {
          op->emitRemark() << "lpbq: weight '" << name
                           << "' left unquantized: " << st.message;
          count(numSkippedNotDivisible, "skipped-not-divisible");
          return;
        }
        op->emitError() << "lpbq: cannot quantize weight '" << name
                        << "': " << st.message;
        hadError = true;
        return;
      }

      auto [it, inserted] = planIndex.try_emplace(weight, plans.size());
      if (!inserted) {
        Plan &plan = plans[it->second];
        if (!sameLayout(plan.layout, *layout)) {
          if (!plan.conflict)
            op->emitRemark() << "lpbq: weight '" << plan.name
                             << "' left unquantized: its users disagree on "
                                "the channel and block axes";
          plan.conflict = true;
        }
        plan.uses.push_back(&use);
        return;
      }
      // Names key the encodings file: keep them unique in the module.
      if (!usedNames.insert(name).second) {
        unsigned suffix = 1;
        while (!usedNames.insert(name + "_" + std::to_string(suffix)).second)
          ++suffix;
        name += "_" + std::to_string(suffix);
      }
      Plan plan;
      plan.weight = weight;
      plan.uses.push_back(&use);
      plan.layout = *layout;
      plan.name = name;
      plan.opName = opName.str();
      plan.source = *src;
      plan.type = type;
      plans.push_back(std::move(plan));
    });
  });
  if (hadError)
    return signalPassFailure();

  // Phase 2: encode everything before touching the IR.
  for (Plan &plan : plans) {
    if (plan.conflict) {
      count(numSkippedLayoutConflict, "skipped-layout-conflict");
      continue;
    }
    WeightData data;
    if (failed(materialize(plan.source, plan.type.getNumElements(), data))) {
      plan.source.constOp->emitError()
          << "lpbq: cannot read the data of weight '" << plan.name << "'";
      hadError = true;
      continue;
    }
    core::Status st = core::encode(
        data.ptr,
        std::vector<int64_t>(plan.type.getShape().begin(),
                             plan.type.getShape().end()),
        coreParams(plan.layout), plan.encoding);
    if (!st) {
      plan.source.constOp->emitError()
          << "lpbq: cannot quantize weight '" << plan.name
          << "': " << st.message;
      hadError = true;
      continue;
    }
    if (!report.empty()) {
      core::Quality q;
      if (core::computeQuality(data.ptr,
                               std::vector<int64_t>(plan.type.getShape().begin(),
                                                    plan.type.getShape().end()),
                               coreParams(plan.layout), q))
        plan.quality = q;
    }
  }
  if (hadError)
    return signalPassFailure();

  // Phase 3: rewrite.
  MLIRContext *ctx = &getContext();
  for (Plan &plan : plans) {
    if (plan.conflict)
      continue;
    const WeightLayout &l = plan.layout;
    core::Params p = coreParams(l);
    auto enc = EncodingAttr::get(ctx, p.bitwidth, p.decompressedBitwidth,
                                 p.blockSize, p.blockGrouping, l.channelAxis,
                                 l.blockAxis, l.batchAxes, scheme);
    auto weightType = WeightType::get(ctx, plan.type, enc);
    OpBuilder builder(ctx);
    builder.setInsertionPointAfterValue(plan.weight);
    Location constLoc = plan.source.constOp->getLoc();
    auto nameLoc = dyn_cast<NameLoc>(constLoc);
    Location loc = nameLoc && nameLoc.getName() == plan.name
                       ? constLoc
                       : NameLoc::get(StringAttr::get(ctx, plan.name), constLoc);
    auto cst = ConstantOp::create(builder, loc, weightType, plan.name,
                                  plan.encoding, resourceThreshold);
    auto dq = DequantizeOp::create(builder, loc, plan.type, cst);
    for (OpOperand *use : plan.uses)
      use->set(dq.getResult());

    // Drop the float constant and its data-movement chain when unused.
    SmallVector<Operation *> chain = plan.source.chain;
    chain.insert(chain.begin(), plan.source.constOp);
    for (Operation *op : llvm::reverse(chain)) {
      if (!op->use_empty())
        break;
      SmallVector<Value> operands(op->getOperands());
      op->erase();
      for (Value v : operands)
        if (Operation *def = v.getDefiningOp();
            def && def->use_empty() && isMemoryEffectFree(def) &&
            !llvm::is_contained(chain, def))
          def->erase();
    }

    count(numQuantized, "weights-quantized");
    int64_t before = plan.type.getNumElements() * 4;
    bytesBefore += before;
    counts["bytes-before"] += before;
    int64_t after = weightType.getPackedSize() +
                  plan.encoding.intScales.size() *
                      (enc.getMaxIntScale() > 127 ? 2 : 1) +
                  plan.encoding.channelScales.size() * 4;
    bytesAfter += after;
    counts["bytes-after"] += after;
  }
  if (!report.empty() && failed(writeReport(module, plans)))
    return signalPassFailure();
}

LogicalResult QuantizeWeightsPass::writeReport(ModuleOp module,
                                               ArrayRef<Plan> plans) {
  std::string err;
  auto file = mlir::openOutputFile(report, &err);
  if (!file)
    return module.emitError() << "lpbq: cannot open report file '" << report
                              << "': " << err;
  llvm::json::OStream j(file->os(), 2);
  j.object([&] {
    j.attribute("version", "1");
    j.attributeObject("summary", [&] {
      for (StringRef key :
           {"weights-quantized", "skipped-excluded", "skipped-not-constant",
            "skipped-not-divisible", "skipped-small", "skipped-depthwise",
            "skipped-unsupported-form", "skipped-layout-conflict",
            "skipped-element-type", "bytes-before", "bytes-after"})
        j.attribute(key, counts.lookup(key));
    });
    j.attributeArray("layers", [&] {
      for (const Plan &plan : plans) {
        if (plan.conflict || !plan.quality)
          continue;
        const core::Quality &q = *plan.quality;
        const core::Layout &l = plan.encoding.layout;
        j.object([&] {
          j.attribute("name", plan.name);
          j.attribute("op", plan.opName);
          j.attributeArray("shape", [&] {
            for (int64_t d : plan.type.getShape())
              j.value(d);
          });
          j.attribute("channel_axis", plan.layout.channelAxis);
          j.attribute("block_axis", plan.layout.blockAxis);
          j.attribute("channels", l.numChannels);
          j.attribute("blocks", l.numBlocks);
          j.attribute("block_size", blockSize.getValue());
          // JSON has no infinity: an exact reconstruction reports null.
          auto db = [](double v) -> llvm::json::Value {
            if (std::isfinite(v))
              return v;
            return nullptr;
          };
          j.attribute("bits_per_weight", q.bitsPerWeight);
          j.attribute("sqnr_lpbq_db", db(q.lpbqSqnrDb));
          j.attribute("sqnr_blockwise_db", db(q.blockwiseSqnrDb));
          j.attribute("sqnr_per_channel_db", db(q.perChannelSqnrDb));
        });
      }
    });
  });
  file->os() << "\n";
  file->keep();
  return success();
}
