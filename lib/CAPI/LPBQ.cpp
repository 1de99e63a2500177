//===- LPBQ.cpp - C API of lpbq -------------------------------------------===//
//
// Implements include/lpbq-c/LPBQ.h on top of MLIR's C++ API and the encoding
// core. Every entry point catches nothing: MLIR and the core report through
// diagnostics and Status values, never exceptions.
//
//===----------------------------------------------------------------------===//

#include "lpbq-c/LPBQ.h"

#include "lpbq/Core/Encoding.h"
#include "lpbq/InitAll.h"

#include "mlir/Bytecode/BytecodeWriter.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/IR/Verifier.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <vector>

#ifndef LPBQ_VERSION
#define LPBQ_VERSION "unknown"
#endif

using namespace mlir;
namespace core = mlir::lpbq::core;

struct LpbqContext {
  MLIRContext context;
  /// Diagnostics of the last call, one per line.
  std::string diagnostics;
  int numErrors = 0;
  /// Modules not yet destroyed; lpbqContextDestroy waits for the last one.
  size_t numModules = 0;
  bool destroyRequested = false;

  explicit LpbqContext(const DialectRegistry &registry) : context(registry) {
    // Diagnostics are collected as text: no operation dumps in notes.
    context.printOpOnDiagnostic(false);
  }
};

struct LpbqModule {
  LpbqContext *ctx;
  OwningOpRef<ModuleOp> module;

  LpbqModule(LpbqContext *ctx, OwningOpRef<ModuleOp> module)
      : ctx(ctx), module(std::move(module)) {
    ++ctx->numModules;
  }
  ~LpbqModule() {
    module = nullptr;
    if (--ctx->numModules == 0 && ctx->destroyRequested)
      delete ctx;
  }
};

namespace {

/// `file:line:col` of the first file location inside `loc`, else the first
/// name, else "<unknown location>".
void printLocation(llvm::raw_ostream &os, Location loc) {
  if (auto file = loc->findInstanceOf<FileLineColRange>()) {
    os << file.getFilename().getValue() << ':' << file.getStartLine() << ':'
       << file.getStartColumn();
    return;
  }
  if (auto name = loc->findInstanceOf<NameLoc>()) {
    os << '"' << name.getName().getValue() << '"';
    return;
  }
  os << "<unknown location>";
}

const char *severityName(DiagnosticSeverity severity) {
  switch (severity) {
  case DiagnosticSeverity::Error:
    return "error";
  case DiagnosticSeverity::Warning:
    return "warning";
  case DiagnosticSeverity::Note:
    return "note";
  case DiagnosticSeverity::Remark:
    return "remark";
  }
  return "error";
}

void appendDiagnostic(LpbqContext *ctx, Diagnostic &diag) {
  llvm::raw_string_ostream os(ctx->diagnostics);
  printLocation(os, diag.getLocation());
  os << ": " << severityName(diag.getSeverity()) << ": " << diag << '\n';
  if (diag.getSeverity() == DiagnosticSeverity::Error)
    ++ctx->numErrors;
  for (Diagnostic &note : diag.getNotes()) {
    printLocation(os, note.getLocation());
    os << ": note: " << note << '\n';
  }
}

/// For the duration of one API call: clears the context's diagnostics and
/// collects those the call produces.
class CallScope {
public:
  explicit CallScope(LpbqContext *ctx)
      : ctx(ctx), handler(&ctx->context, [ctx](Diagnostic &diag) {
          appendDiagnostic(ctx, diag);
          return success();
        }) {
    ctx->diagnostics.clear();
    ctx->numErrors = 0;
  }

  /// Records an error that has no MLIR location.
  void error(const llvm::Twine &message) {
    ctx->diagnostics += ("<unknown location>: error: " + message + "\n").str();
    ++ctx->numErrors;
  }

private:
  LpbqContext *ctx;
  ScopedDiagnosticHandler handler;
};

char *copyToMalloc(llvm::StringRef s, size_t *size = nullptr) {
  char *out = static_cast<char *>(std::malloc(s.size() + 1));
  if (!out)
    return nullptr;
  std::memcpy(out, s.data(), s.size());
  out[s.size()] = '\0';
  if (size)
    *size = s.size();
  return out;
}

void setError(char **error, const std::string &message) {
  if (error)
    *error = copyToMalloc(message);
}

void registerOnce() {
  static std::once_flag flag;
  std::call_once(flag, [] {
    registerAllPasses();
    lpbq::registerAllLPBQPasses();
  });
}

/// The pass pipeline parser's "<name>:1:C: error: message\n<source>\n^"
/// as "invalid pass pipeline (column C): message".
std::string formatPipelineError(llvm::StringRef text) {
  llvm::StringRef first = text.trim().split('\n').first;
  auto [where, message] = first.split(": error: ");
  if (message.empty())
    return ("invalid pass pipeline: " + first).str();
  llvm::StringRef column = where.rsplit(':').second;
  return ("invalid pass pipeline (column " + column + "): " + message).str();
}

LpbqStatus parseBuffer(LpbqContext *ctx, CallScope &scope,
                       std::unique_ptr<llvm::MemoryBuffer> buffer,
                       LpbqModule **out) {
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(buffer), llvm::SMLoc());
  ParserConfig config(&ctx->context);
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, config);
  if (!module) {
    if (ctx->numErrors == 0)
      scope.error("cannot parse the module");
    return LPBQ_ERROR;
  }
  *out = new LpbqModule(ctx, std::move(module));
  return LPBQ_OK;
}

