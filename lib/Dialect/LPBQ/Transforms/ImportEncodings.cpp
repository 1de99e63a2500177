//===- ImportEncodings.cpp - Quantize weights with imported scales --------===//
//
// Reads a QNN/AIMET encodings file (spec section 6, formats 1.0.0 and 2.0.0)
// and re-quantizes the weights it names with its scales. Weights are found
// and named by the quantize pass's discovery (WeightDiscovery.h). Three
// phases: read and check the file, plan and encode every named weight, then
// rewrite; any error leaves the module unchanged.
//
//===----------------------------------------------------------------------===//

#include "lpbq/Dialect/LPBQ/IR/LPBQ.h"
#include "lpbq/Dialect/LPBQ/Transforms/Passes.h"
#include "lpbq/Dialect/LPBQ/Transforms/WeightDiscovery.h"

#include "mlir/Support/FileUtilities.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cmath>
#include <cstdio>
#include <type_traits>

namespace mlir {
namespace lpbq {
#define GEN_PASS_DEF_LPBQIMPORTENCODINGS
#include "lpbq/Dialect/LPBQ/Transforms/Passes.h.inc"
} // namespace lpbq
} // namespace mlir

using namespace mlir;
using namespace mlir::lpbq;
namespace json = llvm::json;

namespace {

/// One weight's entry of the encodings file, as read (not yet checked
/// against the weight).
struct Entry {
  std::string name;
  /// Where the entry is in the file, e.g. "param_encodings[2]".
  std::string where;
  /// PER_BLOCK: one float scale per block, no integer scales.
  bool perBlock = false;
  int64_t bitwidth = 0;
  int64_t decompressedBitwidth = 0;
  int64_t blockSize = 0;
  /// 2.0.0 only: the blocked axis.
  std::optional<int64_t> axis;
  /// Float scales, flattened in (channel, group) order; for 2.0.0 the
  /// nested rows are kept in `scaleRows`.
  std::vector<double> scales;
  std::vector<int64_t> scaleRows;
  /// Integer block scales, flattened in (channel, block) order.
  std::vector<int64_t> intScales;
  std::vector<int64_t> intRows;
  /// 1.0.0 only, when present.
  std::optional<std::vector<int64_t>> offsets;
};

/// Reads typed values out of the JSON document, recording the first error
/// with its place in the file (e.g. "param_encodings[0].scale").
class Reader {
public:
  std::string error;

  bool failed() const { return !error.empty(); }

  bool fail(const Twine &where, const Twine &message) {
    if (error.empty())
      error = (message + " at " + where).str();
    return false;
  }

  const json::Value *get(const json::Object &obj, StringRef key,
                         const Twine &where) {
    const json::Value *v = obj.get(key);
    if (!v)
      fail(where, "missing key '" + key + "'");
    return v;
  }

  bool getString(const json::Object &obj, StringRef key, const Twine &where,
                 std::string &out) {
    const json::Value *v = get(obj, key, where);
    if (!v)
      return false;
    std::optional<StringRef> s = v->getAsString();
    if (!s)
      return fail(where + "." + key, "expected a string");
    out = s->str();
    return true;
  }

  bool getInt(const json::Value &v, const Twine &where, int64_t &out) {
    std::optional<int64_t> i = v.getAsInteger();
    if (!i)
      return fail(where, "expected an integer");
    out = *i;
    return true;
  }

  bool getInt(const json::Object &obj, StringRef key, const Twine &where,
              int64_t &out) {
    const json::Value *v = get(obj, key, where);
    return v && getInt(*v, where + "." + key, out);
  }

  bool getNumber(const json::Value &v, const Twine &where, double &out) {
    std::optional<double> d = v.getAsNumber();
    if (!d)
      return fail(where, "expected a number");
    out = *d;
    return true;
  }

  const json::Array *getArray(const json::Value &v, const Twine &where) {
    const json::Array *a = v.getAsArray();
    if (!a)
      fail(where, "expected a list");
    return a;
  }

  bool getIntList(const json::Value &v, const Twine &where,
                  std::vector<int64_t> &out) {
    const json::Array *a = getArray(v, where);
    if (!a)
      return false;
    for (auto [i, e] : llvm::enumerate(*a)) {
      int64_t x;
      if (!getInt(e, where + "[" + Twine(i) + "]", x))
        return false;
      out.push_back(x);
    }
    return true;
  }

