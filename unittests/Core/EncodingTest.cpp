//===- EncodingTest.cpp - Unit tests of the LPBQ encoding core ------------===//

#include "lpbq/Core/Encoding.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>

using namespace mlir::lpbq::core;

namespace {

uint32_t bits(float f) {
  uint32_t b;
  std::memcpy(&b, &f, 4);
  return b;
}

Params params2d(int64_t blockSize, int64_t grouping = -1) {
  Params p;
  p.blockSize = blockSize;
  p.blockGrouping = grouping;
  p.channelAxis = 0;
  p.blockAxis = 1;
  return p;
}

// Spec section 5, first vector: AIMET's tuple grouping (2, 1) on a
// [2 channels, 3 blocks] scale tensor.
TEST(CompressScales, TupleGroupingAcrossChannels) {
  std::vector<float> s = {16.f, 1.6f, .16f, .12f, 1.111f, .033f};
  std::vector<float> pcs;
  std::vector<int32_t> ints;
  ASSERT_TRUE(
      compressScales(s.data(), 2, 3, 2, 1, 4, 8, Scheme::AimetTorch, pcs, ints)
          .ok());
  EXPECT_EQ(pcs, (std::vector<float>{1.f, .1f, .01f}));
  EXPECT_EQ(ints, (std::vector<int32_t>{16, 16, 16, 1, 11, 3}));
}

// Spec section 5, second vector: grouping per row.
TEST(CompressScales, PerRow) {
  std::vector<float> s = {1.6f, 1.1222f, 1e-5f, 16.f, 2.56f, 4.9f};
  std::vector<float> pcs;
  std::vector<int32_t> ints;
  ASSERT_TRUE(
      compressScales(s.data(), 2, 3, 1, -1, 4, 8, Scheme::AimetTorch, pcs, ints)
          .ok());
  EXPECT_EQ(pcs, (std::vector<float>{1.6f / 16.f, 1.f}));
  EXPECT_EQ(ints, (std::vector<int32_t>{16, 11, 1, 16, 3, 5}));
}

// Spec section 5, third vector: the full aimet-torch path.
TEST(Encode, SpecWeight2x8) {
  std::vector<float> w = {0.7f,  -0.35f, 0.1f,  0.f,  0.07f, -0.02f,
                          0.03f, 0.01f,  -1.6f, 0.8f, 0.4f,  0.2f,
                          0.f,   0.f,    0.f,   0.f};
  Encoding enc;
  ASSERT_TRUE(encode(w.data(), {2, 8}, params2d(4), enc).ok());
  EXPECT_EQ(enc.intScales, (std::vector<int32_t>{16, 2, 16, 1}));
  EXPECT_EQ(bits(enc.channelScales[0]), bits(0.00625f));
  EXPECT_EQ(bits(enc.channelScales[1]), bits(0.0125f));
  EXPECT_EQ(enc.values, (std::vector<int8_t>{7, -4, 1, 0, 6, -2, 2, 1, -8, 4, 2,
                                             1, 0, 0, 0, 0}));
  // Per-channel view: integers q * i_b fit int8.
  std::vector<int32_t> dec(16);
  decompressedValues(enc, dec.data());
  EXPECT_EQ(dec[0], 112);
  EXPECT_EQ(dec[8], -128);
}

TEST(Encode, TransposedLayoutMatchesCanonical) {
  // [K, N] with channel axis 1 must equal [N, K] with channel axis 0.
  std::mt19937 rng(7);
  std::normal_distribution<float> dist;
  const int64_t n = 6, k = 32;
  std::vector<float> nk(n * k), kn(k * n);
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < k; ++j)
      kn[j * n + i] = nk[i * k + j] = dist(rng);
  Encoding a, b;
  ASSERT_TRUE(encode(nk.data(), {n, k}, params2d(8), a).ok());
  Params p = params2d(8);
  p.channelAxis = 1;
  p.blockAxis = 0;
  ASSERT_TRUE(encode(kn.data(), {k, n}, p, b).ok());
  EXPECT_EQ(a.intScales, b.intScales);
  EXPECT_EQ(a.channelScales, b.channelScales);
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < k; ++j)
      ASSERT_EQ(a.values[i * k + j], b.values[j * n + i]);
}