LpbqStatus toCoreParams(const LpbqEncodeParams *in, core::Params &p,
                        char **error) {
  if (!in) {
    setError(error, "expected encoding parameters, found NULL");
    return LPBQ_INVALID_ARGUMENT;
  }
  p.bitwidth = in->bitwidth;
  p.decompressedBitwidth = in->decompressed_bitwidth;
  p.blockSize = in->block_size;
  p.blockGrouping = in->block_grouping;
  p.channelAxis = in->channel_axis;
  p.blockAxis = in->block_axis;
  if (in->num_batch_axes < 0 || (in->num_batch_axes > 0 && !in->batch_axes)) {
    setError(error, "expected num_batch_axes >= 0 and batch_axes when "
                    "num_batch_axes > 0");
    return LPBQ_INVALID_ARGUMENT;
  }
  p.batchAxes.assign(in->batch_axes, in->batch_axes + in->num_batch_axes);
  const char *scheme = in->scheme ? in->scheme : "aimet-torch";
  std::optional<core::Scheme> s = core::parseScheme(scheme);
  if (!s) {
    setError(error, std::string("expected scheme aimet-torch, aimet-onnx or "
                                "executorch, found '") +
                        scheme + "'");
    return LPBQ_INVALID_ARGUMENT;
  }
  p.scheme = *s;
  return LPBQ_OK;
}

LpbqStatus toShape(const int64_t *shape, int rank, std::vector<int64_t> &out,
                   char **error) {
  if (rank < 0 || (rank > 0 && !shape)) {
    setError(error, "expected a shape of rank >= 0");
    return LPBQ_INVALID_ARGUMENT;
  }
  out.assign(shape, shape + rank);
  return LPBQ_OK;
}

void fillLayout(const core::Layout &l, LpbqEncodingLayout &out) {
  out.num_elements = l.numElements;
  out.num_channels = l.numChannels;
  out.num_blocks = l.numBlocks;
  out.num_groups = l.numGroups;
  out.block_elements = l.blockElements;
}

/// Copies `src` into `*dst`, allocating it when null and `allocate`.
template <typename T>
bool emit(T *&dst, const T *src, size_t count, bool allocate) {
  if (!dst) {
    if (!allocate)
      return true;
    dst = static_cast<T *>(std::malloc(std::max<size_t>(count, 1) * sizeof(T)));
    if (!dst)
      return false;
  }
  std::memcpy(dst, src, count * sizeof(T));
  return true;
}

template <typename T, typename Fn>
bool emitComputed(T *&dst, size_t count, bool allocate, Fn compute) {
  if (!dst) {
    if (!allocate)
      return true;
    dst = static_cast<T *>(std::malloc(std::max<size_t>(count, 1) * sizeof(T)));
    if (!dst)
      return false;
  }
  compute(dst);
  return true;
}

/// Parameters and shape of an encoding request, checked.
LpbqStatus toRequest(const LpbqEncodeParams *params, const int64_t *shapePtr,
                     int rank, core::Params &p, std::vector<int64_t> &shape,
                     char **error) {
  if (LpbqStatus s = toCoreParams(params, p, error); s != LPBQ_OK)
    return s;
  return toShape(shapePtr, rank, shape, error);
}

