//===- Encoding.cpp - MLIR-free LPBQ encoding math ------------------------===//
//
// Bit-exactness notes. All aimet-torch arithmetic is IEEE float32 in the
// order of the spec, with true division and round-half-to-even (rintf in the
// default rounding mode). This file must be compiled without floating-point
// contraction (-ffp-contract=off) and without fast-math; CMake sets both.
//
// Speed notes. Weights are first brought into the canonical layout
// [channel][block][block elements] (a no-op for the common [out, in] and
// [F, C, KH, KW] layouts), then each channel is processed independently:
// one min/max sweep per block, compression, and one quantization sweep. The
// inner loops are written so that the compiler vectorizes them (fixed-width
// lane arrays, no early exits). Channels are split over std::threads.
//
//===----------------------------------------------------------------------===//

#include "lpbq/Core/Encoding.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>
#include <thread>

using namespace mlir::lpbq::core;

//===----------------------------------------------------------------------===//
// Names and parameters
//===----------------------------------------------------------------------===//

std::optional<Scheme> mlir::lpbq::core::parseScheme(std::string_view name) {
  if (name == "aimet-torch")
    return Scheme::AimetTorch;
  if (name == "aimet-onnx")
    return Scheme::AimetOnnx;
  if (name == "executorch")
    return Scheme::Executorch;
  return std::nullopt;
}

const char *mlir::lpbq::core::schemeName(Scheme scheme) {
  switch (scheme) {
  case Scheme::AimetTorch:
    return "aimet-torch";
  case Scheme::AimetOnnx:
    return "aimet-onnx";
  case Scheme::Executorch:
    return "executorch";
  }
  return "unknown";
}

int mlir::lpbq::core::quantMin(Scheme scheme, int bitwidth) {
  if (scheme == Scheme::Executorch)
    return -((1 << (bitwidth - 1)) - 1);
  return -(1 << (bitwidth - 1));
}

int mlir::lpbq::core::quantMax(Scheme, int bitwidth) {
  return (1 << (bitwidth - 1)) - 1;
}

int64_t mlir::lpbq::core::maxIntScale(int bitwidth, int decompressedBitwidth) {
  return int64_t(1) << (decompressedBitwidth - bitwidth);
}

static std::string str(int64_t v) { return std::to_string(v); }

Status mlir::lpbq::core::validateParams(const Params &p) {
  if (!p.symmetric)
    return Status::error(ErrorCode::Asymmetric,
                         "LPBQ only supports symmetric quantization");
  if (p.bitwidth < 2 || p.bitwidth > 8)
    return Status::error(ErrorCode::BadBitwidth,
                         "expected bitwidth in [2, 8], found " +
                             str(p.bitwidth));
  if (p.decompressedBitwidth <= p.bitwidth || p.decompressedBitwidth > 16)
    return Status::error(ErrorCode::BadDecompressedBitwidth,
                         "expected decompressed bitwidth in (" +
                             str(p.bitwidth) +
                             ", 16] (greater than the bitwidth), found " +
                             str(p.decompressedBitwidth));
  if (p.blockSize < 1)
    return Status::error(ErrorCode::BadBlockSize,
                         "expected block size >= 1, found " + str(p.blockSize));
  if (p.blockGrouping != -1 && p.blockGrouping < 1)
    return Status::error(ErrorCode::BadGrouping,
                         "expected block grouping -1 or >= 1, found " +
                             str(p.blockGrouping));
  return Status::success();
}

std::vector<int64_t> Layout::blockScaleShape() const {
  std::vector<int64_t> result;
  for (int a : batchAxes)
    result.push_back(shape[a]);
  result.push_back(shape[channelAxis]);
  result.push_back(numBlocks);
  return result;
}

std::vector<int64_t> Layout::groupScaleShape() const {
  std::vector<int64_t> result = blockScaleShape();
  result.back() = numGroups;
  return result;
}

