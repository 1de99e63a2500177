//===- MatmulToVector.cpp - Fused LPBQ matmul kernels ---------------------===//
//
// A matmul, matvec, vecmat, batch_matmul or tosa.matmul whose weight is
// lpbq.dequantize(lpbq.constant) becomes one loop nest that never
// materializes the float weight: the packed values are unpacked on the fly,
// converted and multiplied with the activations; each block's partial sum is
// multiplied by its integer scale, and the per-channel (per-group) float
// scale is applied once per group of blocks. Two kernel shapes:
//
//  - [N, K] weights (channel rows, blocks contiguous along K): per output
//    element, a vector accumulator runs over K in vectors of W values;
//  - [K, N] weights (channel innermost): per W output channels, a vector
//    accumulator runs over K, reading W packed values of one K row and
//    vectors of integer/float scales from compile-time transposed tables.
//
//===----------------------------------------------------------------------===//

#include "VectorUtils.h"
#include "lpbq/Conversion/LPBQToVector/LPBQToVector.h"
#include "lpbq/Dialect/LPBQ/IR/LPBQ.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir {
namespace lpbq {
#define GEN_PASS_DEF_LPBQMATMULTOVECTOR
#include "lpbq/Conversion/Passes.h.inc"
} // namespace lpbq
} // namespace mlir

using namespace mlir;
using namespace mlir::lpbq;
using namespace mlir::lpbq::detail;

namespace {

/// Up to this many activation rows share one pass over the packed weight.
constexpr int64_t kMaxFusedRows = 8;

/// The contraction, normalized: out[b, m, n] (+)= sum_k act[b, m, k] *
/// W[b, ., .] with an optional batch dim and an optional M dim.
struct Contraction {
  Value act, init;       ///< init is null when the result starts at zero
  bool hasBatch = false; ///< act/out/weight have a leading batch dim
  bool hasM = true;      ///< act/out have an M dim (false: matvec/vecmat)
  bool weightNK = false; ///< weight is [.., N, K] (else [.., K, N])
  int64_t batch = 1, m = 1, n = 0, k = 0;
  RankedTensorType resultType;
};

bool isMap(AffineMap map, ArrayRef<unsigned> dims) {
  if (map.getNumResults() != dims.size())
    return false;
  for (auto [e, d] : llvm::zip(map.getResults(), dims)) {
    auto de = dyn_cast<AffineDimExpr>(e);
    if (!de || de.getPosition() != d)
      return false;
  }
  return true;
}

/// Recognizes the supported ops; `weight` is the lpbq.dequantize result.
std::optional<Contraction> matchContraction(Operation *op, Value &weight) {
  Contraction c;
  auto shapeOf = [](Value v) {
    return cast<RankedTensorType>(v.getType()).getShape();
  };
  if (auto mm = dyn_cast<linalg::MatmulOp>(op)) {
    if (!mm.hasPureTensorSemantics())
      return std::nullopt;
    SmallVector<AffineMap> maps = mm.getIndexingMapsArray();
    // (m, n, k): A (m, k); B (k, n) or (n, k); C (m, n).
    if (!isMap(maps[0], {0, 2}) || !isMap(maps[2], {0, 1}))
      return std::nullopt;
    if (isMap(maps[1], {1, 2}))
      c.weightNK = true;
    else if (!isMap(maps[1], {2, 1}))
      return std::nullopt;
    c.act = mm.getInputs()[0];
    weight = mm.getInputs()[1];
    c.init = mm.getOutputs()[0];
  } else if (auto mv = dyn_cast<linalg::MatvecOp>(op)) {
    if (!mv.hasPureTensorSemantics())
      return std::nullopt;
    weight = mv.getInputs()[0]; // [N, K]
    c.act = mv.getInputs()[1];
    c.init = mv.getOutputs()[0];
    c.weightNK = true;
    c.hasM = false;
  } else if (auto vm = dyn_cast<linalg::VecmatOp>(op)) {
    if (!vm.hasPureTensorSemantics())
      return std::nullopt;
    c.act = vm.getInputs()[0];
    weight = vm.getInputs()[1]; // [K, N]
    c.init = vm.getOutputs()[0];
    c.hasM = false;
  } else if (auto bm = dyn_cast<linalg::BatchMatmulOp>(op)) {
    if (!bm.hasPureTensorSemantics())
      return std::nullopt;
    SmallVector<AffineMap> maps = bm.getIndexingMapsArray();
    // (b, m, n, k): A (b, m, k); B (b, k, n); C (b, m, n).
    if (!isMap(maps[0], {0, 1, 3}) || !isMap(maps[1], {0, 3, 2}) ||
        !isMap(maps[2], {0, 1, 2}))
      return std::nullopt;
    c.act = bm.getInputs()[0];
    weight = bm.getInputs()[1];
    c.init = bm.getOutputs()[0];
    c.hasBatch = true;
  } else if (auto tm = dyn_cast<tosa::MatMulOp>(op)) {
    // Float tosa.matmul: zero points must be zero.
    for (Value zp : {tm.getAZp(), tm.getBZp()}) {
      DenseElementsAttr attr;
      if (!matchPattern(zp, m_Constant(&attr)) || !attr.isSplat() ||
          !attr.getElementType().isF32() ||
          !attr.getSplatValue<APFloat>().isZero())
        return std::nullopt;
    }
    c.act = tm.getA();
    weight = tm.getB();
    c.hasBatch = true;
  } else {
    return std::nullopt;
  }
  c.resultType = dyn_cast<RankedTensorType>(op->getResult(0).getType());
  if (!c.resultType || !c.resultType.getElementType().isF32() ||
      !cast<ShapedType>(c.act.getType()).getElementType().isF32() ||
      !c.resultType.hasStaticShape() ||
      !cast<ShapedType>(c.act.getType()).hasStaticShape())
    return std::nullopt;
  ArrayRef<int64_t> ws = shapeOf(weight);
  unsigned off = c.hasBatch ? 1 : 0;
  c.batch = c.hasBatch ? ws[0] : 1;
  c.n = c.weightNK ? ws[off] : ws[off + 1];
  c.k = c.weightNK ? ws[off + 1] : ws[off];
  c.m = c.hasM ? shapeOf(c.act)[off] : 1;
  return c;
}

struct FuseMatmul : public RewritePattern {
  FuseMatmul(MLIRContext *ctx, int64_t vectorWidth)
      : RewritePattern(MatchAnyOpTypeTag(), /*benefit=*/1, ctx),
        vectorWidth(vectorWidth) {}

  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override;