LpbqStatus encodeCommon(const float *data, const int64_t *shapePtr, int rank,
                        const LpbqEncodeParams *params,
                        const float *channelScales, const int32_t *intScales,
                        LpbqEncodingOutputs *outputs, char **error) {
  if (error)
    *error = nullptr;
  if (!data || !outputs) {
    setError(error, "expected weight data and outputs, found NULL");
    return LPBQ_INVALID_ARGUMENT;
  }
  core::Params p;
  std::vector<int64_t> shape;
  if (LpbqStatus s = toRequest(params, shapePtr, rank, p, shape, error);
      s != LPBQ_OK)
    return s;
  core::EncodeOptions options;
  options.numThreads = params->num_threads;
  core::Encoding enc;
  core::Status st;
  if (channelScales || intScales) {
    if (!channelScales || !intScales) {
      setError(error, "expected both channel scales and integer scales");
      return LPBQ_INVALID_ARGUMENT;
    }
    core::Layout layout;
    if (st = core::computeLayout(shape, p, layout); !st) {
      setError(error, st.message);
      return LPBQ_ERROR;
    }
    std::vector<float> pcs(channelScales, channelScales + layout.numChannels *
                                                              layout.numGroups);
    std::vector<int32_t> ints(intScales, intScales + layout.numChannels *
                                                         layout.numBlocks);
    st = core::encodeWithScales(data, shape, p, pcs, ints, enc, options);
  } else {
    st = core::encode(data, shape, p, enc, options);
  }
  if (!st) {
    setError(error, st.message);
    return LPBQ_ERROR;
  }
  fillLayout(enc.layout, outputs->layout);
  bool alloc = outputs->allocate != 0;
  size_t n = enc.layout.numElements;
  bool ok =
      emit(outputs->block_scales, enc.blockScales.data(),
           enc.blockScales.size(), alloc) &&
      emit(outputs->channel_scales, enc.channelScales.data(),
           enc.channelScales.size(), alloc) &&
      emit(outputs->int_scales, enc.intScales.data(), enc.intScales.size(),
           alloc) &&
      emit(outputs->values, enc.values.data(), n, alloc) &&
      emitComputed(outputs->dequant, n, alloc,
                   [&](float *out) { core::dequantize(enc, out); }) &&
      emitComputed(outputs->dequant_per_channel, n, alloc,
                   [&](float *out) { core::dequantizePerChannel(enc, out); });
  if (!ok) {
    setError(error, "out of memory");
    return LPBQ_ERROR;
  }
  return LPBQ_OK;
}

} // namespace