Status mlir::lpbq::core::computeLayout(const std::vector<int64_t> &shape,
                                       const Params &p, Layout &layout) {
  if (Status s = validateParams(p); !s)
    return s;
  int rank = static_cast<int>(shape.size());
  if (rank < 2)
    return Status::error(ErrorCode::AxisOutOfRange,
                         "expected a weight of rank >= 2, found rank " +
                             str(rank));
  auto inRange = [&](int a) { return a >= 0 && a < rank; };
  if (!inRange(p.channelAxis))
    return Status::error(ErrorCode::AxisOutOfRange,
                         "channel axis " + str(p.channelAxis) +
                             " out of range for rank " + str(rank));
  if (!inRange(p.blockAxis))
    return Status::error(ErrorCode::AxisOutOfRange,
                         "block axis " + str(p.blockAxis) +
                             " out of range for rank " + str(rank));
  if (p.channelAxis == p.blockAxis)
    return Status::error(ErrorCode::AxesNotDistinct,
                         "channel axis and block axis must differ, both are " +
                             str(p.blockAxis));
  std::vector<bool> used(rank, false);
  used[p.channelAxis] = used[p.blockAxis] = true;
  std::vector<int> batch = p.batchAxes;
  std::sort(batch.begin(), batch.end());
  for (int a : batch) {
    if (!inRange(a))
      return Status::error(ErrorCode::AxisOutOfRange,
                           "batch axis " + str(a) + " out of range for rank " +
                               str(rank));
    if (used[a])
      return Status::error(ErrorCode::AxesNotDistinct,
                           "batch axis " + str(a) +
                               " repeats the channel, block or another batch "
                               "axis");
    used[a] = true;
  }
  int64_t numElements = 1;
  for (int a = 0; a < rank; ++a) {
    if (shape[a] <= 0)
      return Status::error(ErrorCode::EmptyTensor,
                           "expected a non-empty weight, dimension " + str(a) +
                               " has size " + str(shape[a]));
  }
  for (int a = 0; a < rank; ++a) {
    if (shape[a] > kMaxElements / numElements) {
      std::string dims;
      for (int64_t d : shape)
        dims += (dims.empty() ? "" : "x") + str(d);
      return Status::error(ErrorCode::TooLarge,
                           "expected a weight of at most " + str(kMaxElements) +
                               " elements, found shape " + dims);
    }
    numElements *= shape[a];
  }
  int64_t k = shape[p.blockAxis];
  if (k % p.blockSize != 0)
    return Status::error(ErrorCode::BlockNotDivisible,
                         "block axis " + str(p.blockAxis) + " of size " +
                             str(k) + " is not divisible by block size " +
                             str(p.blockSize));
  int64_t numBlocks = k / p.blockSize;
  int64_t perGroup = p.blockGrouping == -1 ? numBlocks : p.blockGrouping;
  if (numBlocks % perGroup != 0)
    return Status::error(ErrorCode::GroupNotDivisible,
                         "number of blocks " + str(numBlocks) +
                             " is not divisible by block grouping " +
                             str(perGroup));
  layout.shape = shape;
  layout.numElements = numElements;
  layout.batchAxes = batch;
  layout.channelAxis = p.channelAxis;
  layout.blockAxis = p.blockAxis;
  layout.numChannels = shape[p.channelAxis];
  for (int a : batch)
    layout.numChannels *= shape[a];
  layout.numBlocks = numBlocks;
  layout.windowElements = 1;
  for (int a = 0; a < rank; ++a)
    if (!used[a])
      layout.windowElements *= shape[a];
  layout.blockElements = p.blockSize * layout.windowElements;
  layout.blocksPerGroup = perGroup;
  layout.numGroups = numBlocks / perGroup;
  return Status::success();
}

//===----------------------------------------------------------------------===//
// Canonical layout: [batch..., channel, block axis, window...]
//===----------------------------------------------------------------------===//

namespace {
/// Maps the weight's own layout onto the canonical one.
struct Canonicalizer {
  std::vector<int64_t> shape;
  /// For each original axis, its stride in the canonical layout.
  std::vector<int64_t> canonStride;
  bool identity = true;

  explicit Canonicalizer(const Layout &layout) : shape(layout.shape) {
    int rank = static_cast<int>(shape.size());
    std::vector<int> order = layout.batchAxes;
    order.push_back(layout.channelAxis);
    order.push_back(layout.blockAxis);
    for (int a = 0; a < rank; ++a)
      if (std::find(order.begin(), order.end(), a) == order.end())
        order.push_back(a);
    canonStride.assign(rank, 0);
    int64_t stride = 1;
    for (int i = rank - 1; i >= 0; --i) {
      canonStride[order[i]] = stride;
      stride *= shape[order[i]];
    }
    for (int i = 0; i < rank; ++i)
      identity &= order[i] == i;
  }

  /// Calls fn(srcOffset, dstOffset, dstStride, length) for every innermost
  /// row of the original layout; dst is the canonical position.
  template <typename Fn> void forEachRow(Fn fn) const {
    int rank = static_cast<int>(shape.size());
    int64_t len = shape[rank - 1];
    int64_t rows = 1;
    for (int a = 0; a < rank - 1; ++a)
      rows *= shape[a];
    std::vector<int64_t> idx(rank, 0);
    int64_t dst = 0;
    for (int64_t r = 0; r < rows; ++r) {
      fn(r * len, dst, canonStride[rank - 1], len);
      for (int a = rank - 2; a >= 0; --a) {
        dst += canonStride[a];
        if (++idx[a] < shape[a])
          break;
        dst -= canonStride[a] * shape[a];
        idx[a] = 0;
      }
    }
  }