TEST(Encode, ThreadsDoNotChangeResults) {
  std::mt19937 rng(11);
  std::cauchy_distribution<float> dist;
  const int64_t n = 512, k = 1024;
  std::vector<float> w(n * k);
  for (float &v : w)
    v = dist(rng);
  Encoding one, many;
  EncodeOptions o1, o4;
  o1.numThreads = 1;
  o4.numThreads = 4;
  ASSERT_TRUE(encode(w.data(), {n, k}, params2d(64), one, o1).ok());
  ASSERT_TRUE(encode(w.data(), {n, k}, params2d(64), many, o4).ok());
  EXPECT_EQ(one.values, many.values);
  EXPECT_EQ(one.intScales, many.intScales);
  EXPECT_EQ(one.channelScales, many.channelScales);
}

TEST(Encode, AllZeroChannel) {
  std::vector<float> w(2 * 8, 0.f);
  w[0] = 1.f;
  Encoding enc;
  ASSERT_TRUE(encode(w.data(), {2, 8}, params2d(4), enc).ok());
  EXPECT_EQ(bits(enc.channelScales[1]), bits(std::ldexp(1.f, -27)));
  EXPECT_EQ(enc.intScales[2], 16);
  EXPECT_EQ(enc.intScales[3], 16);
  // An all-zero block in a non-zero channel gets i_b = 1.
  EXPECT_EQ(enc.intScales[1], 1);
}

TEST(Encode, ConvWindowIsInsideTheBlock) {
  // [F, C, KH, KW] = [2, 4, 3, 3], block size 2: a block is 2 channels x 9.
  std::vector<float> w(2 * 4 * 9);
  for (size_t i = 0; i < w.size(); ++i)
    w[i] = float(i % 7) - 3.f;
  Encoding enc;
  ASSERT_TRUE(encode(w.data(), {2, 4, 3, 3}, params2d(2), enc).ok());
  EXPECT_EQ(enc.layout.numBlocks, 2);
  EXPECT_EQ(enc.layout.blockElements, 18);
  EXPECT_EQ(enc.layout.blockScaleShape(), (std::vector<int64_t>{2, 2}));
}

TEST(Encode, BatchAxesAreIndependentChannels) {
  Params p;
  p.blockSize = 4;
  p.channelAxis = 2;
  p.blockAxis = 1;
  p.batchAxes = {0};
  std::vector<float> w(3 * 8 * 5, 1.f);
  Layout l;
  ASSERT_TRUE(computeLayout({3, 8, 5}, p, l).ok());
  EXPECT_EQ(l.numChannels, 15);
  EXPECT_EQ(l.blockScaleShape(), (std::vector<int64_t>{3, 5, 2}));
  Encoding enc;
  ASSERT_TRUE(encode(w.data(), {3, 8, 5}, p, enc).ok());
  for (int8_t q : enc.values)
    EXPECT_EQ(q, 7);
}

