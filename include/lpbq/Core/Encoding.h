//===- Encoding.h - MLIR-free LPBQ encoding math ----------------*- C++ -*-===//
//
// The numeric heart of lpbq: block scales, scale compression, quantization,
// packing, dequantization and quality figures for Low-Power Blockwise
// Quantization. Plain C++17, no MLIR or LLVM dependency, so that it can be
// embedded anywhere (the MLIR dialect, the C API, benchmarks, fuzzers).
//
// Layout model. A weight of any rank has one output-channel axis, one blocked
// (reduction) axis, optional batch axes (which index independent channels,
// e.g. the batch of a batch_matmul) and "window" axes (every other axis, e.g.
// a conv kernel window) that a block spans whole. A block is `blockSize`
// consecutive indices of the block axis times all window axes, for one
// (batch..., channel) index. Channels are numbered row-major over the batch
// axes (in increasing axis order) then the channel axis; blocks along the
// block axis. Per-block tensors are [numChannels, numBlocks]; per-group
// tensors are [numChannels, numGroups].
//
//===----------------------------------------------------------------------===//

#ifndef LPBQ_CORE_ENCODING_H
#define LPBQ_CORE_ENCODING_H

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mlir {
namespace lpbq {
namespace core {

/// How raw block scales are computed and values are rounded.
enum class Scheme {
  /// aimet_torch v2 (default): float32 min/max encoding analyzer, bit-exact.
  AimetTorch,
  /// aimet_onnx: float64 absmax scales, round-half-away quantization.
  AimetOnnx,
  /// ExecuTorch Qualcomm backend 16a4w_block: weights in [-7, 7].
  Executorch,
};

std::optional<Scheme> parseScheme(std::string_view name);
const char *schemeName(Scheme scheme);

/// The distinct failures of the core; the MLIR layer turns each into a
/// located diagnostic.
enum class ErrorCode {
  Ok = 0,
  NonFinite,               ///< NaN or Inf in the weight (index = flat index).
  EmptyTensor,             ///< A dimension is zero or the rank is zero.
  AxisOutOfRange,          ///< channel/block/batch axis not in [0, rank).
  AxesNotDistinct,         ///< Two of the axes coincide.
  BlockNotDivisible,       ///< Block axis size not divisible by the block size.
  GroupNotDivisible,       ///< Number of blocks not divisible by the grouping.
  BadBlockSize,            ///< Block size < 1.
  BadGrouping,             ///< Grouping neither -1 nor >= 1.
  BadBitwidth,             ///< bw < 2 or bw > 8.
  BadDecompressedBitwidth, ///< dbw <= bw or dbw > 16.
  Asymmetric,              ///< Asymmetric quantization requested.
  BadScale,                ///< A supplied scale is not finite and > 0.
  BadIntScale,   ///< A supplied integer scale is outside [1, 2^(dbw-bw)].
  ShapeMismatch, ///< A supplied buffer has the wrong size.
  ScaleOverflow, ///< A block scale is not finite (|weight| near FLT_MAX).
  TooLarge,      ///< More than kMaxElements elements.
};

/// The largest number of elements of a weight: its byte and bit counts
/// (up to 32 bits per element) must fit int64_t.
constexpr int64_t kMaxElements = int64_t(1) << 58;

struct Status {
  ErrorCode code = ErrorCode::Ok;
  std::string message;
  int64_t index = -1; ///< Flat element index where relevant, else -1.

  bool ok() const { return code == ErrorCode::Ok; }
  explicit operator bool() const { return ok(); }
  static Status success() { return {}; }
  static Status error(ErrorCode code, std::string message, int64_t index = -1) {
    return Status{code, std::move(message), index};
  }
};

/// The parameters of one LPBQ encoding (AIMET's
/// set_grouped_blockwise_quantization_for_weights arguments plus the layout).
struct Params {
  int bitwidth = 4;
  int decompressedBitwidth = 8;
  int64_t blockSize = 64;
  /// -1: one group spans all blocks of a channel (LPBQ); 1: plain blockwise;
  /// g > 1: groups of g consecutive blocks.
  int64_t blockGrouping = -1;
  int channelAxis = 0;
  int blockAxis = 1;
  std::vector<int> batchAxes;
  Scheme scheme = Scheme::AimetTorch;
  bool symmetric = true;
};

/// Checks the parameters alone (no shape).
Status validateParams(const Params &params);

/// The derived geometry of a weight under an encoding.
struct Layout {
  std::vector<int64_t> shape;
  int64_t numElements = 0;
  int64_t numChannels = 0;   ///< product of batch dims and the channel dim
  int64_t numBlocks = 0;     ///< blocks per channel
  int64_t blockElements = 0; ///< elements per block
  int64_t numGroups = 0;     ///< groups per channel
  int64_t blocksPerGroup = 0;
  int64_t windowElements = 0; ///< product of the window dims

  /// Shape of the per-block tensor, [batch dims..., channel dim, numBlocks],
  /// and of the per-group tensor, [batch dims..., channel dim, numGroups].
  std::vector<int64_t> blockScaleShape() const;
  std::vector<int64_t> groupScaleShape() const;

  std::vector<int> batchAxes;
  int channelAxis = 0;
  int blockAxis = 1;
};

/// Validates `shape` against `params` and computes the layout.
Status computeLayout(const std::vector<int64_t> &shape, const Params &params,
                     Layout &layout);

/// Integer range of quantized values for a scheme and bitwidth.
int quantMin(Scheme scheme, int bitwidth);
int quantMax(Scheme scheme, int bitwidth);
/// K = 2^(dbw - bw): the largest integer block scale.
int64_t maxIntScale(int bitwidth, int decompressedBitwidth);

/// The full LPBQ encoding of one weight.
struct Encoding {
  Params params;
  Layout layout;
  std::vector<float> blockScales;   ///< raw s_b, [numChannels, numBlocks]
  std::vector<float> channelScales; ///< pcs, [numChannels, numGroups]
  std::vector<int32_t> intScales;   ///< i_b in [1, K], [numChannels, numBlocks]
  std::vector<int8_t> values;       ///< q, in the weight's own layout

  /// S_b = i_b * pcs (float32 product).
  float blockScale(int64_t channel, int64_t block) const {
    return static_cast<float>(intScales[channel * layout.numBlocks + block]) *
           channelScales[channel * layout.numGroups +
                         block / layout.blocksPerGroup];
  }
};

struct EncodeOptions {
  /// Worker threads; 0 = all hardware threads, 1 = the calling thread only.
  unsigned numThreads = 0;
};

/// Computes the whole encoding (block scales, compression, quantization) of a
/// float32 weight in row-major order.
Status encode(const float *data, const std::vector<int64_t> &shape,
              const Params &params, Encoding &out,
              const EncodeOptions &options = {});

/// Re-quantizes a weight with externally supplied compressed scales (e.g. an
/// imported encodings file): `out.channelScales` and `out.intScales` are
/// taken from the arguments and only the values are computed.
Status encodeWithScales(const float *data, const std::vector<int64_t> &shape,
                        const Params &params,
                        const std::vector<float> &channelScales,
                        const std::vector<int32_t> &intScales, Encoding &out,
                        const EncodeOptions &options = {});

/// Scale compression alone, on a [rows, cols] tensor of raw block scales
/// grouped in tiles of groupRows x groupCols (AIMET's tuple block_grouping;
/// LPBQ uses groupRows = 1). -1 means the whole dimension. Writes pcs as
/// [rows/groupRows, cols/groupCols] and ints as [rows, cols].
Status compressScales(const float *scales, int64_t rows, int64_t cols,
                      int64_t groupRows, int64_t groupCols, int bitwidth,
                      int decompressedBitwidth, Scheme scheme,
                      std::vector<float> &pcs, std::vector<int32_t> &ints);

/// Raw block scales alone (first stage of encode), [numChannels, numBlocks].
Status computeBlockScales(const float *data, const std::vector<int64_t> &shape,
                          const Params &params, std::vector<float> &scales);

/// Dequantizes as q * S_b (the blockwise view) into `out` (weight layout).
void dequantize(const Encoding &enc, float *out);
/// Dequantizes as fl(q * i_b) * pcs (what per-channel kernels compute).
void dequantizePerChannel(const Encoding &enc, float *out);
/// The decompressed per-channel integers q * i_b (weight layout); they fit a
/// signed decompressedBitwidth-bit integer.
void decompressedValues(const Encoding &enc, int32_t *out);

/// Packs bw-bit two's complement values into a little-endian bit stream:
/// element i occupies bits [i*bw, (i+1)*bw); for bw = 4, element 0 is the
/// low nibble of byte 0. `bitwidth` must be in [2, 8]; `unpack` reads
/// packedSize(count, bitwidth) bytes.
std::vector<uint8_t> pack(const int8_t *values, int64_t count, int bitwidth);
void unpack(const uint8_t *bytes, int64_t count, int bitwidth, int8_t *out);
inline int64_t packedSize(int64_t count, int bitwidth) {
  return (count * bitwidth + 7) / 8;
}

/// Signal-to-quantization-noise ratio in dB (infinity when exact).
double sqnrDb(const float *reference, const float *approx, int64_t count);

/// Quality of LPBQ against its two natural baselines on the same weight.
struct Quality {
  double lpbqSqnrDb = 0;       ///< LPBQ as configured
  double blockwiseSqnrDb = 0;  ///< float-scale blockwise (S_b = s_b)
  double perChannelSqnrDb = 0; ///< per-channel at `bitwidth` bits
  double bitsPerWeight = 0;    ///< storage of the LPBQ weight
};
Status computeQuality(const float *data, const std::vector<int64_t> &shape,
                      const Params &params, Quality &quality,
                      const EncodeOptions &options = {});

} // namespace core
} // namespace lpbq
} // namespace mlir

#endif // LPBQ_CORE_ENCODING_H
