//===- CoreFuzzer.cpp - Fuzz the MLIR-free encoding core ------------------===//
//
// Interprets the input as a weight shape, encoding parameters and float
// values, and runs the whole core on it: computeLayout, encode (and
// encodeWithScales with the resulting scales), both dequantizations, the
// decompressed integers, pack/unpack, computeBlockScales, compressScales and
// computeQuality. Bad parameters must come back as Status errors; good ones
// must give encodings that satisfy LPBQ's invariants.
//
//===----------------------------------------------------------------------===//

#include "lpbq/Core/Encoding.h"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

using namespace mlir::lpbq::core;

namespace {

/// Reads the input front to back; zeros once exhausted.
struct Bytes {
  const uint8_t *data;
  size_t size, pos = 0;
  uint8_t u8() { return pos < size ? data[pos++] : 0; }
  int64_t i64() {
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i)
      v |= uint64_t(u8()) << (8 * i);
    return static_cast<int64_t>(v);
  }
  float f32() {
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i)
      v |= uint32_t(u8()) << (8 * i);
    float f;
    std::memcpy(&f, &v, 4);
    return f;
  }
};

[[noreturn]] void fail(const char *what) {
  std::fprintf(stderr, "lpbq core fuzz finding: %s\n", what);
  std::abort();
}

/// Small values mostly, any value sometimes: parameters near the valid
/// ranges are the interesting ones.
int64_t param(Bytes &in, int64_t lo, int64_t hi) {
  uint8_t sel = in.u8();
  if (sel < 240)
    return lo + sel % (hi - lo + 1);
  return in.i64();
}

void checkEncoding(const Encoding &enc) {
  const Params &p = enc.params;
  const Layout &l = enc.layout;
  const int64_t k = maxIntScale(p.bitwidth, p.decompressedBitwidth);
  const int qmin = quantMin(p.scheme, p.bitwidth),
            qmax = quantMax(p.scheme, p.bitwidth);
  if ((int64_t)enc.values.size() != l.numElements ||
      (int64_t)enc.intScales.size() != l.numChannels * l.numBlocks ||
      (int64_t)enc.channelScales.size() != l.numChannels * l.numGroups)
    fail("encoding buffers of the wrong size");
  for (int8_t q : enc.values)
    if (q < qmin || q > qmax)
      fail("quantized value outside [qmin, qmax]");
  for (int32_t i : enc.intScales)
    if (i < 1 || i > k)
      fail("integer scale outside [1, K]");
  for (float s : enc.channelScales)
    if (!std::isfinite(s) || !(s > 0.0f))
      fail("channel scale not finite and positive");

  std::vector<int32_t> ints(l.numElements);
  decompressedValues(enc, ints.data());
  const int64_t dmax = (int64_t(1) << (p.decompressedBitwidth - 1)) - 1;
  for (int32_t v : ints)
    if (v < -dmax - 1 || v > dmax)
      fail("decompressed value does not fit decompressed_bitwidth bits");
  std::vector<float> out(l.numElements);
  dequantize(enc, out.data());
  dequantizePerChannel(enc, out.data());

  std::vector<uint8_t> packed =
      pack(enc.values.data(), l.numElements, p.bitwidth);
  if ((int64_t)packed.size() != packedSize(l.numElements, p.bitwidth))
    fail("packed size");
  std::vector<int8_t> unpacked(l.numElements);
  unpack(packed.data(), l.numElements, p.bitwidth, unpacked.data());
  if (unpacked != enc.values)
    fail("unpack(pack(values)) != values");
}