TEST(Encode, Errors) {
  std::vector<float> w(16, 1.f);
  Encoding enc;
  w[13] = std::numeric_limits<float>::quiet_NaN();
  Status s = encode(w.data(), {2, 8}, params2d(4), enc);
  EXPECT_EQ(s.code, ErrorCode::NonFinite);
  EXPECT_EQ(s.index, 13);
  EXPECT_NE(s.message.find("flat index 13"), std::string::npos);
  w[13] = 1.f;
  EXPECT_EQ(encode(w.data(), {2, 8}, params2d(3), enc).code,
            ErrorCode::BlockNotDivisible);
  EXPECT_EQ(encode(w.data(), {2, 8}, params2d(2, 3), enc).code,
            ErrorCode::GroupNotDivisible);
  Params p = params2d(4);
  p.decompressedBitwidth = 4;
  EXPECT_EQ(encode(w.data(), {2, 8}, p, enc).code,
            ErrorCode::BadDecompressedBitwidth);
  p = params2d(4);
  p.decompressedBitwidth = 17;
  EXPECT_EQ(encode(w.data(), {2, 8}, p, enc).code,
            ErrorCode::BadDecompressedBitwidth);
  p = params2d(4);
  p.bitwidth = 1;
  EXPECT_EQ(encode(w.data(), {2, 8}, p, enc).code, ErrorCode::BadBitwidth);
  p = params2d(4);
  p.channelAxis = 2;
  EXPECT_EQ(encode(w.data(), {2, 8}, p, enc).code, ErrorCode::AxisOutOfRange);
  p = params2d(4);
  p.symmetric = false;
  EXPECT_EQ(encode(w.data(), {2, 8}, p, enc).code, ErrorCode::Asymmetric);
  EXPECT_EQ(encode(w.data(), {2, 0}, params2d(4), enc).code,
            ErrorCode::EmptyTensor);
  w[9] = 3e38f;
  EXPECT_EQ(encode(w.data(), {2, 8}, params2d(4), enc).code,
            ErrorCode::ScaleOverflow);
}

TEST(Layout, ElementCountOverflow) {
  // 2^62 * 8 elements overflow int64_t: an error, not a wrapped count (the
  // data is never read).
  Layout layout;
  Status s = computeLayout({int64_t(1) << 62, 8}, params2d(4), layout);
  EXPECT_EQ(s.code, ErrorCode::TooLarge);
  EXPECT_NE(s.message.find("found shape 4611686018427387904x8"),
            std::string::npos);
  s = computeLayout({int64_t(1) << 29, int64_t(1) << 29, 4}, params2d(4),
                    layout);
  EXPECT_EQ(s.code, ErrorCode::TooLarge);
  // kMaxElements itself is fine.
  EXPECT_TRUE(computeLayout({kMaxElements / 4, 4}, params2d(4), layout).ok());
  EXPECT_EQ(layout.numElements, kMaxElements);
}

TEST(Pack, RoundTripAllBitwidths) {
  std::mt19937 rng(3);
  for (int bw = 2; bw <= 8; ++bw) {
    std::uniform_int_distribution<int> dist(-(1 << (bw - 1)),
                                            (1 << (bw - 1)) - 1);
    for (int64_t n : {1, 2, 7, 64, 129}) {
      std::vector<int8_t> v(n), back(n);
      for (int8_t &x : v)
        x = static_cast<int8_t>(dist(rng));
      std::vector<uint8_t> bytes = pack(v.data(), n, bw);
      ASSERT_EQ(static_cast<int64_t>(bytes.size()), packedSize(n, bw));
      unpack(bytes.data(), n, bw, back.data());
      EXPECT_EQ(v, back) << "bw " << bw << " n " << n;
    }
  }
  // Element 0 in the low nibble.
  int8_t v[2] = {7, -4};
  EXPECT_EQ(pack(v, 2, 4)[0], 0xC7);
}

TEST(Quality, LpbqBetweenPerChannelAndBlockwise) {
  std::mt19937 rng(5);
  std::student_t_distribution<float> dist(3.f);
  std::vector<float> w(64 * 256);
  for (float &v : w)
    v = dist(rng);
  Quality q;
  ASSERT_TRUE(computeQuality(w.data(), {64, 256}, params2d(64), q).ok());
  EXPECT_GT(q.blockwiseSqnrDb, q.perChannelSqnrDb);
  EXPECT_GE(q.blockwiseSqnrDb + 1e-9, q.lpbqSqnrDb - 0.5);
  EXPECT_GT(q.lpbqSqnrDb, q.perChannelSqnrDb);
  EXPECT_NEAR(q.bitsPerWeight, 4.0 + 4.0 / 64 + 32.0 / 256, 1e-12);
}

} // namespace
