/*===- lpbq-c/LPBQ.h - C API of lpbq ------------------------------*- C -*-===*\
|*                                                                            *|
|* A plain C interface to lpbq (liblpbq-c.so): MLIR contexts with everything  *|
|* lpbq-opt registers, modules parsed from text or bytecode, pass pipelines,  *|
|* printing, diagnostics, and the MLIR-free encoding core. The Python         *|
|* package (python/lpbq) is a ctypes layer over it.                           *|
|*                                                                            *|
|* Conventions:                                                               *|
|*  - Handles are opaque; every *Create / *Parse has a matching *Destroy.     *|
|*  - Functions that can fail return an LpbqStatus (LPBQ_OK = 0).             *|
|*  - Memory that the library returns through a `char **` or `void **`        *|
|*    (printed modules, bytecode, error messages, allocated encodings) is     *|
|*    malloc'ed; release it with lpbqFree.                                    *|
|*  - Each call on a context first clears the context's diagnostics; those    *|
|*    that the call produces (parse errors, pass errors, remarks) are then    *|
|*    available from lpbqContextGetDiagnostics, one per line, as              *|
|*    `file:line:col: error: message` (notes follow their diagnostic).        *|
|*  - A context and its modules must be used from one thread at a time.       *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef LPBQ_C_LPBQ_H
#define LPBQ_C_LPBQ_H

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32)
#define LPBQ_CAPI_EXPORTED __declspec(dllexport)
#else
#define LPBQ_CAPI_EXPORTED __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

typedef enum LpbqStatus {
  LPBQ_OK = 0,
  /** The operation failed; the diagnostics (or the error message) say why. */
  LPBQ_ERROR = 1,
  /** A null handle or pointer, or an out-of-range argument. */
  LPBQ_INVALID_ARGUMENT = 2,
} LpbqStatus;

typedef struct LpbqContext LpbqContext;
typedef struct LpbqModule LpbqModule;

/** The library version, e.g. "0.1.0". */
LPBQ_CAPI_EXPORTED const char *lpbqVersion(void);

/** Frees memory returned by the library (NULL is ignored). */
LPBQ_CAPI_EXPORTED void lpbqFree(void *ptr);

/*===----------------------------------------------------------------------===*
 * Contexts
 *===----------------------------------------------------------------------===*/

/** A new MLIR context with the lpbq dialect and every upstream dialect and
 * extension; the first call also registers every lpbq and upstream pass and
 * pipeline (once per process). */
LPBQ_CAPI_EXPORTED LpbqContext *lpbqContextCreate(void);

/** Destroys a context. When some of its modules are still alive, the
 * context lives on until the last of them is destroyed. */
LPBQ_CAPI_EXPORTED void lpbqContextDestroy(LpbqContext *ctx);

/** Enables or disables MLIR's multithreading (enabled by default). */
LPBQ_CAPI_EXPORTED void lpbqContextEnableMultithreading(LpbqContext *ctx,
                                                        int enable);

/** The diagnostics of the last call on this context (or on one of its
 * modules), one per line; "" when there were none. Valid until the next
 * call. */
LPBQ_CAPI_EXPORTED const char *lpbqContextGetDiagnostics(LpbqContext *ctx);

/** Number of errors among those diagnostics. */
LPBQ_CAPI_EXPORTED int lpbqContextGetNumErrors(LpbqContext *ctx);

/*===----------------------------------------------------------------------===*
 * Modules
 *===----------------------------------------------------------------------===*/

/** Parses a module from `size` bytes of MLIR text or bytecode (detected from
 * the contents) and verifies it. `sourceName` names the buffer in
 * locations (NULL: "<string>"). On success stores a new module in *out. */
LPBQ_CAPI_EXPORTED LpbqStatus lpbqModuleParse(LpbqContext *ctx,
                                              const char *data, size_t size,
                                              const char *sourceName,
                                              LpbqModule **out);

/** Parses a module from a file of MLIR text or bytecode. */
LPBQ_CAPI_EXPORTED LpbqStatus lpbqModuleParseFile(LpbqContext *ctx,
                                                  const char *path,
                                                  LpbqModule **out);

/** A deep copy of the module, in the same context. */
LPBQ_CAPI_EXPORTED LpbqStatus lpbqModuleClone(LpbqModule *module,
                                              LpbqModule **out);

LPBQ_CAPI_EXPORTED void lpbqModuleDestroy(LpbqModule *module);

/** The context the module lives in. */
LPBQ_CAPI_EXPORTED LpbqContext *lpbqModuleGetContext(LpbqModule *module);

/** Runs a pass pipeline on the module, in place. `pipeline` is either a
 * list of passes nested in the module ("lpbq-quantize-weights{block-size=32},
 * canonicalize") or an anchored pipeline ("builtin.module(...)"), as
 * mlir-opt's --pass-pipeline takes. The IR is verified after each pass. */