  template <typename T> void gather(const T *src, T *dst) const {
    forEachRow([&](int64_t s, int64_t d, int64_t stride, int64_t len) {
      for (int64_t i = 0; i < len; ++i)
        dst[d + i * stride] = src[s + i];
    });
  }
  template <typename T> void scatter(const T *src, T *dst) const {
    forEachRow([&](int64_t s, int64_t d, int64_t stride, int64_t len) {
      for (int64_t i = 0; i < len; ++i)
        dst[s + i] = src[d + i * stride];
    });
  }
};

/// Runs fn(begin, end) over [0, n) split into contiguous chunks.
template <typename Fn>
void parallelFor(int64_t n, int64_t workPerItem, unsigned numThreads, Fn fn) {
  unsigned hw = std::max(1u, std::thread::hardware_concurrency());
  unsigned threads = numThreads == 0 ? hw : numThreads;
  // Below ~256K elements of work threads cost more than they save.
  int64_t maxUseful = std::max<int64_t>(1, n * workPerItem / (1 << 18));
  threads = static_cast<unsigned>(
      std::min<int64_t>({(int64_t)threads, n, maxUseful}));
  if (threads <= 1) {
    fn(int64_t(0), n);
    return;
  }
  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  int64_t chunk = (n + threads - 1) / threads;
  for (unsigned t = 1; t < threads; ++t) {
    int64_t b = t * chunk, e = std::min(n, b + chunk);
    if (b < e)
      pool.emplace_back([=] { fn(b, e); });
  }
  fn(0, std::min(n, chunk));
  for (auto &th : pool)
    th.join();
}

constexpr int kLanes = 16;

/// min, max and a non-finite flag over a contiguous run (vectorizable).
struct MinMax {
  float mn, mx;
  bool nonFinite;
};

// GCC/Clang vector extensions: portable SIMD that lowers to AVX-512, AVX2
// or SSE as the target allows.
typedef float F32x16 __attribute__((vector_size(64)));

typedef float F32x8 __attribute__((vector_size(32)));
typedef float F32x4 __attribute__((vector_size(16)));

inline F32x16 load16(const float *p) {
  F32x16 v;
  std::memcpy(&v, p, sizeof(v));
  return v;
}
template <typename Half, typename Full> inline Half lowHalf(const Full &v) {
  Half h;
  std::memcpy(&h, &v, sizeof(h));
  return h;
}
template <typename Half, typename Full> inline Half highHalf(const Full &v) {
  Half h;
  std::memcpy(&h, reinterpret_cast<const char *>(&v) + sizeof(h), sizeof(h));
  return h;
}
inline F32x8 lo8(F32x16 v) { return lowHalf<F32x8>(v); }
inline F32x8 hi8(F32x16 v) { return highHalf<F32x8>(v); }
inline F32x4 lo4(F32x8 v) { return lowHalf<F32x4>(v); }
inline F32x4 hi4(F32x8 v) { return highHalf<F32x4>(v); }
inline F32x8 min8(F32x8 a, F32x8 b) { return a < b ? a : b; }
inline F32x8 max8(F32x8 a, F32x8 b) { return a > b ? a : b; }
inline F32x4 min4(F32x4 a, F32x4 b) { return a < b ? a : b; }
inline F32x4 max4(F32x4 a, F32x4 b) { return a > b ? a : b; }

__attribute__((always_inline)) inline MinMax minMax(const float *x, int64_t n) {
  // (v - v) is 0 for finite values and NaN for NaN/Inf, so `check` flags
  // non-finite inputs without branches; NaN never wins a comparison, so
  // min/max alone would miss it.
  float mn = x[0], mx = x[0], check = 0.0f;
  int64_t i = 0;
  if (n >= kLanes) {
    F32x16 vmn = load16(x), vmx = vmn, vcheck = vmn - vmn;
    for (i = kLanes; i + kLanes <= n; i += kLanes) {
      F32x16 v = load16(x + i);
      vcheck += v - v;
      vmn = v < vmn ? v : vmn;
      vmx = v > vmx ? v : vmx;
    }
    // Tree reduction: halve the vectors instead of 16 scalar steps.
    F32x8 mn8 = min8(lo8(vmn), hi8(vmn)), mx8 = max8(lo8(vmx), hi8(vmx));
    F32x8 check8 = lo8(vcheck) + hi8(vcheck);
    F32x4 mn4 = min4(lo4(mn8), hi4(mn8)), mx4 = max4(lo4(mx8), hi4(mx8));
    F32x4 check4 = lo4(check8) + hi4(check8);
    for (int j = 0; j < 4; ++j) {
      mn = mn4[j] < mn ? mn4[j] : mn;
      mx = mx4[j] > mx ? mx4[j] : mx;
      check += check4[j];
    }
  }
  for (; i < n; ++i) {
    float v = x[i];
    check += v - v;
    mn = v < mn ? v : mn;
    mx = v > mx ? v : mx;
  }
  return MinMax{mn, mx, check != 0.0f};
}

/// aimet_torch's symmetric scale of one block, in float32, in AIMET's order.
/// N = qmax - qmin = 2^bw - 1 (odd): lo = floor(N/2) = 2^(bw-1) - 1 and
/// hi = ceil(N/2) = 2^(bw-1), exact in float32.
inline float aimetTorchScale(float xmin, float xmax, float n, float lo,
                             float hi, float ms) {
  float mn = xmin < 0.0f ? xmin : 0.0f;
  float mx = xmax > 0.0f ? xmax : 0.0f;
  float adj = (mx - mn) / n < ms ? ms : 0.0f;
  float loAdj = lo * adj;
  float hiAdj = hi * adj;
  mx = mx + loAdj;
  mn = mn - hiAdj;
  float a = mx / lo, b = -mn / hi;
  float d = a < b ? b : a;
  float minP = -hi * d;
  float maxP = lo * d;
  float range = maxP - minP;
  float s = std::fabs(range / n);
  return s < ms ? ms : s;
}

/// Raw scales of `count` blocks from their minima and maxima. The loops have
/// no branches across blocks, so they vectorize (divisions included).
void blockScalesFromMinMax(Scheme scheme, int bitwidth, const float *xmin,
                           const float *xmax, float *out, int64_t count) {
  switch (scheme) {
  case Scheme::AimetTorch: {
    const float n = static_cast<float>((1 << bitwidth) - 1);
    const float lo = static_cast<float>((1 << (bitwidth - 1)) - 1);
    const float hi = static_cast<float>(1 << (bitwidth - 1));
    // min(2^-23, 0.01 / N) is 2^-23 for every N < 83886.
    const float ms = std::min(0x1p-23f, 0.01f / n);
    for (int64_t i = 0; i < count; ++i)
      out[i] = aimetTorchScale(xmin[i], xmax[i], n, lo, hi, ms);
    return;
  }
  case Scheme::AimetOnnx: {
    const double q = static_cast<double>((1 << (bitwidth - 1)) - 1);
    for (int64_t i = 0; i < count; ++i) {
      double mn = std::min(static_cast<double>(xmin[i]), 0.0);
      double mx = std::max(static_cast<double>(xmax[i]), 0.0);
      mx = std::max(mx, mn + 0.01);
      out[i] = static_cast<float>(std::max(std::fabs(mn), std::fabs(mx)) / q);
    }
    return;
  }
  case Scheme::Executorch: {
    const float q = static_cast<float>((1 << (bitwidth - 1)) - 1);
    for (int64_t i = 0; i < count; ++i) {
      float absmax = std::max(std::fabs(xmin[i]), std::fabs(xmax[i]));
      float s = absmax / q;
      out[i] = std::max(s, 0x1p-12f);
    }
    return;
  }
  }
}

/// Compresses the scales of one group: writes pcs and the int scales.
void compressGroup(Scheme scheme, int64_t k, const float *scales, int64_t count,
                   int64_t stride, float &pcs, int32_t *ints,
                   int64_t intStride) {
  float smax = scales[0];
  for (int64_t i = 1; i < count; ++i)
    smax = std::max(smax, scales[i * stride]);
  const float kf = static_cast<float>(k);
  if (scheme == Scheme::AimetOnnx) {
    double p = static_cast<double>(smax) / static_cast<double>(k);
    for (int64_t i = 0; i < count; ++i) {
      double r = std::rint(static_cast<double>(scales[i * stride]) / p);
      ints[i * intStride] =
          static_cast<int32_t>(std::min(std::max(r, 1.0), double(k)));
    }
    pcs = static_cast<float>(p);
    return;
  }
  float p = smax / kf;
  for (int64_t i = 0; i < count; ++i) {
    float r = std::rint(scales[i * stride] / p);
    ints[i * intStride] = static_cast<int32_t>(std::min(std::max(r, 1.0f), kf));
  }
  pcs = p;
}

/// Quantizes one contiguous block with block scale `s` (vectorizable).
void quantizeBlock(Scheme scheme, const float *x, int64_t n, float s, int qmin,
                   int qmax, int8_t *q) {
  const float lo = static_cast<float>(qmin), hi = static_cast<float>(qmax);
  if (scheme == Scheme::AimetOnnx) {
    const float clo = lo * s, chi = hi * s;
    const double sd = s;
    for (int64_t i = 0; i < n; ++i) {
      float c = std::min(std::max(x[i], clo), chi);
      double r = std::round(static_cast<double>(c) / sd);
      r = std::min(std::max(r, double(qmin)), double(qmax));
      q[i] = static_cast<int8_t>(r);
    }
    return;
  }
  for (int64_t i = 0; i < n; ++i) {
    float r = std::rint(x[i] / s);
    r = r < lo ? lo : r;
    r = r > hi ? hi : r;
    q[i] = static_cast<int8_t>(static_cast<int32_t>(r));
  }
}

/// First non-finite element in row-major order, or -1.
int64_t findNonFinite(const float *data, int64_t n) {
  for (int64_t i = 0; i < n; ++i)
    if (!std::isfinite(data[i]))
      return i;
  return -1;
}

Status nonFiniteError(const float *data, int64_t n) {
  int64_t idx = findNonFinite(data, n);
  return Status::error(ErrorCode::NonFinite,
                       std::string("weight has a non-finite value (") +
                           (std::isnan(data[idx]) ? "NaN"
                            : data[idx] < 0       ? "-Inf"
                                                  : "Inf") +
                           ") at flat index " + str(idx),
                       idx);
}

Status scaleOverflowError(const std::vector<float> &scales, int64_t ch,
                          int64_t nb) {
  int64_t blk = 0;
  while (blk < nb && std::isfinite(scales[ch * nb + blk]))
    ++blk;
  return Status::error(ErrorCode::ScaleOverflow,
                       "weight magnitude too large: the scale of block " +
                           str(blk) + " of channel " + str(ch) +
                           " overflows float32");
}

/// Weight data in canonical layout: borrowed when already canonical.
struct CanonicalData {
  std::vector<float> storage;
  const float *ptr = nullptr;
};

CanonicalData canonicalize(const float *data, const Layout &layout,
                           const Canonicalizer &canon) {
  CanonicalData c;
  if (canon.identity) {
    c.ptr = data;
    return c;
  }
  c.storage.resize(layout.numElements);
  canon.gather(data, c.storage.data());
  c.ptr = c.storage.data();
  return c;
}

} // namespace

