//===- lpbq-encode.cpp - Encode raw float32 weights with the LPBQ core ----===//
//
// A small command-line front end of the MLIR-free core, used to compare the
// C++ implementation with the numpy reference bit for bit.
//
//   lpbq-encode --input X.f32 --shape 16,64 --channel-axis 0 --block-axis 1
//               [--batch-axes 0] --block-size 8 --bitwidth 4
//               --decompressed-bitwidth 8 --block-grouping -1
//               --scheme aimet-torch --output-dir DIR
//   lpbq-encode --batch FILE     (one such command line per line)
//
// Writes block_scales.f32, pcs.f32, int_scales.i32 (per-block/per-group
// tensors), q.i8, dequant.f32 and dequant_pc.f32 (weight layout) into DIR.
//
//===----------------------------------------------------------------------===//

#include "lpbq/Core/Encoding.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

using namespace mlir::lpbq::core;

namespace {
struct Job {
  std::string input, outputDir;
  std::vector<int64_t> shape;
  Params params;
  unsigned threads = 1;
};

bool parseInt(const std::string &s, int64_t &v) {
  if (s.empty())
    return false;
  char *end = nullptr;
  errno = 0;
  long long r = std::strtoll(s.c_str(), &end, 10);
  if (errno || *end != '\0')
    return false;
  v = r;
  return true;
}

bool parseList(const std::string &s, std::vector<int64_t> &out) {
  out.clear();
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ',')) {
    int64_t v;
    if (!parseInt(item, v))
      return false;
    out.push_back(v);
  }
  return true;
}

bool parseArgs(const std::vector<std::string> &args, Job &job,
               std::string &err) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string &a = args[i];
    if (i + 1 >= args.size()) {
      err = "missing value for " + a;
      return false;
    }
    const std::string &v = args[++i];
    int64_t n = 0;
    std::vector<int64_t> list;
    auto needInt = [&]() {
      if (!parseInt(v, n)) {
        err = "expected an integer for " + a + ", found '" + v + "'";
        return false;
      }
      return true;
    };
    if (a == "--input") {
      job.input = v;
    } else if (a == "--output-dir") {
      job.outputDir = v;
    } else if (a == "--shape") {
      if (!parseList(v, job.shape)) {
        err = "expected a comma-separated shape, found '" + v + "'";
        return false;
      }
    } else if (a == "--batch-axes") {
      if (!parseList(v, list)) {
        err = "expected comma-separated batch axes, found '" + v + "'";
        return false;
      }
      job.params.batchAxes.assign(list.begin(), list.end());
    } else if (a == "--channel-axis") {
      if (!needInt())
        return false;
      job.params.channelAxis = static_cast<int>(n);
    } else if (a == "--block-axis") {
      if (!needInt())
        return false;
      job.params.blockAxis = static_cast<int>(n);
    } else if (a == "--block-size") {
      if (!needInt())
        return false;
      job.params.blockSize = n;
    } else if (a == "--bitwidth") {
      if (!needInt())
        return false;
      job.params.bitwidth = static_cast<int>(n);
    } else if (a == "--decompressed-bitwidth") {
      if (!needInt())
        return false;
      job.params.decompressedBitwidth = static_cast<int>(n);
    } else if (a == "--block-grouping") {
      if (!needInt())
        return false;
      job.params.blockGrouping = n;
    } else if (a == "--threads") {
      if (!needInt())
        return false;
      job.threads = static_cast<unsigned>(n);
    } else if (a == "--scheme") {
      auto s = parseScheme(v);
      if (!s) {
        err = "unknown scheme '" + v +
              "' (expected aimet-torch, aimet-onnx or executorch)";
        return false;
      }
      job.params.scheme = *s;
    } else {
      err = "unknown option " + a;
      return false;
    }
  }
  if (job.input.empty() || job.outputDir.empty() || job.shape.empty()) {
    err = "--input, --shape and --output-dir are required";
    return false;
  }
  return true;
}