  int64_t vectorWidth;
};

LogicalResult FuseMatmul::matchAndRewrite(Operation *op,
                                          PatternRewriter &rewriter) const {
  Value weightValue;
  std::optional<Contraction> cOr = matchContraction(op, weightValue);
  if (!cOr)
    return failure();
  Contraction &c = *cOr;
  auto dq = weightValue.getDefiningOp<DequantizeOp>();
  if (!dq)
    return failure();
  auto cst = dq.getWeight().getDefiningOp<ConstantOp>();
  if (!cst)
    return failure();
  WeightType type = cst.getType();
  EncodingAttr enc = type.getEncoding();
  int64_t rank = type.getTensorType().getRank();
  int64_t chAxis = c.weightNK ? rank - 2 : rank - 1;
  int64_t blkAxis = c.weightNK ? rank - 1 : rank - 2;
  SmallVector<int64_t> expectBatch;
  if (c.hasBatch)
    expectBatch.push_back(0);
  if (enc.getChannelAxis() != chAxis || enc.getBlockAxis() != blkAxis ||
      enc.getBatchAxes() != ArrayRef<int64_t>(expectBatch))
    return rewriter.notifyMatchFailure(op, "weight axes do not match the op");
  int bw = static_cast<int>(enc.getBitwidth());
  if (bw != 4 && bw != 8)
    return rewriter.notifyMatchFailure(op, "only 4- and 8-bit values fuse");
  const int64_t bs = enc.getBlockSize();
  const int64_t vecDim = c.weightNK ? bs : c.n;
  int64_t w = 0;
  for (int64_t cand = vectorWidth; cand >= 2; cand /= 2)
    if (vecDim % cand == 0) {
      w = cand;
      break;
    }
  if (w == 0)
    return rewriter.notifyMatchFailure(op, "no vector width divides the rows");

  core::Layout layout = type.getLayout();
  std::vector<int32_t> ints;
  std::vector<float> pcs;
  if (failed(cst.readScales(ints, pcs)))
    return failure();
  const int64_t nb = layout.numBlocks, ng = layout.numGroups,
                bpg = layout.blocksPerGroup, n = c.n, k = c.k;
  // Integer scales as floats (exact: at most 2^14) and, for [K, N] weights,
  // both tables transposed to [batch][block|group][channel].
  std::vector<float> intTable(ints.size()), scaleTable(pcs.size());
  for (int64_t b = 0; b < c.batch; ++b)
    for (int64_t ch = 0; ch < n; ++ch) {
      for (int64_t i = 0; i < nb; ++i)
        intTable[c.weightNK ? (b * n + ch) * nb + i : (b * nb + i) * n + ch] =
            static_cast<float>(ints[(b * n + ch) * nb + i]);
      for (int64_t g = 0; g < ng; ++g)
        scaleTable[c.weightNK ? (b * n + ch) * ng + g : (b * ng + g) * n + ch] =
            pcs[(b * n + ch) * ng + g];
    }

  Location loc = op->getLoc();
  Type f32 = rewriter.getF32Type();
  VectorType vF32 = VectorType::get({w}, f32);
  Value packed = arith::ConstantOp::create(rewriter, loc,
                                           cast<TypedAttr>(cst.getValues()));
  auto asBytes = [](const std::vector<float> &v) {
    return ArrayRef<char>(reinterpret_cast<const char *>(v.data()),
                          v.size() * sizeof(float));
  };
  Value intT =
      flatConstant(rewriter, loc, f32, intTable.size(), asBytes(intTable));
  Value scaleT =
      flatConstant(rewriter, loc, f32, scaleTable.size(), asBytes(scaleTable));
  Value zeroVec = arith::ConstantOp::create(
      rewriter, loc, vF32, DenseElementsAttr::get(vF32, APFloat(0.0f)));
  Value zeroF = arith::ConstantOp::create(rewriter, loc, f32,
                                          rewriter.getF32FloatAttr(0.0f));
  Value init = c.init;
  if (!init) {
    Value empty =
        tensor::EmptyOp::create(rewriter, loc, c.resultType.getShape(), f32);
    init = linalg::FillOp::create(rewriter, loc, ValueRange{zeroF},
                                  ValueRange{empty})
               .getResult(0);
  }

  auto indices = [&](OpBuilder &b, Value bt, Value m, Value last) {
    SmallVector<Value> idxs;
    if (c.hasBatch)
      idxs.push_back(bt);
    if (c.hasM)
      idxs.push_back(m);
    idxs.push_back(last);
    return idxs;
  };
  auto loop =
      [&](OpBuilder &b, int64_t ub, int64_t step, ValueRange iters,
          function_ref<SmallVector<Value>(OpBuilder &, Value, ValueRange)>
              body) {
        return scf::ForOp::create(
                   b, loc, idx(b, loc, 0), idx(b, loc, ub), idx(b, loc, step),
                   iters,
                   [&](OpBuilder &b, Location, Value iv, ValueRange args) {
                     scf::YieldOp::create(b, loc, body(b, iv, args));
                   })
            .getResults();
      };
  auto mul = [&](OpBuilder &b, Value x, int64_t y) -> Value {
    return arith::MulIOp::create(b, loc, x, idx(b, loc, y));
  };
  auto add = [&](OpBuilder &b, Value x, Value y) -> Value {
    return arith::AddIOp::create(b, loc, x, y);
  };

  // Sum over the blocks of one group of (int scale) x (block partial sum),
  // where blockBody(b, blockIndex) returns a block's partial sum vector.
  auto groupSum = [&](OpBuilder &b, Value g,
                      function_ref<Value(OpBuilder &, Value, Value)> scaleOf,
                      function_ref<Value(OpBuilder &, Value)> blockBody) {
    return loop(b, bpg, 1, ValueRange{zeroVec},
                [&](OpBuilder &b, Value j, ValueRange acc) {
                  Value blk = add(b, mul(b, g, bpg), j);
                  Value partial = blockBody(b, blk);
                  Value s = scaleOf(b, blk, Value());
                  return SmallVector<Value>{
                      vector::FMAOp::create(b, loc, partial, s, acc[0])};
                })[0];
  };

  // Small batches of [N, K] weights: every unpacked weight vector serves all
  // M rows (M accumulators), so the packed weight is read once, not M times.
  if (c.weightNK && c.hasM && c.m > 1 && c.m <= kMaxFusedRows) {
    const int64_t rows = c.m;
    SmallVector<Value> zeros(rows, zeroVec);
    ValueRange res = loop(
        rewriter, c.batch, 1, ValueRange{init},
        [&](OpBuilder &b, Value bt, ValueRange outB) -> SmallVector<Value> {
          return loop(
              b, n, 1, outB,
              [&](OpBuilder &b, Value ch,
                  ValueRange outN) -> SmallVector<Value> {
                Value row = add(b, mul(b, bt, n), ch);
                ValueRange totals = loop(
                    b, ng, 1, zeros,
                    [&](OpBuilder &b, Value g,
                        ValueRange acc) -> SmallVector<Value> {
                      ValueRange gs = loop(
                          b, bpg, 1, zeros,
                          [&](OpBuilder &b, Value j,
                              ValueRange gacc) -> SmallVector<Value> {
                            Value blk = add(b, mul(b, g, bpg), j);
                            ValueRange parts = loop(
                                b, bs, w, zeros,
                                [&](OpBuilder &b, Value kk,
                                    ValueRange part) -> SmallVector<Value> {
                                  Value kIdx = add(b, mul(b, blk, bs), kk);
                                  Value base = add(b, mul(b, row, k), kIdx);
                                  Value q = arith::SIToFPOp::create(
                                      b, loc, vF32,
                                      unpackVector(b, loc, packed, base, w,
                                                   bw));
                                  SmallVector<Value> next;
                                  for (int64_t r = 0; r < rows; ++r) {
                                    Value a = vector::TransferReadOp::create(
                                        b, loc, vF32, c.act,
                                        indices(b, bt, idx(b, loc, r), kIdx),
                                        zeroF, ArrayRef<bool>{true});
                                    next.push_back(vector::FMAOp::create(
                                        b, loc, q, a, part[r]));
                                  }
                                  return next;
                                });
                            Value s = tensor::ExtractOp::create(
                                b, loc, intT, add(b, mul(b, row, nb), blk));
                            Value sv =
                                vector::BroadcastOp::create(b, loc, vF32, s);
                            SmallVector<Value> next;
                            for (int64_t r = 0; r < rows; ++r)
                              next.push_back(vector::FMAOp::create(
                                  b, loc, parts[r], sv, gacc[r]));
                            return next;
                          });
                      Value s = tensor::ExtractOp::create(
                          b, loc, scaleT, add(b, mul(b, row, ng), g));
                      Value sv = vector::BroadcastOp::create(b, loc, vF32, s);
                      SmallVector<Value> next;
                      for (int64_t r = 0; r < rows; ++r)
                        next.push_back(
                            vector::FMAOp::create(b, loc, gs[r], sv, acc[r]));
                      return next;
                    });
                Value out = outN[0];
                for (int64_t r = 0; r < rows; ++r) {
                  Value sum = vector::ReductionOp::create(
                      b, loc, vector::CombiningKind::ADD, totals[r]);
                  SmallVector<Value> at = indices(b, bt, idx(b, loc, r), ch);
                  Value old = tensor::ExtractOp::create(b, loc, out, at);
                  Value updated = arith::AddFOp::create(b, loc, old, sum);
                  out = tensor::InsertOp::create(b, loc, updated, out, at);
                }
                return SmallVector<Value>{out};
              });
        });
    rewriter.replaceOp(op, res[0]);
    return success();
  }

  ValueRange result = loop(
      rewriter, c.batch, 1, ValueRange{init},
      [&](OpBuilder &b, Value bt, ValueRange outB) -> SmallVector<Value> {
        return loop(
            b, c.m, 1, outB,
            [&](OpBuilder &b, Value m, ValueRange outM) -> SmallVector<Value> {
              if (c.weightNK) {
                // One output element per channel n: vector accumulator over K.
                return loop(
                    b, n, 1, outM,
                    [&](OpBuilder &b, Value ch,
                        ValueRange outN) -> SmallVector<Value> {
                      Value row = add(b, mul(b, bt, n), ch); // flat channel
                      Value total = loop(
                          b, ng, 1, ValueRange{zeroVec},
                          [&](OpBuilder &b, Value g, ValueRange acc) {
                            Value gs = groupSum(
                                b, g,
                                [&](OpBuilder &b, Value blk, Value) -> Value {
                                  Value s = tensor::ExtractOp::create(
                                      b, loc, intT,
                                      add(b, mul(b, row, nb), blk));
                                  return vector::BroadcastOp::create(b, loc,
                                                                     vF32, s);
                                },
                                [&](OpBuilder &b, Value blk) -> Value {
                                  return loop(
                                      b, bs, w, ValueRange{zeroVec},
                                      [&](OpBuilder &b, Value kk,
                                          ValueRange part) {
                                        Value kIdx =
                                            add(b, mul(b, blk, bs), kk);
                                        Value base =
                                            add(b, mul(b, row, k), kIdx);
                                        Value q = arith::SIToFPOp::create(
                                            b, loc, vF32,
                                            unpackVector(b, loc, packed, base,
                                                         w, bw));
                                        Value a =
                                            vector::TransferReadOp::create(
                                                b, loc, vF32, c.act,
                                                indices(b, bt, m, kIdx), zeroF,
                                                ArrayRef<bool>{true});
                                        return SmallVector<Value>{
                                            vector::FMAOp::create(b, loc, q, a,
                                                                  part[0])};
                                      })[0];
                                });
                            Value s = tensor::ExtractOp::create(
                                b, loc, scaleT, add(b, mul(b, row, ng), g));
                            Value sv =
                                vector::BroadcastOp::create(b, loc, vF32, s);
                            return SmallVector<Value>{
                                vector::FMAOp::create(b, loc, gs, sv, acc[0])};
                          })[0];
                      Value sum = vector::ReductionOp::create(
                          b, loc, vector::CombiningKind::ADD, total);
                      SmallVector<Value> at = indices(b, bt, m, ch);
                      Value old =
                          tensor::ExtractOp::create(b, loc, outN[0], at);
                      Value updated = arith::AddFOp::create(b, loc, old, sum);
                      return SmallVector<Value>{tensor::InsertOp::create(
                          b, loc, updated, outN[0], at)};
                    });
              }
              // [K, N]: W channels at a time, vector accumulator over K.
              return loop(
                  b, n, w, outM,
                  [&](OpBuilder &b, Value n0,
                      ValueRange outN) -> SmallVector<Value> {
                    Value total = loop(
                        b, ng, 1, ValueRange{zeroVec},
                        [&](OpBuilder &b, Value g, ValueRange acc) {
                          Value gs = groupSum(
                              b, g,
                              [&](OpBuilder &b, Value blk, Value) -> Value {
                                Value at = add(
                                    b, mul(b, add(b, mul(b, bt, nb), blk), n),
                                    n0);
                                return vector::TransferReadOp::create(
                                    b, loc, vF32, intT, at, zeroF,
                                    ArrayRef<bool>{true});
                              },
                              [&](OpBuilder &b, Value blk) -> Value {
                                return loop(
                                    b, bs, 1, ValueRange{zeroVec},
                                    [&](OpBuilder &b, Value kk,
                                        ValueRange part) {
                                      Value kIdx = add(b, mul(b, blk, bs), kk);
                                      Value base = add(
                                          b,
                                          mul(b, add(b, mul(b, bt, k), kIdx),
                                              n),
                                          n0);
                                      Value q = arith::SIToFPOp::create(
                                          b, loc, vF32,
                                          unpackVector(b, loc, packed, base, w,
                                                       bw));
                                      Value a = tensor::ExtractOp::create(
                                          b, loc, c.act,
                                          indices(b, bt, m, kIdx));
                                      Value av = vector::BroadcastOp::create(
                                          b, loc, vF32, a);
                                      return SmallVector<Value>{
                                          vector::FMAOp::create(b, loc, q, av,
                                                                part[0])};
                                    })[0];
                              });
                          Value at =
                              add(b, mul(b, add(b, mul(b, bt, ng), g), n), n0);
                          Value sv = vector::TransferReadOp::create(
                              b, loc, vF32, scaleT, at, zeroF,
                              ArrayRef<bool>{true});
                          return SmallVector<Value>{
                              vector::FMAOp::create(b, loc, gs, sv, acc[0])};
                        })[0];
                    SmallVector<Value> at = indices(b, bt, m, n0);
                    Value old = vector::TransferReadOp::create(
                        b, loc, vF32, outN[0], at, zeroF, ArrayRef<bool>{true});
                    Value updated = arith::AddFOp::create(b, loc, old, total);
                    return SmallVector<Value>{
                        vector::TransferWriteOp::create(
                            b, loc, updated, outN[0], at, ArrayRef<bool>{true})
                            .getResult()};
                  });
            });
      });
  rewriter.replaceOp(op, result[0]);
  return success();
}

struct LPBQMatmulToVectorPass
    : public lpbq::impl::LPBQMatmulToVectorBase<LPBQMatmulToVectorPass> {
  using Base::Base;

  void runOnOperation() override {
    if (failed(runVectorPatterns(getOperation(), vectorWidth, /*minWidth=*/2,
                                 [&](RewritePatternSet &patterns) {
                                   populateLPBQMatmulToVectorPatterns(
                                       patterns, vectorWidth);
                                 })))
      signalPassFailure();
  }
};

} // namespace

void mlir::lpbq::populateLPBQMatmulToVectorPatterns(RewritePatternSet &patterns,
                                                    int64_t vectorWidth) {
  patterns.add<FuseMatmul>(patterns.getContext(), vectorWidth);
}