  bool getNumberList(const json::Value &v, const Twine &where,
                     std::vector<double> &out) {
    const json::Array *a = getArray(v, where);
    if (!a)
      return false;
    for (auto [i, e] : llvm::enumerate(*a)) {
      double x;
      if (!getNumber(e, where + "[" + Twine(i) + "]", x))
        return false;
      out.push_back(x);
    }
    return true;
  }

  /// A list of lists, flattened into `out`; `rows` gets each row's length.
  template <typename T>
  bool getNested(const json::Value &v, const Twine &where, std::vector<T> &out,
                 std::vector<int64_t> &rows) {
    const json::Array *a = getArray(v, where);
    if (!a)
      return false;
    for (auto [i, row] : llvm::enumerate(*a)) {
      size_t before = out.size();
      bool ok;
      if constexpr (std::is_same_v<T, double>)
        ok = getNumberList(row, where + "[" + Twine(i) + "]", out);
      else
        ok = getIntList(row, where + "[" + Twine(i) + "]", out);
      if (!ok)
        return false;
      rows.push_back(static_cast<int64_t>(out.size() - before));
    }
    return true;
  }
};

/// Reads a format 1.0.0 entry.
bool readEntryV1(Reader &r, const json::Object &obj, Entry &e) {
  const Twine where = e.where;
  std::string encType;
  if (!r.getString(obj, "name", where, e.name) ||
      !r.getString(obj, "enc_type", where, encType))
    return false;
  if (encType != "LPBQ" && encType != "PER_BLOCK")
    return r.fail(where + ".enc_type",
                  "expected enc_type LPBQ or PER_BLOCK, found '" + encType +
                      "'");
  e.perBlock = encType == "PER_BLOCK";
  if (const json::Value *dtype = obj.get("dtype");
      dtype && dtype->getAsString() != std::optional<StringRef>("INT"))
    return r.fail(where + ".dtype", "expected dtype INT");
  if (const json::Value *sym = obj.get("is_sym");
      sym && sym->getAsBoolean() != std::optional<bool>(true))
    return r.fail(where + ".is_sym",
                  "expected is_sym true (LPBQ is symmetric)");
  int64_t bw;
  if (!r.getInt(obj, "bw", where, bw) ||
      !r.getInt(obj, "block_size", where, e.blockSize))
    return false;
  const json::Value *scale = r.get(obj, "scale", where);
  if (!scale || !r.getNumberList(*scale, where + ".scale", e.scales))
    return false;
  if (const json::Value *offset = obj.get("offset")) {
    e.offsets.emplace();
    if (!r.getIntList(*offset, where + ".offset", *e.offsets))
      return false;
  }
  if (e.perBlock) {
    e.bitwidth = bw;
    return true;
  }
  e.decompressedBitwidth = bw;
  if (!r.getInt(obj, "compressed_bw", where, e.bitwidth))
    return false;
  const json::Value *ints = r.get(obj, "per_block_int_scale", where);
  return ints &&
         r.getIntList(*ints, where + ".per_block_int_scale", e.intScales);
}

/// Reads a format 2.0.0 entry.
bool readEntryV2(Reader &r, const json::Object &obj, Entry &e) {
  const Twine where = e.where;
  std::string dtype;
  if (!r.getString(obj, "name", where, e.name) ||
      !r.getString(obj, "output_dtype", where, dtype))
    return false;
  StringRef digits(dtype);
  if (!digits.consume_front("int") || digits.getAsInteger(10, e.bitwidth))
    return r.fail(where + ".output_dtype",
                  "expected output_dtype intN, found '" + dtype + "'");
  if (const json::Value *enc = obj.get("enc_type")) {
    std::optional<StringRef> s = enc->getAsString();
    if (!s || (*s != "LPBQ" && *s != "PER_BLOCK"))
      return r.fail(where + ".enc_type", "expected enc_type LPBQ or PER_BLOCK");
    e.perBlock = *s == "PER_BLOCK";
  }
  int64_t axis;
  if (!r.getInt(obj, "axis", where, axis) ||
      !r.getInt(obj, "block_size", where, e.blockSize))
    return false;
  e.axis = axis;
  const json::Value *ints = r.get(obj, "per_block_int_scale", where);
  if (!ints || !r.getNested(*ints, where + ".per_block_int_scale", e.intScales,
                            e.intRows))
    return false;
  const json::Value *scales = r.get(obj, "per_channel_float_scale", where);
  return scales && r.getNested(*scales, where + ".per_channel_float_scale",
                               e.scales, e.scaleRows);
}

/// Reads the whole file into `entries`; on failure sets `r.error`.
bool readEncodings(Reader &r, const json::Value &doc,
                   std::vector<Entry> &entries) {
  const json::Object *root = doc.getAsObject();
  if (!root)
    return r.fail("the top level", "expected an object");
  std::string version;
  if (!r.getString(*root, "version", "the top level", version))
    return false;
  bool v1 = version == "1.0.0";
  if (!v1 && version != "2.0.0")
    return r.fail("version",
                  "expected version 1.0.0 or 2.0.0, found '" + version + "'");
  StringRef listKey = v1 ? "param_encodings" : "encodings";
  const json::Value *list = r.get(*root, listKey, "the top level");
  if (!list)
    return false;
  const json::Array *items = list->getAsArray();
  if (!items)
    return r.fail(listKey, "expected a list");
  for (auto [i, item] : llvm::enumerate(*items)) {
    Entry e;
    e.where = (listKey + "[" + Twine(i) + "]").str();
    const json::Object *obj = item.getAsObject();
    if (!obj)
      return r.fail(e.where, "expected an object");
    if (!(v1 ? readEntryV1(r, *obj, e) : readEntryV2(r, *obj, e)))
      return false;
    entries.push_back(std::move(e));
  }
  return true;
}

/// llvm::json's "[line:col, byte=N]: message" as "line L, column C:
/// message".
std::string formatParseError(llvm::Error err) {
  std::string text = llvm::toString(std::move(err));
  StringRef rest(text), line, column;
  if (rest.consume_front("[")) {
    std::tie(line, rest) = rest.split(':');
    std::tie(column, rest) = rest.split(',');
    if (rest.contains("]: ") && !line.empty() && !column.empty())
      return ("line " + line + ", column " + column + ": " +
              rest.split("]: ").second)
          .str();
  }
  return text;
}

std::string formatNumber(double v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.9g", v);
  return buf;
}

/// One named weight to re-quantize.
struct Plan {
  WeightGroup group;
  const Entry *entry = nullptr;
  core::Encoding encoding;
};

struct ImportEncodingsPass
    : public lpbq::impl::LPBQImportEncodingsBase<ImportEncodingsPass> {
  using Base::Base;

  void runOnOperation() override;

private:
  /// Checks `entry` against the weight of `group` and encodes it; reports
  /// at the weight's constant.
  LogicalResult planWeight(Plan &plan);
};

} // namespace