//===----------------------------------------------------------------------===//
// Encoding
//===----------------------------------------------------------------------===//

Status mlir::lpbq::core::computeBlockScales(const float *data,
                                            const std::vector<int64_t> &shape,
                                            const Params &params,
                                            std::vector<float> &scales) {
  Layout layout;
  if (Status s = computeLayout(shape, params, layout); !s)
    return s;
  Canonicalizer canon(layout);
  CanonicalData c = canonicalize(data, layout, canon);
  scales.resize(layout.numChannels * layout.numBlocks);
  bool bad = false;
  const int64_t total = layout.numChannels * layout.numBlocks;
  std::vector<float> mins(total), maxs(total);
  for (int64_t i = 0; i < total; ++i) {
    MinMax mm = minMax(c.ptr + i * layout.blockElements, layout.blockElements);
    bad |= mm.nonFinite;
    mins[i] = mm.mn;
    maxs[i] = mm.mx;
  }
  blockScalesFromMinMax(params.scheme, params.bitwidth, mins.data(),
                        maxs.data(), scales.data(), total);
  if (bad)
    return nonFiniteError(data, layout.numElements);
  for (int64_t i = 0; i < layout.numChannels * layout.numBlocks; ++i)
    if (!std::isfinite(scales[i]))
      return scaleOverflowError(scales, i / layout.numBlocks, layout.numBlocks);
  return Status::success();
}

