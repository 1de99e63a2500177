//===- lpbq-bench.cpp - Benchmarks of the LPBQ encoding core --------------===//
//
// Prints one JSON object per measurement (median of repeated runs):
//   {"bench": "encode", "shape": [14336, 4096], "threads": 1,
//    "seconds": ..., "gweights_per_s": ...}
// and a streaming-read bandwidth figure of the machine measured in the same
// run. bench/run.py drives it, times the numpy reference on the same data
// and prints ratios.
//
//===----------------------------------------------------------------------===//

#include "BenchUtils.h"
#include "lpbq/Core/Encoding.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <thread>
#include <vector>

using namespace mlir::lpbq::core;
using lpbq_bench::medianSeconds;

namespace {

std::vector<float> makeWeight(int64_t rows, int64_t cols) {
  std::vector<float> w(rows * cols);
  std::mt19937 rng(42);
  std::normal_distribution<float> dist(0.f, 0.02f);
  for (float &v : w)
    v = dist(rng);
  return w;
}

/// Sum over a buffer much larger than the last-level cache.
double readBandwidth(int repeats) {
  const size_t n = size_t(1) << 28; // 1 GiB of floats
  std::vector<float> buf(n, 1.0f);
  volatile float sink = 0;
  double s = medianSeconds(repeats, [&] {
    float acc[16] = {0};
    for (size_t i = 0; i < n; i += 16)
      for (int j = 0; j < 16; ++j)
        acc[j] += buf[i + j];
    float total = 0;
    for (float a : acc)
      total += a;
    sink = total;
  });
  (void)sink;
  return n * sizeof(float) / s / 1e9;
}
} // namespace

int main(int argc, char **argv) {
  int repeats = 5;
  std::vector<std::pair<int64_t, int64_t>> shapes = {{4096, 4096},
                                                     {14336, 4096}};
  bool bandwidth = true;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--repeats" && i + 1 < argc)
      repeats = std::atoi(argv[++i]);
    else if (a == "--small")
      shapes = {{512, 1024}};
    else if (a == "--no-bandwidth")
      bandwidth = false;
    else {
      std::fprintf(stderr, "usage: lpbq-bench [--repeats N] [--small] "
                           "[--no-bandwidth]\n");
      return 1;
    }
  }
  unsigned hw = std::max(1u, std::thread::hardware_concurrency());
  if (bandwidth)
    std::printf("{\"bench\": \"read_bandwidth\", \"gbytes_per_s\": %.3f}\n",
                readBandwidth(repeats));
  for (auto [rows, cols] : shapes) {
    std::vector<float> w = makeWeight(rows, cols);
    Params p;
    p.blockSize = 64;
    p.channelAxis = 0;
    p.blockAxis = 1;
    for (unsigned threads : {1u, hw}) {
      Encoding enc;
      EncodeOptions o;
      o.numThreads = threads;
      Status st = encode(w.data(), {rows, cols}, p, enc, o); // warm-up
      if (!st) {
        std::fprintf(stderr, "error: %s\n", st.message.c_str());
        return 1;
      }
      double s = medianSeconds(repeats, [&] {
        encode(w.data(), {rows, cols}, p, enc, o);
      });
      std::printf("{\"bench\": \"encode\", \"shape\": [%lld, %lld], "
                  "\"threads\": %u, \"seconds\": %.6f, "
                  "\"gweights_per_s\": %.4f}\n",
                  (long long)rows, (long long)cols, threads, s,
                  rows * cols / s / 1e9);
      std::fflush(stdout);
      if (hw == 1)
        break;
    }
  }
  return 0;
}
