//===- WeightLayouts.cpp - Which operand is a weight, and its axes --------===//

#include "lpbq/Dialect/LPBQ/Transforms/WeightLayouts.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/AffineMap.h"

using namespace mlir;
using namespace mlir::lpbq;

namespace {
/// A row of the table. For ops with indexing maps (linalg contractions) the
/// weight layout depends on the weight's map: each alternative names the
/// reduction/parallel dims that the weight's two trailing axes must index.
struct Row {
  StringRef name;
  unsigned operand;
  int64_t channelAxis, blockAxis;
  SmallVector<int64_t, 1> batchAxes;
  bool blockable = true;
};

// clang-format off
const Row kRows[] = {
  // name                          operand  channel block batch
  {"linalg.matmul",                   1,      1,     0,    {}},
  {"linalg.matvec",                   0,      0,     1,    {}},
  {"linalg.vecmat",                   1,      1,     0,    {}},
  {"linalg.batch_matmul",             1,      2,     1,    {0}},
  {"linalg.conv_2d_nhwc_hwcf",        1,      3,     2,    {}},
  {"linalg.conv_2d_nhwc_fhwc",        1,      0,     3,    {}},
  {"linalg.conv_2d_nchw_fchw",        1,      0,     1,    {}},
  {"linalg.depthwise_conv_2d_nhwc_hwc",  1,   2,     0,    {}, false},
  {"linalg.depthwise_conv_2d_nhwc_hwcm", 1,   2,     0,    {}, false},
  {"linalg.depthwise_conv_2d_nchw_chw",  1,   0,     1,    {}, false},
  {"tosa.conv2d",                     1,      0,     3,    {}},
  {"tosa.transpose_conv2d",           1,      0,     3,    {}},
  {"tosa.matmul",                     1,      2,     1,    {0}},
  {"tosa.depthwise_conv2d",           1,      2,     0,    {}, false},
};
// clang-format on

/// For linalg contractions with explicit indexing maps, derives the weight's
/// axes from its map: the block axis is the weight dim indexed by the
/// reduction loop, the channel axis the one indexed by the loop of the
/// output's innermost dim (N of a matmul), batch axes the other parallel
/// loops, which must index the output too. Returns false when the map is not
/// a projected permutation of that form.
bool layoutFromMaps(linalg::LinalgOp op, unsigned operand, WeightLayout &l) {
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  AffineMap map = maps[operand], outMap = maps.back();
  if (!map.isProjectedPermutation() || !outMap.isProjectedPermutation() ||
      outMap.getNumResults() == 0)
    return false;
  SmallVector<utils::IteratorType> iters = op.getIteratorTypesArray();
  unsigned outChannelDim =
      cast<AffineDimExpr>(outMap.getResults().back()).getPosition();
  int64_t channel = -1, block = -1;
  SmallVector<int64_t> batch;
  for (unsigned i = 0; i < map.getNumResults(); ++i) {
    unsigned dim = cast<AffineDimExpr>(map.getResult(i)).getPosition();
    if (iters[dim] == utils::IteratorType::reduction) {
      if (block != -1)
        return false;
      block = i;
    } else if (dim == outChannelDim) {
      channel = i;
    } else if (outMap.isFunctionOfDim(dim)) {
      batch.push_back(i);
    } else {
      return false;
    }
  }
  if (channel == -1 || block == -1)
    return false;
  l.channelAxis = channel;
  l.blockAxis = block;
  l.batchAxes = batch;
  return true;
}
} // namespace

std::optional<WeightLayout> mlir::lpbq::getWeightLayout(Operation *op) {
  StringRef name = op->getName().getStringRef();
  for (const Row &row : kRows) {
    if (row.name != name)
      continue;
    WeightLayout l;
    l.operandIndex = row.operand;
    l.channelAxis = row.channelAxis;
    l.blockAxis = row.blockAxis;
    l.batchAxes.assign(row.batchAxes.begin(), row.batchAxes.end());
    l.blockable = row.blockable;
    l.isDepthwise = !row.blockable;
    if (!row.blockable)
      l.reason = "depthwise convolution weights have no input-channel axis "
                 "for blocks to span";
    if (op->getNumOperands() <= row.operand) {
      l.blockable = false;
      l.reason = "op has no weight operand";
      return l;
    }
    // Contractions may carry user-defined indexing maps (e.g. transposed B).
    if (auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
        linalgOp && row.blockable && linalgOp.getNumDpsInputs() == 2 &&
        !name.starts_with("linalg.conv")) {
      if (!layoutFromMaps(linalgOp, row.operand, l)) {
        l.blockable = false;
        l.reason = "unsupported indexing map for the weight operand";
      }
    }
    return l;
  }
  return std::nullopt;
}

ArrayRef<StringRef> mlir::lpbq::getSupportedWeightOpNames() {
  static const SmallVector<StringRef> names = [] {
    SmallVector<StringRef> n;
    for (const Row &row : kRows)
      n.push_back(row.name);
    return n;
  }();
  return names;
}