static Status encodeImpl(const float *data, const std::vector<int64_t> &shape,
                         const Params &params,
                         const std::vector<float> *givenPcs,
                         const std::vector<int32_t> *givenInts, Encoding &out,
                         const EncodeOptions &options) {
  Layout layout;
  if (Status s = computeLayout(shape, params, layout); !s)
    return s;
  const int64_t nc = layout.numChannels, nb = layout.numBlocks,
                be = layout.blockElements, ng = layout.numGroups,
                bpg = layout.blocksPerGroup;
  const int64_t k = maxIntScale(params.bitwidth, params.decompressedBitwidth);
  const int qmin = quantMin(params.scheme, params.bitwidth);
  const int qmax = quantMax(params.scheme, params.bitwidth);

  if (givenPcs) {
    if ((int64_t)givenPcs->size() != nc * ng ||
        (int64_t)givenInts->size() != nc * nb)
      return Status::error(ErrorCode::ShapeMismatch,
                           "expected " + str(nc * ng) + " channel scales and " +
                               str(nc * nb) + " integer scales, found " +
                               str(givenPcs->size()) + " and " +
                               str(givenInts->size()));
    for (size_t i = 0; i < givenPcs->size(); ++i)
      if (!std::isfinite((*givenPcs)[i]) || !((*givenPcs)[i] > 0.0f))
        return Status::error(ErrorCode::BadScale,
                             "expected finite positive channel scales, found " +
                                 std::to_string((*givenPcs)[i]) + " at index " +
                                 str(i),
                             i);
    for (size_t i = 0; i < givenInts->size(); ++i)
      if ((*givenInts)[i] < 1 || (*givenInts)[i] > k)
        return Status::error(ErrorCode::BadIntScale,
                             "expected integer scales in [1, " + str(k) +
                                 "], found " + str((*givenInts)[i]) +
                                 " at index " + str(i),
                             i);
  }

  Canonicalizer canon(layout);
  CanonicalData c = canonicalize(data, layout, canon);

  out.params = params;
  out.layout = layout;
  out.blockScales.assign(nc * nb, 0.0f);
  out.channelScales.assign(nc * ng, 0.0f);
  out.intScales.assign(nc * nb, 0);
  // Every value is written below; only a size change needs (zeroing) resize.
  if (static_cast<int64_t>(out.values.size()) != layout.numElements)
    out.values.resize(layout.numElements);
  std::vector<int8_t> canonQ;
  int8_t *qOut = out.values.data();
  if (!canon.identity) {
    canonQ.assign(layout.numElements, 0);
    qOut = canonQ.data();
  }
  if (givenPcs) {
    out.channelScales = *givenPcs;
    out.intScales = *givenInts;
  }

  std::vector<uint8_t> channelBad(nc, 0);
  parallelFor(nc, nb * be, options.numThreads, [&](int64_t b, int64_t e) {
    std::vector<float> mins(nb), maxs(nb);
    for (int64_t ch = b; ch < e; ++ch) {
      const float *x = c.ptr + ch * nb * be;
      float *s = out.blockScales.data() + ch * nb;
      bool bad = false;
      for (int64_t blk = 0; blk < nb; ++blk) {
        MinMax mm = minMax(x + blk * be, be);
        bad |= mm.nonFinite;
        mins[blk] = mm.mn;
        maxs[blk] = mm.mx;
      }
      blockScalesFromMinMax(params.scheme, params.bitwidth, mins.data(),
                            maxs.data(), s, nb);
      if (bad) {
        channelBad[ch] = 1;
        continue;
      }
      for (int64_t blk = 0; blk < nb; ++blk)
        if (!std::isfinite(s[blk])) {
          channelBad[ch] = 2;
          break;
        }
      if (channelBad[ch])
        continue;
      int32_t *ints = out.intScales.data() + ch * nb;
      float *pcs = out.channelScales.data() + ch * ng;
      if (!givenPcs)
        for (int64_t g = 0; g < ng; ++g)
          compressGroup(params.scheme, k, s + g * bpg, bpg, 1, pcs[g],
                        ints + g * bpg, 1);
      for (int64_t blk = 0; blk < nb; ++blk) {
        float sb = static_cast<float>(ints[blk]) * pcs[blk / bpg];
        quantizeBlock(params.scheme, x + blk * be, be, sb, qmin, qmax,
                      qOut + (ch * nb + blk) * be);
      }
    }
  });
  for (int64_t ch = 0; ch < nc; ++ch) {
    if (channelBad[ch] == 1)
      return nonFiniteError(data, layout.numElements);
    if (channelBad[ch] == 2)
      return scaleOverflowError(out.blockScales, ch, nb);
  }
  if (!canon.identity)
    canon.scatter(canonQ.data(), out.values.data());
  return Status::success();
}