LogicalResult ImportEncodingsPass::planWeight(Plan &plan) {
  const WeightGroup &g = plan.group;
  const Entry &e = *plan.entry;
  auto emitError = [&]() {
    return g.source.constOp->emitError()
           << "lpbq: cannot import the encoding of weight '" << g.name << "': ";
  };

  core::Params p;
  p.bitwidth = static_cast<int>(e.bitwidth);
  p.decompressedBitwidth = static_cast<int>(
      e.decompressedBitwidth ? e.decompressedBitwidth : decompressedBitwidth);
  p.blockSize = e.blockSize;
  p.blockGrouping = -1;
  p.scheme = *core::parseScheme(scheme);
  p = withLayoutAxes(p, g.layout);
  if (p.bitwidth != e.bitwidth ||
      (e.decompressedBitwidth &&
       p.decompressedBitwidth != e.decompressedBitwidth))
    return emitError() << "expected bitwidth in [2, 8] and decompressed "
                          "bitwidth in (bitwidth, 16], found "
                       << e.bitwidth << " and "
                       << (e.decompressedBitwidth ? e.decompressedBitwidth
                                                  : decompressedBitwidth);
  if (core::Status st = core::validateParams(p); !st)
    return emitError() << st.message;
  if (e.axis && *e.axis != g.layout.blockAxis)
    return emitError() << "expected axis " << g.layout.blockAxis
                       << " (the weight's block axis), found " << *e.axis;

  std::vector<int64_t> shape(g.type.getShape().begin(),
                             g.type.getShape().end());
  core::Layout layout;
  if (core::Status st = core::computeLayout(shape, p, layout); !st)
    return emitError() << st.message;
  const int64_t nc = layout.numChannels, nb = layout.numBlocks;
  const int64_t k = core::maxIntScale(p.bitwidth, p.decompressedBitwidth);

  // Shapes of the scale lists.
  if (e.axis) {
    // 2.0.0: [channels][blocks] integer scales, [channels][groups] floats.
    if (static_cast<int64_t>(e.intRows.size()) != nc ||
        llvm::any_of(e.intRows, [&](int64_t n) { return n != nb; }))
      return emitError() << "expected per_block_int_scale of " << nc
                         << " channels x " << nb << " blocks";
    if (static_cast<int64_t>(e.scaleRows.size()) != nc ||
        llvm::any_of(e.scaleRows,
                     [&](int64_t n) { return n != e.scaleRows.front(); }))
      return emitError() << "expected per_channel_float_scale of " << nc
                         << " channels with the same number of scales each";
  } else if (!e.perBlock) {
    if (static_cast<int64_t>(e.intScales.size()) != nc * nb)
      return emitError() << "expected " << nc * nb
                         << " per_block_int_scale values (" << nc
                         << " channels x " << nb << " blocks), found "
                         << e.intScales.size();
  }
  int64_t numScales = static_cast<int64_t>(e.scales.size());
  int64_t groups = numScales / nc;
  if (e.perBlock && !e.axis) {
    if (numScales != nc * nb)
      return emitError() << "expected " << nc * nb << " scales (" << nc
                         << " channels x " << nb << " blocks), found "
                         << numScales;
  } else if (groups < 1 || groups * nc != numScales || nb % groups != 0) {
    return emitError() << "expected " << nc
                       << " scales (one per channel), or one per channel and "
                          "group of blocks with groups dividing the "
                       << nb << " blocks of a channel, found " << numScales;
  }
  if (e.offsets) {
    int64_t offset = -(
        int64_t(1) << ((e.perBlock ? p.bitwidth : p.decompressedBitwidth) - 1));
    if (e.offsets->size() != e.scales.size())
      return emitError() << "expected " << e.scales.size()
                         << " offsets (one per scale), found "
                         << e.offsets->size();
    for (auto [i, o] : llvm::enumerate(*e.offsets))
      if (o != offset)
        return emitError() << "expected symmetric offsets " << offset
                           << ", found " << o << " at index " << i;
  }

  // Values.
  std::vector<float> scales(e.scales.size());
  for (auto [i, s] : llvm::enumerate(e.scales)) {
    scales[i] = static_cast<float>(s);
    if (!std::isfinite(scales[i]) || !(scales[i] > 0.0f))
      return emitError() << "expected finite positive scales, found "
                         << formatNumber(s) << " at index " << i;
  }
  std::vector<int32_t> ints;
  std::vector<float> pcs;
  if (e.perBlock && !e.axis) {
    // S_b as the quantize pass represents plain blockwise: i_b = K and
    // pcs = S_b / K when exact, else i_b = 1 and pcs = S_b.
    p.blockGrouping = 1;
    for (float s : scales) {
      float q = s / static_cast<float>(k);
      bool exact = q * static_cast<float>(k) == s && std::isnormal(q);
      pcs.push_back(exact ? q : s);
      ints.push_back(exact ? static_cast<int32_t>(k) : 1);
    }
  } else {
    p.blockGrouping = e.perBlock ? 1 : groups == 1 ? -1 : nb / groups;
    if (e.perBlock && groups != nb)
      return emitError() << "expected " << nb
                         << " float scales per channel (PER_BLOCK), found "
                         << groups;
    pcs = std::move(scales);
    for (auto [i, v] : llvm::enumerate(e.intScales)) {
      if (v < 1 || v > k)
        return emitError() << "expected per_block_int_scale values in [1, " << k
                           << "], found " << v << " at index " << i;
      ints.push_back(static_cast<int32_t>(v));
    }
  }

  WeightData data;
  if (failed(materializeWeight(g.source, g.type.getNumElements(), data)))
    return emitError() << "the weight's data is not available";
  if (core::Status st =
          core::encodeWithScales(data.ptr, shape, p, pcs, ints, plan.encoding);
      !st)
    return emitError() << st.message;
  return success();
}