template <typename T>
bool writeFile(const std::string &path, const T *data, size_t count) {
  std::ofstream f(path, std::ios::binary);
  f.write(reinterpret_cast<const char *>(data), count * sizeof(T));
  return static_cast<bool>(f);
}

bool run(const Job &job, std::string &err) {
  // The shape and parameters first: they bound the element count (no
  // overflow, no negative or zero dimensions).
  Layout layout;
  if (Status st = computeLayout(job.shape, job.params, layout); !st) {
    err = st.message;
    return false;
  }
  const int64_t n = layout.numElements;
  std::ifstream in(job.input, std::ios::binary | std::ios::ate);
  if (!in) {
    err = "cannot open " + job.input;
    return false;
  }
  // The file size before allocating: a shape may ask for more than memory.
  const std::streamoff size = in.tellg();
  if (size != static_cast<std::streamoff>(n) * 4) {
    err = "expected exactly " + std::to_string(n * 4) + " bytes in " +
          job.input + " for the given shape, found " + std::to_string(size);
    return false;
  }
  in.seekg(0);
  std::vector<float> data(n);
  in.read(reinterpret_cast<char *>(data.data()), n * sizeof(float));
  if (in.gcount() != static_cast<std::streamsize>(n * sizeof(float))) {
    err = "cannot read " + job.input;
    return false;
  }
  Encoding enc;
  EncodeOptions opts;
  opts.numThreads = job.threads;
  Status st = encode(data.data(), job.shape, job.params, enc, opts);
  if (!st) {
    err = st.message;
    return false;
  }
  std::vector<float> dq(n), dqpc(n);
  dequantize(enc, dq.data());
  dequantizePerChannel(enc, dqpc.data());
  const std::string &d = job.outputDir;
  bool ok = writeFile(d + "/block_scales.f32", enc.blockScales.data(),
                      enc.blockScales.size()) &&
            writeFile(d + "/pcs.f32", enc.channelScales.data(),
                      enc.channelScales.size()) &&
            writeFile(d + "/int_scales.i32", enc.intScales.data(),
                      enc.intScales.size()) &&
            writeFile(d + "/q.i8", enc.values.data(), enc.values.size()) &&
            writeFile(d + "/dequant.f32", dq.data(), dq.size()) &&
            writeFile(d + "/dequant_pc.f32", dqpc.data(), dqpc.size());
  if (!ok)
    err = "cannot write outputs into " + d;
  return ok;
}
} // namespace

int main(int argc, char **argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() == 2 && args[0] == "--batch") {
    std::ifstream f(args[1]);
    if (!f) {
      std::cerr << "error: cannot open " << args[1] << "\n";
      return 1;
    }
    std::string line;
    int lineNo = 0;
    bool anyFailed = false;
    while (std::getline(f, line)) {
      ++lineNo;
      std::stringstream ss(line);
      std::vector<std::string> words;
      for (std::string w; ss >> w;)
        words.push_back(w);
      if (words.empty())
        continue;
      Job job;
      std::string err;
      if (!parseArgs(words, job, err) || !run(job, err)) {
        std::cerr << "error: case " << lineNo << ": " << err << "\n";
        anyFailed = true;
      }
    }
    return anyFailed ? 1 : 0;
  }
  if (args.empty() || args[0] == "--help") {
    std::cout << "usage: lpbq-encode --input X.f32 --shape D0,D1,... "
                 "--channel-axis C --block-axis B [--batch-axes A,...] "
                 "--block-size N --bitwidth 4 --decompressed-bitwidth 8 "
                 "--block-grouping -1 --scheme aimet-torch [--threads T] "
                 "--output-dir DIR\n       lpbq-encode --batch FILE\n";
    return args.empty() ? 1 : 0;
  }
  Job job;
  std::string err;
  if (!parseArgs(args, job, err) || !run(job, err)) {
    std::cerr << "error: " << err << "\n";
    return 1;
  }
  return 0;
}
