//===- LPBQToVector.cpp - LPBQ dequantization to vector loops -------------===//
//
// lpbq.dequantize(lpbq.constant) becomes loops on tensors over the packed
// bytes. The output is produced flat (1-D, the weight's row-major order) and
// expanded to the weight shape at the end. Two loop shapes:
//
//  - channel-innermost layouts ([K, N], [B, K, N], HWCF, tosa.matmul B):
//    one row per index of the leading axes; a row holds all channels of one
//    block row, so the scales are vectors read from compile-time transposed
//    tables [batch][block][channel] and [batch][group][channel];
//  - block-contiguous layouts ([N, K], FCHW, OHWI, FHWC): one run per
//    (leading index, block), `block_size` x trailing window elements with
//    one scalar integer scale and one scalar float scale.
//
// Inside a row or run, vectors of W elements are unpacked (4-bit: shift
// pairs + vector.interleave; 8-bit: direct), sign-extended, multiplied by
// the integer scale, converted and multiplied by the float scale. Rows or
// runs that W does not divide, and other bitwidths, use W = 1 with scalar
// bit extraction from the same bytes.
//
//===----------------------------------------------------------------------===//

#include "lpbq/Conversion/LPBQToVector/LPBQToVector.h"
#include "VectorUtils.h"
#include "lpbq/Dialect/LPBQ/IR/LPBQ.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir {
namespace lpbq {
#define GEN_PASS_DEF_LPBQTOVECTOR
#include "lpbq/Conversion/Passes.h.inc"
} // namespace lpbq
} // namespace mlir

using namespace mlir;
using namespace mlir::lpbq;
using namespace mlir::lpbq::detail;

