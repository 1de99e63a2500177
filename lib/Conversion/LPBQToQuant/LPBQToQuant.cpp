//===- LPBQToQuant.cpp - LPBQ weights to per-channel quant ops ------------===//

#include "lpbq/Conversion/LPBQToQuant/LPBQToQuant.h"
#include "lpbq/Dialect/LPBQ/IR/LPBQ.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir {
namespace lpbq {
#define GEN_PASS_DEF_LPBQTOPERCHANNEL
#include "lpbq/Conversion/Passes.h.inc"
} // namespace lpbq
} // namespace mlir

using namespace mlir;
using namespace mlir::lpbq;

namespace {

/// The per-channel (or sub-channel) quantized type of a weight.
Type getPerChannelType(WeightType type, ArrayRef<float> pcs) {
  MLIRContext *ctx = type.getContext();
  EncodingAttr enc = type.getEncoding();
  core::Layout layout = type.getLayout();
  int64_t dbw = enc.getDecompressedBitwidth();
  auto storage = IntegerType::get(ctx, dbw <= 8 ? 8 : 16);
  int64_t smin = -(int64_t(1) << (dbw - 1)),
          smax = (int64_t(1) << (dbw - 1)) - 1;
  auto f32 = Float32Type::get(ctx);
  unsigned flags = quant::QuantizationFlags::Signed;
  ArrayRef<int64_t> shape = type.getTensorType().getShape();

  if (enc.getBatchAxes().empty() && layout.numGroups == 1) {
    SmallVector<double> scales(pcs.begin(), pcs.end());
    SmallVector<int64_t> zeros(scales.size(), 0);
    return quant::UniformQuantizedPerAxisType::get(
        flags, storage, f32, scales, zeros,
        static_cast<int32_t>(enc.getChannelAxis()), smin, smax);
  }

  // Sub-channel: block size 1 on the channel and batch axes, the group
  // extent on the block axis; the scale tensor has the weight's rank.
  int64_t rank = shape.size();
  int64_t groupExtent = enc.getBlockSize() * layout.blocksPerGroup;
  SmallVector<int32_t> dims;
  SmallVector<int64_t> blockSizes;
  SmallVector<int64_t> scaleShape(rank, 1);
  for (int64_t d = 0; d < rank; ++d) {
    bool batch = llvm::is_contained(enc.getBatchAxes(), d);
    if (d == enc.getChannelAxis() || batch) {
      dims.push_back(d);
      blockSizes.push_back(1);
      scaleShape[d] = shape[d];
    } else if (d == enc.getBlockAxis()) {
      dims.push_back(d);
      blockSizes.push_back(groupExtent);
      scaleShape[d] = layout.numGroups;
    }
  }
  // Our scales are [batch..., channel, group]; place each in the scale
  // tensor's own (weight-ordered) position.
  SmallVector<int64_t> strides(rank, 1);
  for (int64_t d = rank - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * scaleShape[d + 1];
  SmallVector<int64_t> order(enc.getBatchAxes().begin(),
                             enc.getBatchAxes().end());
  llvm::sort(order);
  order.push_back(enc.getChannelAxis());
  order.push_back(enc.getBlockAxis());
  SmallVector<float> placed(pcs.size());
  SmallVector<int64_t> idx(order.size(), 0);
  for (size_t i = 0; i < pcs.size(); ++i) {
    int64_t off = 0;
    for (size_t k = 0; k < order.size(); ++k)
      off += idx[k] * strides[order[k]];
    placed[off] = pcs[i];
    for (int64_t k = order.size() - 1; k >= 0; --k) {
      if (++idx[k] < scaleShape[order[k]])
        break;
      idx[k] = 0;
    }
  }
  auto scaleType = RankedTensorType::get(scaleShape, f32);
  auto zeroType = RankedTensorType::get(scaleShape, storage);
  return quant::UniformQuantizedSubChannelType::get(
      flags, storage, f32, DenseElementsAttr::get(scaleType, ArrayRef(placed)),
      DenseElementsAttr::get(zeroType, APInt(storage.getWidth(), 0)), dims,
      blockSizes, smin, smax);
}

struct DequantizeToPerChannel : public OpRewritePattern<DequantizeOp> {
  DequantizeToPerChannel(MLIRContext *ctx, int64_t resourceThreshold)
      : OpRewritePattern(ctx), resourceThreshold(resourceThreshold) {}

  LogicalResult matchAndRewrite(DequantizeOp op,
                                PatternRewriter &rewriter) const override {
    auto cst = op.getWeight().getDefiningOp<ConstantOp>();
    if (!cst)
      return rewriter.notifyMatchFailure(op, "weight is not an lpbq.constant");
    WeightType type = cst.getType();
    core::Encoding enc;
    if (failed(cst.readEncoding(enc)))
      return failure();

    std::vector<int32_t> ints(enc.values.size());
    core::decompressedValues(enc, ints.data());
    unsigned width = type.getEncoding().getDecompressedBitwidth() <= 8 ? 8 : 16;
    std::vector<char> bytes(ints.size() * width / 8);
    for (size_t i = 0; i < ints.size(); ++i) {
      if (width == 8)
        bytes[i] = static_cast<char>(ints[i]);
      else {
        int16_t v = static_cast<int16_t>(ints[i]);
        std::memcpy(&bytes[2 * i], &v, 2);
      }
    }
    RankedTensorType tensorType = type.getTensorType();
    auto intType = RankedTensorType::get(tensorType.getShape(),
                                         rewriter.getIntegerType(width));
    ElementsAttr payload;
    if (static_cast<int64_t>(bytes.size()) >= resourceThreshold) {
      std::string key = cst.getWeightName();
      payload = DenseResourceElementsAttr::get(
          intType, (key.empty() ? "lpbq" : key) + ".per_channel",
          HeapAsmResourceBlob::allocateAndCopyWithAlign(bytes, width / 8));
    } else {
      payload = DenseElementsAttr::getFromRawBuffer(intType, bytes);
    }
    Type qType = getPerChannelType(type, enc.channelScales);
    auto quantTensor = RankedTensorType::get(tensorType.getShape(), qType);
    Location loc = op.getLoc();
    Value ic = arith::ConstantOp::create(rewriter, loc, intType,
                                         cast<TypedAttr>(payload));
    Value q = quant::StorageCastOp::create(rewriter, loc, quantTensor, ic);
    rewriter.replaceOpWithNewOp<quant::DequantizeCastOp>(op, tensorType, q);
    return success();
  }

  int64_t resourceThreshold;
};

struct LPBQToPerChannelPass
    : public lpbq::impl::LPBQToPerChannelBase<LPBQToPerChannelPass> {
  using Base::Base;

  void runOnOperation() override {
    // Payloads that cannot be read are an error, reported once before
    // anything is rewritten (the patterns would only fail to match).
    if (failed(checkDequantizedPayloadData(getOperation())))
      return signalPassFailure();
    RewritePatternSet patterns(&getContext());
    populateLPBQToPerChannelPatterns(patterns, resourceThreshold);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace

void mlir::lpbq::populateLPBQToPerChannelPatterns(RewritePatternSet &patterns,
                                                  int64_t resourceThreshold) {
  patterns.add<DequantizeToPerChannel>(patterns.getContext(),
                                       resourceThreshold);
}
