//===- BenchUtils.h - Shared timing helper of the benchmarks ----*- C++ -*-===//

#ifndef LPBQ_BENCH_BENCHUTILS_H
#define LPBQ_BENCH_BENCHUTILS_H

#include <algorithm>
#include <chrono>
#include <vector>

namespace lpbq_bench {
/// Median wall time of `repeats` calls of `fn`, in seconds.
template <typename Fn> double medianSeconds(int repeats, Fn fn) {
  using Clock = std::chrono::steady_clock;
  std::vector<double> t;
  for (int i = 0; i < repeats; ++i) {
    auto start = Clock::now();
    fn();
    t.push_back(std::chrono::duration<double>(Clock::now() - start).count());
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}
} // namespace lpbq_bench

#endif // LPBQ_BENCH_BENCHUTILS_H