Status mlir::lpbq::core::encode(const float *data,
                                const std::vector<int64_t> &shape,
                                const Params &params, Encoding &out,
                                const EncodeOptions &options) {
  return encodeImpl(data, shape, params, nullptr, nullptr, out, options);
}

Status mlir::lpbq::core::encodeWithScales(
    const float *data, const std::vector<int64_t> &shape, const Params &params,
    const std::vector<float> &channelScales,
    const std::vector<int32_t> &intScales, Encoding &out,
    const EncodeOptions &options) {
  return encodeImpl(data, shape, params, &channelScales, &intScales, out,
                    options);
}

Status mlir::lpbq::core::compressScales(const float *scales, int64_t rows,
                                        int64_t cols, int64_t groupRows,
                                        int64_t groupCols, int bitwidth,
                                        int decompressedBitwidth, Scheme scheme,
                                        std::vector<float> &pcs,
                                        std::vector<int32_t> &ints) {
  Params p;
  p.bitwidth = bitwidth;
  p.decompressedBitwidth = decompressedBitwidth;
  if (Status s = validateParams(p); !s)
    return s;
  if (rows <= 0 || cols <= 0)
    return Status::error(ErrorCode::EmptyTensor,
                         "expected a non-empty scale tensor");
  if (groupRows == -1)
    groupRows = rows;
  if (groupCols == -1)
    groupCols = cols;
  if (groupRows < 1 || groupCols < 1)
    return Status::error(ErrorCode::BadGrouping,
                         "expected block grouping -1 or >= 1");
  if (rows % groupRows != 0 || cols % groupCols != 0)
    return Status::error(ErrorCode::GroupNotDivisible,
                         "scale tensor " + str(rows) + "x" + str(cols) +
                             " is not divisible by grouping " + str(groupRows) +
                             "x" + str(groupCols));
  for (int64_t i = 0; i < rows * cols; ++i)
    if (!std::isfinite(scales[i]) || !(scales[i] > 0.0f))
      return Status::error(ErrorCode::BadScale,
                           "expected finite positive scales, found " +
                               std::to_string(scales[i]) + " at index " +
                               str(i),
                           i);
  int64_t k = maxIntScale(bitwidth, decompressedBitwidth);
  int64_t gr = rows / groupRows, gc = cols / groupCols;
  pcs.assign(gr * gc, 0.0f);
  ints.assign(rows * cols, 0);
  std::vector<float> tile(groupRows * groupCols);
  std::vector<int32_t> tileInts(groupRows * groupCols);
  for (int64_t r = 0; r < gr; ++r)
    for (int64_t cgrp = 0; cgrp < gc; ++cgrp) {
      for (int64_t i = 0; i < groupRows; ++i)
        for (int64_t j = 0; j < groupCols; ++j)
          tile[i * groupCols + j] =
              scales[(r * groupRows + i) * cols + cgrp * groupCols + j];
      compressGroup(scheme, k, tile.data(), groupRows * groupCols, 1,
                    pcs[r * gc + cgrp], tileInts.data(), 1);
      for (int64_t i = 0; i < groupRows; ++i)
        for (int64_t j = 0; j < groupCols; ++j)
          ints[(r * groupRows + i) * cols + cgrp * groupCols + j] =
              tileInts[i * groupCols + j];
    }
  return Status::success();
}

