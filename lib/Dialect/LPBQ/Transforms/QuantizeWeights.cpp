//===- QuantizeWeights.cpp - Quantize constant weights with LPBQ ----------===//
//
// Finds the constant weights of supported linalg and TOSA ops (see
// WeightLayouts.cpp and WeightDiscovery.cpp), encodes them with the core
// library and replaces their weight uses with lpbq.constant +
// lpbq.dequantize. Works in two phases: plan and encode everything first,
// then rewrite, so that an error leaves the module unchanged.
//
//===----------------------------------------------------------------------===//

#include "lpbq/Dialect/LPBQ/IR/LPBQ.h"
#include "lpbq/Dialect/LPBQ/Transforms/Passes.h"
#include "lpbq/Dialect/LPBQ/Transforms/WeightDiscovery.h"
#include "lpbq/Dialect/LPBQ/Transforms/WeightLayouts.h"

#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/ToolOutputFile.h"

#include <cmath>

namespace mlir {
namespace lpbq {
#define GEN_PASS_DEF_LPBQQUANTIZEWEIGHTS
#include "lpbq/Dialect/LPBQ/Transforms/Passes.h.inc"
} // namespace lpbq
} // namespace mlir

using namespace mlir;
using namespace mlir::lpbq;

namespace {

/// One weight to quantize: a weight value and all its weight uses.
struct Plan {
  WeightGroup group;
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
    return module.emitError()
           << "invalid lpbq-quantize-weights options: " << s.message;
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

void QuantizeWeightsPass::runOnOperation() {
  ModuleOp module = getOperation();
  if (failed(validateOptions(module)))
    return signalPassFailure();

  // Phase 1: find weights.
  WeightNamer namer(module);
  WeightGroups groups;
  bool hadError = false;
  forEachWeightUse(module, [&](WeightUse &use) {
    Operation *op = use.op;
    if (!opTypes.empty() && !llvm::is_contained(opTypes, use.opName.str())) {
      count(numSkippedExcluded, "skipped-excluded");
      return;
    }
    switch (use.kind) {
    case WeightUseKind::AlreadyQuantized:
      return;
    case WeightUseKind::NotConstant:
      count(numSkippedNotConstant, "skipped-not-constant");
      return;
    case WeightUseKind::NotBlockable:
      op->emitRemark() << "lpbq: weight left unquantized: "
                       << use.layout.reason;
      if (use.layout.isDepthwise)
        count(numSkippedDepthwise, "skipped-depthwise");
      else
        count(numSkippedUnsupported, "skipped-unsupported-form");
      return;
    case WeightUseKind::NotF32:
      op->emitRemark() << "lpbq: weight left unquantized: expected f32 "
                          "elements, found "
                       << use.type.getElementType();
      count(numSkippedElementType, "skipped-element-type");
      return;
    case WeightUseKind::Candidate:
      break;
    }

    auto excluded = [&](StringRef n) {
      return llvm::is_contained(exclude, n.str());
    };
    if (excluded(use.name) || (use.opLocName && excluded(*use.opLocName)) ||
        (use.constName && excluded(*use.constName))) {
      count(numSkippedExcluded, "skipped-excluded");
      return;
    }
    if (use.type.getNumElements() < minElements) {
      count(numSkippedSmall, "skipped-small");
      return;
    }
    core::Layout coreLayout;
    core::Status st =
        core::computeLayout(std::vector<int64_t>(use.type.getShape().begin(),
                                                 use.type.getShape().end()),
                            coreParams(use.layout), coreLayout);
    if (!st) {
      bool divisibility = st.code == core::ErrorCode::BlockNotDivisible ||
                          st.code == core::ErrorCode::GroupNotDivisible;
      if (divisibility && !strict) {
        op->emitRemark() << "lpbq: weight '" << use.name
                         << "' left unquantized: " << st.message;
        count(numSkippedNotDivisible, "skipped-not-divisible");
        return;
      }
      op->emitError() << "lpbq: cannot quantize weight '" << use.name
                      << "': " << st.message;
      hadError = true;
      return;
    }

    unsigned index;
    switch (groups.add(use, index)) {
    case WeightGroups::AddResult::New:
      // Names key the encodings file: keep them unique in the module.
      groups.getGroups()[index].name = namer.uniquify(use.name);
      break;
    case WeightGroups::AddResult::Conflict:
      op->emitRemark() << "lpbq: weight '" << groups.getGroups()[index].name
                       << "' left unquantized: its users disagree on the "
                          "channel and block axes";
      break;
    case WeightGroups::AddResult::Joined:
    case WeightGroups::AddResult::StillConflicting:
      break;
    }
  });
  if (hadError)
    return signalPassFailure();

  // Phase 2: encode everything before touching the IR.
  std::vector<Plan> plans;
  for (WeightGroup &group : groups.getGroups())
    plans.push_back(Plan{std::move(group), {}, std::nullopt});
  for (Plan &plan : plans) {
    const WeightGroup &g = plan.group;
    if (g.conflict) {
      count(numSkippedLayoutConflict, "skipped-layout-conflict");
      continue;
    }
    WeightData data;
    if (failed(materializeWeight(g.source, g.type.getNumElements(), data))) {
      g.source.constOp->emitError()
          << "lpbq: cannot read the data of weight '" << g.name << "'";
      hadError = true;
      continue;
    }
    std::vector<int64_t> shape(g.type.getShape().begin(),
                               g.type.getShape().end());
    core::Status st =
        core::encode(data.ptr, shape, coreParams(g.layout), plan.encoding);
    if (!st) {
      g.source.constOp->emitError()
          << "lpbq: cannot quantize weight '" << g.name << "': " << st.message;
      hadError = true;
      continue;
    }
    if (!report.empty()) {
      core::Quality q;
      if (core::computeQuality(data.ptr, shape, coreParams(g.layout), q))
        plan.quality = q;
    }
  }
  if (hadError)
    return signalPassFailure();

  // Phase 3: rewrite.
  for (Plan &plan : plans) {
    if (plan.group.conflict)
      continue;
    ConstantOp cst = replaceWeightWithLPBQ(plan.group, plan.encoding, scheme,
                                           resourceThreshold);
    count(numQuantized, "weights-quantized");
    int64_t before = plan.group.type.getNumElements() * 4;
    bytesBefore += before;
    counts["bytes-before"] += before;
    int64_t after = getPayloadBytes(cst.getType(), plan.encoding);
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
    return module.emitError()
           << "lpbq: cannot open report file '" << report << "': " << err;
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
        if (plan.group.conflict || !plan.quality)
          continue;
        const core::Quality &q = *plan.quality;
        const core::Layout &l = plan.encoding.layout;
        j.object([&] {
          j.attribute("name", plan.group.name);
          j.attribute("op", plan.group.opName);
          j.attributeArray("shape", [&] {
            for (int64_t d : plan.group.type.getShape())
              j.value(d);
          });
          j.attribute("channel_axis", plan.group.layout.channelAxis);
          j.attribute("block_axis", plan.group.layout.blockAxis);
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