/// unpack and pack on arbitrary bytes (the input's tail): values in range,
/// and packing them again gives the same bits.
void checkUnpackArbitrary(const uint8_t *data, size_t size) {
  const size_t tail = size < 64 ? size : 64;
  const uint8_t *bytes = data + size - tail;
  const int bw = 2 + static_cast<int>(size % 7);
  const int64_t count = static_cast<int64_t>(tail) * 8 / bw;
  std::vector<int8_t> values(count);
  unpack(bytes, count, bw, values.data());
  for (int8_t v : values)
    if (v < -(1 << (bw - 1)) || v >= (1 << (bw - 1)))
      fail("unpack gives a value outside the bitwidth's range");
  std::vector<uint8_t> again = pack(values.data(), count, bw);
  for (int64_t bit = 0; bit < count * bw; ++bit)
    if (((again[bit / 8] ^ bytes[bit / 8]) >> (bit % 8)) & 1)
      fail("pack(unpack(bytes)) != bytes");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  checkUnpackArbitrary(data, size);
  Bytes in{data, size};
  Params p;
  p.bitwidth = static_cast<int>(param(in, 1, 9));
  p.decompressedBitwidth = static_cast<int>(param(in, p.bitwidth, 17));
  p.blockSize = param(in, 0, 8);
  int64_t g = param(in, 0, 4);
  p.blockGrouping = g == 0 ? -1 : g;
  p.scheme = static_cast<Scheme>(in.u8() % 3);
  p.symmetric = in.u8() != 255;
  int rank = static_cast<int>(param(in, 1, 5));
  p.channelAxis = static_cast<int>(param(in, 0, 4));
  p.blockAxis = static_cast<int>(param(in, 0, 4));
  int numBatch = in.u8() % 3;
  for (int i = 0; i < numBatch; ++i)
    p.batchAxes.push_back(static_cast<int>(param(in, 0, 4)));
  std::vector<int64_t> shape;
  for (int i = 0; i < rank && i < 8; ++i)
    shape.push_back(param(in, 0, 16));

  Layout layout;
  Status st = computeLayout(shape, p, layout);
  if (!st) {
    if (st.message.empty())
      fail("an error Status without a message");
    return 0;
  }
  // Only shapes small enough to materialize are encoded.
  if (layout.numElements > (1 << 14))
    return 0;

  // Values: from the input (any bit pattern, NaN and Inf included), else a
  // small ramp, scaled by an input-chosen power of two.
  std::vector<float> w(layout.numElements);
  int exp = static_cast<int>(in.u8() % 64) - 32;
  bool raw = in.u8() % 4 == 0;
  for (int64_t i = 0; i < layout.numElements; ++i) {
    if (raw)
      w[i] = in.f32();
    else
      w[i] = std::ldexp(static_cast<float>(static_cast<int8_t>(in.u8())) +
                            0.25f * static_cast<float>(i % 7),
                        exp);
  }

  EncodeOptions opts;
  opts.numThreads = 1 + in.u8() % 2;
  Encoding enc;
  st = encode(w.data(), shape, p, enc, opts);
  std::vector<float> blockScales;
  Status bs = computeBlockScales(w.data(), shape, p, blockScales);
  if (st.ok() != bs.ok())
    fail("encode and computeBlockScales disagree on success");
  if (!st) {
    if (st.message.empty())
      fail("an error Status without a message");
    return 0;
  }
  if (blockScales != enc.blockScales)
    fail("computeBlockScales differs from encode's block scales");
  checkEncoding(enc);

  // Re-quantizing with the encoding's own scales gives the same values.
  Encoding again;
  st = encodeWithScales(w.data(), shape, p, enc.channelScales, enc.intScales,
                        again, opts);
  if (!st)
    fail("encodeWithScales rejects encode's own scales");
  if (again.values != enc.values)
    fail("encodeWithScales(encode's scales) gives different values");

  // Supplied scales from the input: errors or a valid encoding.
  std::vector<float> pcs(enc.channelScales.size());
  std::vector<int32_t> ints(enc.intScales.size());
  for (float &s : pcs)
    s = in.f32();
  for (int32_t &i : ints)
    i = static_cast<int32_t>(param(in, 0, 20));
  Encoding given;
  if (encodeWithScales(w.data(), shape, p, pcs, ints, given, opts))
    checkEncoding(given);

  Quality q;
  if (!computeQuality(w.data(), shape, p, q, opts))
    fail("computeQuality fails on an encodable weight");

  // Tuple grouping of the raw block scales (AIMET's general form).
  std::vector<float> cpcs;
  std::vector<int32_t> cints;
  int64_t gr = param(in, 0, 4), gc = param(in, 0, 4);
  (void)compressScales(blockScales.data(), layout.numChannels, layout.numBlocks,
                       gr == 0 ? -1 : gr, gc == 0 ? -1 : gc, p.bitwidth,
                       p.decompressedBitwidth, p.scheme, cpcs, cints);
  return 0;
}
