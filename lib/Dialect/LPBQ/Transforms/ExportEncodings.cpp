//===- ExportEncodings.cpp - Write QNN/AIMET encodings JSON ---------------===//
//
// Writes spec section 6's encodings file for every lpbq.constant. Floats are
// printed in the shortest form that reads back as the identical float32.
//
//===----------------------------------------------------------------------===//

#include "lpbq/Dialect/LPBQ/IR/LPBQ.h"
#include "lpbq/Dialect/LPBQ/Transforms/Passes.h"

#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/ToolOutputFile.h"

#include <cstdio>
#include <cstdlib>

namespace mlir {
namespace lpbq {
#define GEN_PASS_DEF_LPBQEXPORTENCODINGS
#include "lpbq/Dialect/LPBQ/Transforms/Passes.h.inc"
} // namespace lpbq
} // namespace mlir

using namespace mlir;
using namespace mlir::lpbq;

namespace {

/// Shortest decimal form of `f` that parses back to the same float32
/// (at most 9 significant digits).
std::string formatFloat(float f) {
  char buf[32];
  for (int precision = 6; precision <= 9; ++precision) {
    std::snprintf(buf, sizeof(buf), "%.*g", precision, static_cast<double>(f));
    if (std::strtof(buf, nullptr) == f)
      break;
  }
  return buf;
}

struct WeightEntry {
  std::string name;
  EncodingAttr encoding;
  core::Layout layout;
  std::vector<int32_t> intScales;
  std::vector<float> scales;
};

struct ExportEncodingsPass
    : public lpbq::impl::LPBQExportEncodingsBase<ExportEncodingsPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (format != "1.0.0" && format != "2.0.0") {
      module.emitError() << "expected format 1.0.0 or 2.0.0, found '" << format
                         << "'";
      return signalPassFailure();
    }
    std::vector<WeightEntry> entries;
    llvm::StringMap<unsigned> seen;
    bool failedRead = false;
    module.walk([&](ConstantOp op) {
      WeightEntry e;
      e.name = op.getWeightName();
      if (e.name.empty()) {
        auto func = op->getParentOfType<FunctionOpInterface>();
        e.name = ((func ? func.getName() : StringRef("module")) +
                  ".lpbq_constant_" + Twine(entries.size()))
                     .str();
      }
      if (seen[e.name]++) {
        op.emitError() << "lpbq: two weights are named '" << e.name
                       << "'; encodings names must be unique";
        failedRead = true;
        return;
      }
      e.encoding = op.getType().getEncoding();
      e.layout = op.getType().getLayout();
      if (failed(op.readScales(e.intScales, e.scales))) {
        failedRead = true;
        return;
      }
      entries.push_back(std::move(e));
    });
    if (failedRead)
      return signalPassFailure();

    std::string err;
    auto file = openOutputFile(path, &err);
    if (!file) {
      module.emitError() << "lpbq: cannot open '" << path << "': " << err;
      return signalPassFailure();
    }
    llvm::json::OStream j(file->os(), 1);
    if (format == "1.0.0")
      writeV1(j, entries);
    else
      writeV2(j, entries);
    file->os() << "\n";
    file->keep();
  }

private:
  static void floatArray(llvm::json::OStream &j, ArrayRef<float> values) {
    j.array([&] {
      for (float f : values)
        j.rawValue([&](llvm::raw_ostream &os) { os << formatFloat(f); });
    });
  }

  static void writeV1(llvm::json::OStream &j,
                      const std::vector<WeightEntry> &entries) {
    j.object([&] {
      j.attribute("version", "1.0.0");
      j.attributeArray("activation_encodings", [] {});
      j.attributeArray("excluded_layers", [] {});
      j.attributeArray("param_encodings", [&] {
        for (const WeightEntry &e : entries) {
          const core::Layout &l = e.layout;
          int64_t bw = e.encoding.getBitwidth();
          int64_t dbw = e.encoding.getDecompressedBitwidth();
          bool perBlock = e.encoding.getBlockGrouping() == 1;
          j.object([&] {
            j.attribute("name", e.name);
            j.attribute("dtype", "INT");
            j.attribute("enc_type", perBlock ? "PER_BLOCK" : "LPBQ");
            j.attribute("is_sym", true);
            if (perBlock) {
              // Plain blockwise: one float scale per block, S_b = i_b * pcs.
              std::vector<float> blockScales(e.intScales.size());
              for (size_t i = 0; i < blockScales.size(); ++i)
                blockScales[i] =
                    static_cast<float>(e.intScales[i]) * e.scales[i];
              j.attribute("bw", bw);
              j.attribute("block_size", e.encoding.getBlockSize());
              j.attributeBegin("scale");
              floatArray(j, blockScales);
              j.attributeEnd();
              j.attributeArray("offset", [&] {
                for (size_t i = 0; i < blockScales.size(); ++i)
                  j.value(-(int64_t(1) << (bw - 1)));
              });
              return;
            }
            j.attribute("bw", dbw);
            j.attribute("compressed_bw", bw);
            j.attribute("block_size", e.encoding.getBlockSize());
            j.attributeBegin("scale");
            floatArray(j, e.scales);
            j.attributeEnd();
            j.attributeArray("offset", [&] {
              for (size_t i = 0; i < e.scales.size(); ++i)
                j.value(-(int64_t(1) << (dbw - 1)));
            });
            j.attributeArray("per_block_int_scale", [&] {
              for (int32_t v : e.intScales)
                j.value(v);
            });
          });
        }
      });
    });
  }

  static void writeV2(llvm::json::OStream &j,
                      const std::vector<WeightEntry> &entries) {
    j.object([&] {
      j.attribute("version", "2.0.0");
      j.attributeArray("encodings", [&] {
        for (const WeightEntry &e : entries) {
          const core::Layout &l = e.layout;
          j.object([&] {
            j.attribute("name", e.name);
            j.attribute("enc_type", e.encoding.getBlockGrouping() == 1
                                        ? "PER_BLOCK"
                                        : "LPBQ");
            j.attribute("per_block_int_scale",
                        nested(e.intScales, l.numBlocks));
            j.attributeBegin("per_channel_float_scale");
            j.array([&] {
              for (int64_t c = 0; c < l.numChannels; ++c)
                floatArray(j, ArrayRef<float>(e.scales).slice(c * l.numGroups,
                                                              l.numGroups));
            });
            j.attributeEnd();
            j.attribute("axis", e.encoding.getBlockAxis());
            j.attribute("block_size", e.encoding.getBlockSize());
            j.attribute("output_dtype",
                        "int" + std::to_string(e.encoding.getBitwidth()));
          });
        }
      });
    });
  }

  static llvm::json::Array nested(ArrayRef<int32_t> values, int64_t cols) {
    llvm::json::Array rows;
    for (size_t r = 0; r * cols < values.size(); ++r) {
      llvm::json::Array row;
      for (int32_t v : values.slice(r * cols, cols))
        row.push_back(v);
      rows.push_back(std::move(row));
    }
    return rows;
  }
};

} // namespace