extern "C" {

const char *lpbqVersion(void) { return LPBQ_VERSION; }

void lpbqFree(void *ptr) { std::free(ptr); }

LpbqContext *lpbqContextCreate(void) {
  registerOnce();
  DialectRegistry registry;
  lpbq::registerAllLPBQAndUpstreamDialects(registry);
  return new LpbqContext(registry);
}

void lpbqContextDestroy(LpbqContext *ctx) {
  if (!ctx)
    return;
  if (ctx->numModules == 0)
    delete ctx;
  else
    ctx->destroyRequested = true;
}

void lpbqContextEnableMultithreading(LpbqContext *ctx, int enable) {
  if (ctx)
    ctx->context.enableMultithreading(enable != 0);
}

const char *lpbqContextGetDiagnostics(LpbqContext *ctx) {
  return ctx ? ctx->diagnostics.c_str() : "";
}

int lpbqContextGetNumErrors(LpbqContext *ctx) {
  return ctx ? ctx->numErrors : 0;
}

LpbqStatus lpbqModuleParse(LpbqContext *ctx, const char *data, size_t size,
                           const char *sourceName, LpbqModule **out) {
  if (!ctx || (!data && size) || !out)
    return LPBQ_INVALID_ARGUMENT;
  *out = nullptr;
  CallScope scope(ctx);
  auto buffer = llvm::MemoryBuffer::getMemBufferCopy(
      llvm::StringRef(data ? data : "", size),
      sourceName ? sourceName : "<string>");
  return parseBuffer(ctx, scope, std::move(buffer), out);
}

LpbqStatus lpbqModuleParseFile(LpbqContext *ctx, const char *path,
                               LpbqModule **out) {
  if (!ctx || !path || !out)
    return LPBQ_INVALID_ARGUMENT;
  *out = nullptr;
  CallScope scope(ctx);
  std::string err;
  std::unique_ptr<llvm::MemoryBuffer> buffer = openInputFile(path, &err);
  if (!buffer) {
    scope.error(llvm::Twine("cannot open '") + path + "': " + err);
    return LPBQ_ERROR;
  }
  return parseBuffer(ctx, scope, std::move(buffer), out);
}

LpbqStatus lpbqModuleClone(LpbqModule *module, LpbqModule **out) {
  if (!module || !out)
    return LPBQ_INVALID_ARGUMENT;
  CallScope scope(module->ctx);
  *out = new LpbqModule(module->ctx, module->module->clone());
  return LPBQ_OK;
}

void lpbqModuleDestroy(LpbqModule *module) { delete module; }

LpbqContext *lpbqModuleGetContext(LpbqModule *module) {
  return module ? module->ctx : nullptr;
}

LpbqStatus lpbqModuleRunPipeline(LpbqModule *module, const char *pipeline) {
  if (!module || !pipeline)
    return LPBQ_INVALID_ARGUMENT;
  CallScope scope(module->ctx);
  MLIRContext *context = &module->ctx->context;
  llvm::StringRef text = llvm::StringRef(pipeline).trim();
  std::string parseErrors;
  llvm::raw_string_ostream errs(parseErrors);
  PassManager pm(context, ModuleOp::getOperationName());
  if (text.starts_with(ModuleOp::getOperationName().str() + "(")) {
    FailureOr<OpPassManager> parsed = parsePassPipeline(text, errs);
    if (failed(parsed)) {
      scope.error(formatPipelineError(parseErrors));
      return LPBQ_ERROR;
    }
    static_cast<OpPassManager &>(pm) = *parsed;
  } else if (failed(parsePassPipeline(text, pm, errs))) {
    scope.error(formatPipelineError(parseErrors));
    return LPBQ_ERROR;
  }
  if (failed(pm.run(*module->module))) {
    if (module->ctx->numErrors == 0)
      scope.error("pass pipeline failed");
    return LPBQ_ERROR;
  }
  return LPBQ_OK;
}

LpbqStatus lpbqModuleVerify(LpbqModule *module) {
  if (!module)
    return LPBQ_INVALID_ARGUMENT;
  CallScope scope(module->ctx);
  return succeeded(verify(*module->module)) ? LPBQ_OK : LPBQ_ERROR;
}

LpbqStatus lpbqModulePrint(LpbqModule *module, int flags, char **out,
                           size_t *size) {
  if (!module || !out)
    return LPBQ_INVALID_ARGUMENT;
  CallScope scope(module->ctx);
  OpPrintingFlags printingFlags;
  if (flags & LPBQ_PRINT_DEBUG_INFO)
    printingFlags.enableDebugInfo();
  if (flags & LPBQ_PRINT_GENERIC)
    printingFlags.printGenericOpForm();
  std::string text;
  llvm::raw_string_ostream os(text);
  module->module->print(os, printingFlags);
  os.flush();
  *out = copyToMalloc(text, size);
  return *out ? LPBQ_OK : LPBQ_ERROR;
}

LpbqStatus lpbqModuleWriteBytecode(LpbqModule *module, char **out,
                                   size_t *size) {
  if (!module || !out)
    return LPBQ_INVALID_ARGUMENT;
  CallScope scope(module->ctx);
  std::string bytes;
  llvm::raw_string_ostream os(bytes);
  BytecodeWriterConfig config(LPBQ_VERSION);
  if (failed(writeBytecodeToFile(*module->module, os, config))) {
    if (module->ctx->numErrors == 0)
      scope.error("cannot write bytecode");
    return LPBQ_ERROR;
  }
  os.flush();
  *out = copyToMalloc(bytes, size);
  return *out ? LPBQ_OK : LPBQ_ERROR;
}

void lpbqEncodeParamsInit(LpbqEncodeParams *params) {
  if (!params)
    return;
  *params = LpbqEncodeParams{};
  params->bitwidth = 4;
  params->decompressed_bitwidth = 8;
  params->block_size = 64;
  params->block_grouping = -1;
  params->channel_axis = 0;
  params->block_axis = 1;
  params->scheme = "aimet-torch";
}

LpbqStatus lpbqEncodingLayoutCompute(const int64_t *shape, int rank,
                                     const LpbqEncodeParams *params,
                                     LpbqEncodingLayout *layout, char **error) {
  if (error)
    *error = nullptr;
  if (!layout) {
    setError(error, "expected a layout to fill, found NULL");
    return LPBQ_INVALID_ARGUMENT;
  }
  core::Params p;
  std::vector<int64_t> s;
  if (LpbqStatus st = toRequest(params, shape, rank, p, s, error);
      st != LPBQ_OK)
    return st;
  core::Layout l;
  if (core::Status st = core::computeLayout(s, p, l); !st) {
    setError(error, st.message);
    return LPBQ_ERROR;
  }
  fillLayout(l, *layout);
  return LPBQ_OK;
}

LpbqStatus lpbqEncode(const float *data, const int64_t *shape, int rank,
                      const LpbqEncodeParams *params,
                      LpbqEncodingOutputs *outputs, char **error) {
  return encodeCommon(data, shape, rank, params, nullptr, nullptr, outputs,
                      error);
}

LpbqStatus lpbqEncodeWithScales(const float *data, const int64_t *shape,
                                int rank, const LpbqEncodeParams *params,
                                const float *channelScales,
                                const int32_t *intScales,
                                LpbqEncodingOutputs *outputs, char **error) {
  if (!channelScales || !intScales) {
    if (error)
      *error = nullptr;
    setError(error, "expected channel scales and integer scales, found NULL");
    return LPBQ_INVALID_ARGUMENT;
  }
  return encodeCommon(data, shape, rank, params, channelScales, intScales,
                      outputs, error);
}

} // extern "C"