void ImportEncodingsPass::runOnOperation() {
  ModuleOp module = getOperation();
  if (path.empty()) {
    module.emitError() << "lpbq: expected an encodings file (path=FILE)";
    return signalPassFailure();
  }
  if (!core::parseScheme(scheme)) {
    module.emitError()
        << "expected scheme aimet-torch, aimet-onnx or executorch, found '"
        << scheme << "'";
    return signalPassFailure();
  }

  // Phase 1: read the file.
  std::string err;
  std::unique_ptr<llvm::MemoryBuffer> buffer = openInputFile(path, &err);
  if (!buffer) {
    module.emitError() << "lpbq: cannot open encodings file '" << path
                       << "': " << err;
    return signalPassFailure();
  }
  llvm::Expected<json::Value> doc = json::parse(buffer->getBuffer());
  if (!doc) {
    module.emitError() << "lpbq: cannot parse encodings file '" << path
                       << "': " << formatParseError(doc.takeError());
    return signalPassFailure();
  }
  Reader reader;
  std::vector<Entry> entries;
  if (!readEncodings(reader, *doc, entries)) {
    module.emitError() << "lpbq: malformed encodings file '" << path
                       << "': " << reader.error;
    return signalPassFailure();
  }

  // Phase 2: find the weights as the quantize pass does, match names, check
  // and encode.
  WeightNamer namer(module);
  WeightGroups groups;
  llvm::StringSet<> quantizedNames;
  module.walk(
      [&](ConstantOp op) { quantizedNames.insert(op.getWeightName()); });
  forEachWeightUse(module, [&](WeightUse &use) {
    if (use.kind != WeightUseKind::Candidate)
      return;
    unsigned index;
    if (groups.add(use, index) == WeightGroups::AddResult::New)
      groups.getGroups()[index].name = namer.uniquify(use.name);
  });
  llvm::StringMap<unsigned> byName;
  for (auto [i, g] : llvm::enumerate(groups.getGroups()))
    byName[g.name] = i;

  bool hadError = false;
  llvm::StringMap<const Entry *> seen;
  std::vector<Plan> plans;
  std::vector<bool> named(groups.getGroups().size(), false);
  for (const Entry &e : entries) {
    if (auto [it, inserted] = seen.try_emplace(e.name, &e); !inserted) {
      module.emitError() << "lpbq: encodings file '" << path
                         << "' names weight '" << e.name << "' twice ("
                         << it->second->where << " and " << e.where << ")";
      hadError = true;
      continue;
    }
    auto it = byName.find(e.name);
    if (it == byName.end()) {
      InFlightDiagnostic d = module.emitError()
                             << "lpbq: encodings file entry '" << e.name
                             << "' (" << e.where << ") matches no ";
      if (quantizedNames.contains(e.name))
        d << "float weight: the weight is already an lpbq.constant";
      else
        d << "weight of the module";
      hadError = true;
      continue;
    }
    WeightGroup &g = groups.getGroups()[it->second];
    named[it->second] = true;
    if (g.conflict) {
      g.source.constOp->emitError()
          << "lpbq: cannot import the encoding of weight '" << g.name
          << "': its users disagree on the channel and block axes";
      hadError = true;
      continue;
    }
    Plan plan;
    plan.group = g;
    plan.entry = &e;
    if (failed(planWeight(plan))) {
      hadError = true;
      continue;
    }
    plans.push_back(std::move(plan));
  }
  if (hadError)
    return signalPassFailure();
  numNotInFile += llvm::count(named, false);

  // Phase 3: rewrite, in program order.
  llvm::sort(plans, [&](const Plan &a, const Plan &b) {
    return byName[a.group.name] < byName[b.group.name];
  });
  for (Plan &plan : plans) {
    replaceWeightWithLPBQ(plan.group, plan.encoding, scheme, resourceThreshold);
    ++numImported;
  }
}