namespace {

/// How the flat weight splits into rows (or runs) and where their scales
/// come from.
struct LoopPlan {
  bool channelInnermost = false;
  int64_t numRows = 0;   ///< rows (channel-innermost) or runs
  int64_t rowLength = 0; ///< elements per row or run
  /// Integer and float scale tables, flattened as the loops index them.
  std::vector<int32_t> intTable;
  std::vector<float> scaleTable;
};

/// Row-major strides of `shape` restricted to axes [0, end).
SmallVector<int64_t> leadingStrides(ArrayRef<int64_t> shape, int64_t end) {
  SmallVector<int64_t> strides(end, 1);
  for (int64_t d = end - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * shape[d + 1];
  return strides;
}

FailureOr<LoopPlan> planLoops(WeightType type, const core::Encoding &enc) {
  EncodingAttr attr = type.getEncoding();
  ArrayRef<int64_t> shape = type.getTensorType().getShape();
  int64_t rank = shape.size();
  const core::Layout &l = enc.layout;
  int64_t ch = attr.getChannelAxis(), blk = attr.getBlockAxis();
  SmallVector<int64_t> batch(attr.getBatchAxes().begin(),
                             attr.getBatchAxes().end());
  llvm::sort(batch);
  int64_t c = shape[ch];
  LoopPlan plan;
  if (ch == rank - 1) {
    plan.channelInnermost = true;
    plan.rowLength = c;
    plan.numRows = l.numElements / c;
    int64_t nb = l.numBlocks, ng = l.numGroups;
    int64_t numBatch = l.numChannels / c;
    plan.intTable.resize(numBatch * nb * c);
    plan.scaleTable.resize(numBatch * ng * c);
    for (int64_t b = 0; b < numBatch; ++b)
      for (int64_t k = 0; k < c; ++k) {
        for (int64_t i = 0; i < nb; ++i)
          plan.intTable[(b * nb + i) * c + k] =
              enc.intScales[(b * c + k) * nb + i];
        for (int64_t g = 0; g < ng; ++g)
          plan.scaleTable[(b * ng + g) * c + k] =
              enc.channelScales[(b * c + k) * ng + g];
      }
    return plan;
  }
  // Block-contiguous: channel and batch axes before the block axis, only
  // window axes after it.
  for (int64_t d = blk + 1; d < rank; ++d)
    if (d == ch || llvm::is_contained(batch, d))
      return failure();
  // A run is block_size indices of the block axis times the axes after it;
  // window axes before the block axis (e.g. OHWI's H, W) index runs.
  plan.rowLength = attr.getBlockSize();
  for (int64_t d = blk + 1; d < rank; ++d)
    plan.rowLength *= shape[d];
  plan.numRows = l.numElements / plan.rowLength;
  plan.intTable = enc.intScales;
  plan.scaleTable = enc.channelScales;
  return plan;
}

struct DequantizeToVectorLoops : public OpRewritePattern<DequantizeOp> {
  DequantizeToVectorLoops(MLIRContext *ctx, int64_t vectorWidth)
      : OpRewritePattern(ctx), vectorWidth(vectorWidth) {}

  LogicalResult matchAndRewrite(DequantizeOp op,
                                PatternRewriter &rewriter) const override;

  int64_t vectorWidth;
};

} // namespace

LogicalResult mlir::lpbq::detail::runVectorPatterns(
    Operation *root, int64_t vectorWidth, int64_t minWidth,
    function_ref<void(RewritePatternSet &)> populate) {
  if (vectorWidth < minWidth || (vectorWidth & (vectorWidth - 1)) != 0)
    return root->emitError()
           << "expected vector-width to be a power of two"
           << (minWidth > 1 ? " >= 2" : "") << ", found " << vectorWidth;
  // Payloads that cannot be read are an error, reported once before
  // anything is rewritten (the patterns would only fail to match).
  if (failed(checkDequantizedPayloadData(root)))
    return failure();
  RewritePatternSet patterns(root->getContext());
  populate(patterns);
  return applyPatternsGreedily(root, std::move(patterns));
}

Value mlir::lpbq::detail::idx(OpBuilder &b, Location loc, int64_t v) {
  return arith::ConstantIndexOp::create(b, loc, v);
}

/// A 1-D constant holding `bytes` as `count` elements of `eltType`.
Value mlir::lpbq::detail::flatConstant(OpBuilder &b, Location loc, Type eltType,
                                       int64_t count, ArrayRef<char> bytes) {
  auto type = RankedTensorType::get({count}, eltType);
  return arith::ConstantOp::create(
      b, loc, type,
      cast<TypedAttr>(DenseElementsAttr::getFromRawBuffer(type, bytes)));
}

/// Reads `w` packed values starting at flat element `base` (even for 4-bit)
/// as vector<w x i8>: 8-bit values directly, 4-bit values as bytes split by
/// shifts (low nibble first) and re-interleaved. Only for bw 4 and 8, w > 1.
Value mlir::lpbq::detail::unpackVector(OpBuilder &b, Location loc, Value packed,
                                       Value base, int64_t w, int bw) {
  Type i8 = b.getI8Type();
  Value pad = arith::ConstantIntOp::create(b, loc, i8, 0);
  if (bw == 8)
    return vector::TransferReadOp::create(b, loc, VectorType::get({w}, i8),
                                          packed, base, pad,
                                          ArrayRef<bool>{true});
  VectorType half = VectorType::get({w / 2}, i8);
  Value byte = arith::DivUIOp::create(b, loc, base, idx(b, loc, 2));
  Value v = vector::TransferReadOp::create(b, loc, half, packed, byte, pad,
                                           ArrayRef<bool>{true});
  Value four = arith::ConstantOp::create(
      b, loc, half, DenseElementsAttr::get(half, b.getI8IntegerAttr(4)));
  Value lo = arith::ShRSIOp::create(
      b, loc, arith::ShLIOp::create(b, loc, v, four), four);
  Value hi = arith::ShRSIOp::create(b, loc, v, four);
  return vector::InterleaveOp::create(b, loc, lo, hi);
}

namespace {

LogicalResult
DequantizeToVectorLoops::matchAndRewrite(DequantizeOp op,
                                         PatternRewriter &rewriter) const {
  auto cst = op.getWeight().getDefiningOp<ConstantOp>();
  if (!cst)
    return rewriter.notifyMatchFailure(op, "weight is not an lpbq.constant");
  WeightType type = cst.getType();
  // The values stay packed: only the scales and the layout are needed.
  core::Encoding enc;
  enc.params = type.getEncoding().toCoreParams();
  enc.layout = type.getLayout();
  if (failed(cst.readScales(enc.intScales, enc.channelScales)))
    return failure();
  FailureOr<LoopPlan> planOr = planLoops(type, enc);
  if (failed(planOr))
    return rewriter.notifyMatchFailure(op, "unsupported weight layout");
  LoopPlan &plan = *planOr;

  Location loc = op.getLoc();
  const core::Layout &l = enc.layout;
  const int64_t n = l.numElements;
  const int bw = static_cast<int>(type.getEncoding().getBitwidth());
  Type i8 = rewriter.getI8Type(), i32 = rewriter.getI32Type(),
       f32 = rewriter.getF32Type();

  // Vector width: the largest power of two <= vectorWidth dividing the row
  // (even, for 4-bit pairs); otherwise scalar.
  int64_t w = 1;
  if (bw == 4 || bw == 8)
    for (int64_t cand = vectorWidth; cand >= 2; cand /= 2)
      if (plan.rowLength % cand == 0) {
        w = cand;
        break;
      }

  // Payloads. Packed bytes get one byte of padding for the scalar path's
  // two-byte reads.
  auto raw = getRawElements(cst.getValues());
  if (failed(raw))
    return failure();
  int64_t packedBytes = type.getPackedSize();
  Value packed;
  int64_t packedLen = packedBytes;
  if (w > 1 && !raw->splat) {
    packed = arith::ConstantOp::create(rewriter, loc,
                                       cast<TypedAttr>(cst.getValues()));
  } else {
    std::vector<char> bytes(packedBytes + 1, 0);
    for (int64_t i = 0; i < packedBytes; ++i)
      bytes[i] = raw->splat ? raw->bytes[0] : raw->bytes[i];
    packedLen = packedBytes + 1;
    packed = flatConstant(rewriter, loc, i8, packedLen, bytes);
  }
  Value ints = flatConstant(
      rewriter, loc, i32, plan.intTable.size(),
      ArrayRef<char>(reinterpret_cast<const char *>(plan.intTable.data()),
                     plan.intTable.size() * 4));
  Value scales = flatConstant(
      rewriter, loc, f32, plan.scaleTable.size(),
      ArrayRef<char>(reinterpret_cast<const char *>(plan.scaleTable.data()),
                     plan.scaleTable.size() * 4));

  ArrayRef<int64_t> shape = type.getTensorType().getShape();
  // When every row/run lies inside the innermost dim, write the weight's own
  // shape directly (destination-style: empty-tensor elimination can then
  // write into a caller's buffer); otherwise write flat and expand.
  const bool direct = shape.back() % plan.rowLength == 0;
  SmallVector<int64_t> outShape =
      direct ? SmallVector<int64_t>(shape) : SmallVector<int64_t>{n};
  Value init = tensor::EmptyOp::create(rewriter, loc, outShape, f32);
  VectorType vI8 = VectorType::get({w}, i8), vI32 = VectorType::get({w}, i32),
             vF32 = VectorType::get({w}, f32);
  EncodingAttr attr = type.getEncoding();
  SmallVector<int64_t> batchAxes(attr.getBatchAxes().begin(),
                                 attr.getBatchAxes().end());
  llvm::sort(batchAxes);
  const int64_t rank = shape.size();

  // Coordinate of `axis` in the leading index `lead` over axes [0, end).
  auto coord = [&](OpBuilder &b, Value lead, int64_t axis, int64_t end) {
    SmallVector<int64_t> strides = leadingStrides(shape, end);
    Value q = arith::DivUIOp::create(b, loc, lead, idx(b, loc, strides[axis]));
    return arith::RemUIOp::create(b, loc, q, idx(b, loc, shape[axis]))
        .getResult();
  };
  // Flat batch index of the leading index `lead` over axes [0, end).
  auto batchIndex = [&](OpBuilder &b, Value lead, int64_t end) {
    Value acc = idx(b, loc, 0);
    for (int64_t a : batchAxes) {
      acc = arith::MulIOp::create(b, loc, acc, idx(b, loc, shape[a]));
      acc = arith::AddIOp::create(b, loc, acc, coord(b, lead, a, end));
    }
    return acc;
  };

  // Unpacks W values starting at flat element `base` into vector<W x i32>.
  auto unpack = [&](OpBuilder &b, Value base) -> Value {
    if (w > 1)
      return arith::ExtSIOp::create(b, loc, vI32,
                                    unpackVector(b, loc, packed, base, w, bw));
    // Scalar: bits [base*bw, base*bw + bw) of the little-endian stream.
    Value bit = arith::MulIOp::create(b, loc, base, idx(b, loc, bw));
    Value byteIdx = arith::DivUIOp::create(b, loc, bit, idx(b, loc, 8));
    Value shift = arith::RemUIOp::create(b, loc, bit, idx(b, loc, 8));
    Value b0 = tensor::ExtractOp::create(b, loc, packed, byteIdx);
    Value next = arith::AddIOp::create(b, loc, byteIdx, idx(b, loc, 1));
    Value b1 = tensor::ExtractOp::create(b, loc, packed, next);
    Value lo = arith::ExtUIOp::create(b, loc, i32, b0);
    Value hi = arith::ExtUIOp::create(b, loc, i32, b1);
    Value word = arith::OrIOp::create(
        b, loc, lo,
        arith::ShLIOp::create(b, loc, hi,
                              arith::ConstantIntOp::create(b, loc, i32, 8)));
    Value sh = arith::IndexCastOp::create(b, loc, i32, shift);
    Value field = arith::ShRUIOp::create(b, loc, word, sh);
    // Sign-extend the bw-bit field: shift it to the top, then back.
    Value up = arith::ConstantIntOp::create(b, loc, i32, 32 - bw);
    Value q = arith::ShRSIOp::create(
        b, loc, arith::ShLIOp::create(b, loc, field, up), up);
    return vector::BroadcastOp::create(b, loc, vI32, q);
  };

  // Emits the inner loop over one row/run starting at flat `rowBase`; the
  // scales are vectors read at `intBase`/`scaleBase` (channel-innermost) or
  // scalars at those indices.
  auto innerLoop = [&](OpBuilder &b, Value rowBase, Value intBase,
                       Value scaleBase, Value out) -> Value {
    Value scalarInt, scalarScale;
    if (!plan.channelInnermost) {
      Value iv = tensor::ExtractOp::create(b, loc, ints, intBase);
      Value sv = tensor::ExtractOp::create(b, loc, scales, scaleBase);
      scalarInt = vector::BroadcastOp::create(b, loc, vI32, iv);
      scalarScale = vector::BroadcastOp::create(b, loc, vF32, sv);
    }
    auto loop = scf::ForOp::create(
        b, loc, idx(b, loc, 0), idx(b, loc, plan.rowLength), idx(b, loc, w),
        ValueRange{out},
        [&](OpBuilder &b, Location loc, Value e, ValueRange iter) {
          Value base = arith::AddIOp::create(b, loc, rowBase, e);
          Value q = unpack(b, base);
          Value iScale = scalarInt, fScale = scalarScale;
          if (plan.channelInnermost) {
            Value ii = arith::AddIOp::create(b, loc, intBase, e);
            Value si = arith::AddIOp::create(b, loc, scaleBase, e);
            Value zeroI = arith::ConstantIntOp::create(b, loc, i32, 0);
            Value zeroF = arith::ConstantFloatOp::create(
                b, loc, cast<FloatType>(f32), APFloat(0.0f));
            iScale = vector::TransferReadOp::create(
                b, loc, vI32, ints, ii, zeroI, ArrayRef<bool>{true});
            fScale = vector::TransferReadOp::create(
                b, loc, vF32, scales, si, zeroF, ArrayRef<bool>{true});
          }
          Value prod = arith::MulIOp::create(b, loc, q, iScale);
          Value f = arith::SIToFPOp::create(b, loc, vF32, prod);
          Value y = arith::MulFOp::create(b, loc, f, fScale);
          SmallVector<Value> at{base};
          if (direct) {
            at.clear();
            int64_t stride = 1;
            for (int64_t d = rank - 1; d >= 0; --d) {
              Value q =
                  arith::DivUIOp::create(b, loc, base, idx(b, loc, stride));
              at.push_back(
                  arith::RemUIOp::create(b, loc, q, idx(b, loc, shape[d])));
              stride *= shape[d];
            }
            std::reverse(at.begin(), at.end());
          }
          Value next = vector::TransferWriteOp::create(b, loc, y, iter[0], at,
                                                       ArrayRef<bool>{true})
                           .getResult();
          scf::YieldOp::create(b, loc, next);
        });
    return loop.getResult(0);
  };

  const int64_t nb = l.numBlocks, ng = l.numGroups, bpg = l.blocksPerGroup;
  const int64_t bs = attr.getBlockSize();
  const int64_t blk = attr.getBlockAxis(), ch = attr.getChannelAxis();
  auto outer = scf::ForOp::create(
      rewriter, loc, idx(rewriter, loc, 0), idx(rewriter, loc, plan.numRows),
      idx(rewriter, loc, 1), ValueRange{init},
      [&](OpBuilder &b, Location loc, Value row, ValueRange iter) {
        Value rowBase =
            arith::MulIOp::create(b, loc, row, idx(b, loc, plan.rowLength));
        Value intBase, scaleBase;
        if (plan.channelInnermost) {
          // Row index over axes [0, rank-1): block from the block axis.
          Value k = coord(b, row, blk, rank - 1);
          Value block = arith::DivUIOp::create(b, loc, k, idx(b, loc, bs));
          Value group = arith::DivUIOp::create(b, loc, block, idx(b, loc, bpg));
          Value bi = batchIndex(b, row, rank - 1);
          Value c = idx(b, loc, shape[ch]);
          intBase = arith::MulIOp::create(
              b, loc,
              arith::AddIOp::create(
                  b, loc, arith::MulIOp::create(b, loc, bi, idx(b, loc, nb)),
                  block),
              c);
          scaleBase = arith::MulIOp::create(
              b, loc,
              arith::AddIOp::create(
                  b, loc, arith::MulIOp::create(b, loc, bi, idx(b, loc, ng)),
                  group),
              c);
        } else {
          // Run index = lead * nb + block, lead over axes [0, blk).
          Value block = arith::RemUIOp::create(b, loc, row, idx(b, loc, nb));
          Value lead = arith::DivUIOp::create(b, loc, row, idx(b, loc, nb));
          Value channel = blk > 0 ? coord(b, lead, ch, blk) : idx(b, loc, 0);
          Value bi = batchIndex(b, lead, blk);
          Value flatChannel = arith::AddIOp::create(
              b, loc, arith::MulIOp::create(b, loc, bi, idx(b, loc, shape[ch])),
              channel);
          intBase = arith::AddIOp::create(
              b, loc,
              arith::MulIOp::create(b, loc, flatChannel, idx(b, loc, nb)),
              block);
          scaleBase = arith::AddIOp::create(
              b, loc,
              arith::MulIOp::create(b, loc, flatChannel, idx(b, loc, ng)),
              arith::DivUIOp::create(b, loc, block, idx(b, loc, bpg)));
        }
        Value next = innerLoop(b, rowBase, intBase, scaleBase, iter[0]);
        scf::YieldOp::create(b, loc, next);
      });

  if (direct) {
    rewriter.replaceOp(op, outer.getResult(0));
  } else {
    ReassociationIndices all;
    for (int64_t d = 0; d < rank; ++d)
      all.push_back(d);
    rewriter.replaceOpWithNewOp<tensor::ExpandShapeOp>(
        op, type.getTensorType(), outer.getResult(0),
        ArrayRef<ReassociationIndices>{all});
  }
  return success();
}

struct LPBQToVectorPass
    : public lpbq::impl::LPBQToVectorBase<LPBQToVectorPass> {
  using Base::Base;

  void runOnOperation() override {
    if (failed(runVectorPatterns(getOperation(), vectorWidth, /*minWidth=*/1,
                                 [&](RewritePatternSet &patterns) {
                                   populateLPBQToVectorPatterns(patterns,
                                                                vectorWidth);
                                 })))
      return signalPassFailure();
    // Every dequantization of a constant must be gone.
    WalkResult r = getOperation()->walk([](DequantizeOp op) {
      if (op.getWeight().getDefiningOp<ConstantOp>()) {
        op.emitError() << "lpbq: cannot lower this dequantization to vector "
                          "loops (unsupported weight layout)";
        return WalkResult::interrupt();
      }
      return WalkResult::advance();
    });
    if (r.wasInterrupted())
      signalPassFailure();
  }
};

} // namespace

void mlir::lpbq::populateLPBQToVectorPatterns(RewritePatternSet &patterns,
                                              int64_t vectorWidth) {
  patterns.add<DequantizeToVectorLoops>(patterns.getContext(), vectorWidth);
}