LPBQ_CAPI_EXPORTED LpbqStatus lpbqModuleRunPipeline(LpbqModule *module,
                                                    const char *pipeline);

/** Verifies the module. */
LPBQ_CAPI_EXPORTED LpbqStatus lpbqModuleVerify(LpbqModule *module);

/** Flags of lpbqModulePrint. */
enum {
  /** Print locations (loc(...)). */
  LPBQ_PRINT_DEBUG_INFO = 1,
  /** Print the generic op form. */
  LPBQ_PRINT_GENERIC = 2,
};

/** Prints the module as MLIR text into a NUL-terminated malloc'ed buffer
 * (*out, *size without the NUL); free it with lpbqFree. */
LPBQ_CAPI_EXPORTED LpbqStatus lpbqModulePrint(LpbqModule *module, int flags,
                                              char **out, size_t *size);

/** Writes the module as MLIR bytecode into a malloc'ed buffer. */
LPBQ_CAPI_EXPORTED LpbqStatus lpbqModuleWriteBytecode(LpbqModule *module,
                                                      char **out, size_t *size);

/*===----------------------------------------------------------------------===*
 * The encoding core (no MLIR context needed)
 *===----------------------------------------------------------------------===*/

/** The parameters of an LPBQ encoding; lpbqEncodeParamsInit fills in
 * AIMET's defaults (bitwidth 4, decompressed bitwidth 8, block size 64,
 * grouping -1, channel axis 0, block axis 1, no batch axes, aimet-torch). */
typedef struct LpbqEncodeParams {
  int bitwidth;
  int decompressed_bitwidth;
  int64_t block_size;
  /** -1: one float scale per channel (LPBQ); 1: plain blockwise; g > 1. */
  int64_t block_grouping;
  int channel_axis;
  int block_axis;
  const int *batch_axes;
  int num_batch_axes;
  /** "aimet-torch" (NULL means this), "aimet-onnx" or "executorch". */
  const char *scheme;
  /** Worker threads; 0 = all hardware threads. */
  unsigned num_threads;
} LpbqEncodeParams;

LPBQ_CAPI_EXPORTED void lpbqEncodeParamsInit(LpbqEncodeParams *params);

/** The geometry of a weight under an encoding. */
typedef struct LpbqEncodingLayout {
  int64_t num_elements;
  /** Product of the batch dims and the channel dim. */
  int64_t num_channels;
  int64_t num_blocks; /**< blocks per channel */
  int64_t num_groups; /**< float scales per channel */
  int64_t block_elements;
} LpbqEncodingLayout;

/** Outputs of lpbqEncode. Each pointer is either a caller-provided buffer of
 * the size given (see lpbqEncodingLayoutCompute), or NULL: then it is
 * allocated by the library when `allocate` is non-zero (free each with
 * lpbqFree), else that output is not produced. Per-block arrays are
 * [num_channels, num_blocks], per-group arrays [num_channels, num_groups],
 * per-element arrays in the weight's own row-major layout. */
typedef struct LpbqEncodingOutputs {
  int allocate;
  float *block_scales;        /**< raw s_b, per block */
  float *channel_scales;      /**< pcs, per group */
  int32_t *int_scales;        /**< i_b in [1, 2^(dbw-bw)], per block */
  int8_t *values;             /**< q, per element */
  float *dequant;             /**< q * S_b, per element */
  float *dequant_per_channel; /**< fl(q * i_b) * pcs, per element */
  LpbqEncodingLayout layout;  /**< filled in by lpbqEncode */
} LpbqEncodingOutputs;

/** Validates `params` against `shape` and computes the layout. On failure
 * stores a malloc'ed message in *error (when error is not NULL). */
LPBQ_CAPI_EXPORTED LpbqStatus lpbqEncodingLayoutCompute(
    const int64_t *shape, int rank, const LpbqEncodeParams *params,
    LpbqEncodingLayout *layout, char **error);

/** Encodes a float32 weight (row-major, `shape` of `rank` dims) with
 * min/max block scales, bit-exactly like AIMET for the aimet-torch
 * scheme. */
LPBQ_CAPI_EXPORTED LpbqStatus lpbqEncode(const float *data,
                                         const int64_t *shape, int rank,
                                         const LpbqEncodeParams *params,
                                         LpbqEncodingOutputs *outputs,
                                         char **error);

/** Re-quantizes a weight with given float scales (per group) and integer
 * scales (per block), e.g. from an encodings file. */
LPBQ_CAPI_EXPORTED LpbqStatus lpbqEncodeWithScales(
    const float *data, const int64_t *shape, int rank,
    const LpbqEncodeParams *params, const float *channel_scales,
    const int32_t *int_scales, LpbqEncodingOutputs *outputs, char **error);

#ifdef __cplusplus
}
#endif

#endif /* LPBQ_C_LPBQ_H */