//===----------------------------------------------------------------------===//
// Dequantization and packing
//===----------------------------------------------------------------------===//

namespace {
/// Calls fn(flatIndex, channel, block, channelBlockIndex) for every element,
/// where channelBlockIndex = channel * numBlocks + block.
template <typename Fn> void forEachElement(const Layout &layout, Fn fn) {
  Canonicalizer canon(layout);
  const int64_t perChannel = layout.numBlocks * layout.blockElements;
  canon.forEachRow([&](int64_t s, int64_t d, int64_t stride, int64_t len) {
    for (int64_t i = 0; i < len; ++i) {
      int64_t pos = d + i * stride;
      int64_t ch = pos / perChannel;
      int64_t blk = (pos % perChannel) / layout.blockElements;
      fn(s + i, ch, blk);
    }
  });
}
} // namespace

void mlir::lpbq::core::dequantize(const Encoding &enc, float *out) {
  forEachElement(enc.layout, [&](int64_t i, int64_t ch, int64_t blk) {
    out[i] = static_cast<float>(enc.values[i]) * enc.blockScale(ch, blk);
  });
}

void mlir::lpbq::core::dequantizePerChannel(const Encoding &enc, float *out) {
  const Layout &l = enc.layout;
  forEachElement(l, [&](int64_t i, int64_t ch, int64_t blk) {
    int32_t v = enc.values[i] * enc.intScales[ch * l.numBlocks + blk];
    out[i] = static_cast<float>(v) *
             enc.channelScales[ch * l.numGroups + blk / l.blocksPerGroup];
  });
}

void mlir::lpbq::core::decompressedValues(const Encoding &enc, int32_t *out) {
  const Layout &l = enc.layout;
  forEachElement(l, [&](int64_t i, int64_t ch, int64_t blk) {
    out[i] = enc.values[i] * enc.intScales[ch * l.numBlocks + blk];
  });
}

std::vector<uint8_t> mlir::lpbq::core::pack(const int8_t *values, int64_t count,
                                            int bitwidth) {
  std::vector<uint8_t> bytes(packedSize(count, bitwidth), 0);
  if (bitwidth == 4) {
    for (int64_t i = 0; i + 1 < count; i += 2)
      bytes[i / 2] = static_cast<uint8_t>((values[i] & 0xF) |
                                          ((values[i + 1] & 0xF) << 4));
    if (count % 2)
      bytes[count / 2] = static_cast<uint8_t>(values[count - 1] & 0xF);
    return bytes;
  }
  const uint32_t mask = (1u << bitwidth) - 1;
  for (int64_t i = 0; i < count; ++i) {
    uint32_t v = static_cast<uint32_t>(values[i]) & mask;
    int64_t bit = i * bitwidth;
    for (int b = 0; b < bitwidth; ++b, ++bit)
      if (v & (1u << b))
        bytes[bit / 8] |= static_cast<uint8_t>(1u << (bit % 8));
  }
  return bytes;
}

void mlir::lpbq::core::unpack(const uint8_t *bytes, int64_t count, int bitwidth,
                              int8_t *out) {
  if (bitwidth == 4) {
    for (int64_t i = 0; i < count; ++i) {
      int v = (bytes[i / 2] >> ((i % 2) * 4)) & 0xF;
      out[i] = static_cast<int8_t>(v >= 8 ? v - 16 : v);
    }
    return;
  }
  for (int64_t i = 0; i < count; ++i) {
    int64_t bit = i * bitwidth;
    int32_t v = 0;
    for (int b = 0; b < bitwidth; ++b, ++bit)
      v |= ((bytes[bit / 8] >> (bit % 8)) & 1) << b;
    if (v & (1 << (bitwidth - 1)))
      v -= 1 << bitwidth;
    out[i] = static_cast<int8_t>(v);
  }
}

//===----------------------------------------------------------------------===//
// Quality
//===----------------------------------------------------------------------===//

double mlir::lpbq::core::sqnrDb(const float *reference, const float *approx,
                                int64_t count) {
  double signal = 0, noise = 0;
  for (int64_t i = 0; i < count; ++i) {
    double r = reference[i], e = r - static_cast<double>(approx[i]);
    signal += r * r;
    noise += e * e;
  }
  if (noise == 0)
    return std::numeric_limits<double>::infinity();
  if (signal == 0)
    return -std::numeric_limits<double>::infinity();
  return 10.0 * std::log10(signal / noise);
}

Status mlir::lpbq::core::computeQuality(const float *data,
                                        const std::vector<int64_t> &shape,
                                        const Params &params, Quality &quality,
                                        const EncodeOptions &options) {
  Encoding enc;
  if (Status s = encode(data, shape, params, enc, options); !s)
    return s;
  const Layout &l = enc.layout;
  std::vector<float> approx(l.numElements);
  dequantize(enc, approx.data());
  quality.lpbqSqnrDb = sqnrDb(data, approx.data(), l.numElements);

  // Float-scale blockwise: the raw block scales, no compression.
  const int qmin = quantMin(params.scheme, params.bitwidth);
  const int qmax = quantMax(params.scheme, params.bitwidth);
  forEachElement(l, [&](int64_t i, int64_t ch, int64_t blk) {
    float s = enc.blockScales[ch * l.numBlocks + blk];
    int8_t q;
    quantizeBlock(params.scheme, data + i, 1, s, qmin, qmax, &q);
    approx[i] = static_cast<float>(q) * s;
  });
  quality.blockwiseSqnrDb = sqnrDb(data, approx.data(), l.numElements);

  // Per-channel at the same bitwidth: one block spanning the block axis.
  Params pc = params;
  pc.blockSize = shape[params.blockAxis];
  pc.blockGrouping = 1;
  Encoding encPc;
  if (Status s = encode(data, shape, pc, encPc, options); !s)
    return s;
  std::vector<float> blockScalesPc = encPc.blockScales;
  forEachElement(encPc.layout, [&](int64_t i, int64_t ch, int64_t) {
    float s = blockScalesPc[ch];
    int8_t q;
    quantizeBlock(params.scheme, data + i, 1, s, qmin, qmax, &q);
    approx[i] = static_cast<float>(q) * s;
  });
  quality.perChannelSqnrDb = sqnrDb(data, approx.data(), l.numElements);

  quality.bitsPerWeight =
      params.bitwidth +
      double(params.decompressedBitwidth - params.bitwidth) / l.blockElements +
      32.0 * double(l.numChannels * l.numGroups) / double(l.numElements);
  return Status::success();
}
