/* Exercises the C API of lpbq (include/lpbq-c/LPBQ.h) from plain C; see
   ../capi.test. */
#include "lpbq-c/LPBQ.h"

#include <stdio.h>
#include <string.h>

static const char *kModel =
    "func.func @fc(%x: tensor<3x8xf32>, %acc: tensor<3x2xf32>) -> "
    "tensor<3x2xf32> {\n"
    "  %w = arith.constant dense<[[0.7, -0.35, 0.1, 0.0, 0.07, -0.02, 0.03, "
    "0.01], [-1.6, 0.8, 0.4, 0.2, 0.0, 0.0, 0.0, 0.0]]> : tensor<2x8xf32> "
    "loc(\"fc.weight\")\n"
    "  %0 = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, "
    "affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>] "
    "ins(%x, %w : tensor<3x8xf32>, tensor<2x8xf32>) outs(%acc : "
    "tensor<3x2xf32>) -> tensor<3x2xf32>\n"
    "  return %0 : tensor<3x2xf32>\n"
    "}\n";

static void printConstant(LpbqModule *module) {
  char *text = NULL;
  size_t size = 0;
  if (lpbqModulePrint(module, 0, &text, &size) != LPBQ_OK)
    return;
  const char *line = strstr(text, "lpbq.constant");
  if (line)
    printf("%.*s\n", (int)strcspn(line, "\n"), line);
  else
    printf("no lpbq.constant\n");
  lpbqFree(text);
}

int main(void) {
  printf("version %s\n", lpbqVersion());

  /* The encoding core: the spec's 2x8 weight, block size 4; outputs
     allocated by the library. */
  float w[16] = {0.7f,  -0.35f, 0.1f, 0.0f, 0.07f, -0.02f, 0.03f, 0.01f,
                 -1.6f, 0.8f,   0.4f, 0.2f, 0.0f,  0.0f,   0.0f,  0.0f};
  int64_t shape[2] = {2, 8};
  LpbqEncodeParams params;
  lpbqEncodeParamsInit(&params);
  params.block_size = 4;
  LpbqEncodingOutputs out;
  memset(&out, 0, sizeof(out));
  out.allocate = 1;
  char *error = NULL;
  if (lpbqEncode(w, shape, 2, &params, &out, &error) != LPBQ_OK) {
    printf("error %s\n", error);
    return 1;
  }
  printf("channels %lld blocks %lld groups %lld\n",
         (long long)out.layout.num_channels, (long long)out.layout.num_blocks,
         (long long)out.layout.num_groups);
  printf("pcs %g %g ints %d %d %d %d q %d %d %d %d\n", out.channel_scales[0],
         out.channel_scales[1], out.int_scales[0], out.int_scales[1],
         out.int_scales[2], out.int_scales[3], out.values[0], out.values[1],
         out.values[2], out.values[8]);
  printf("dequant %g per-channel %g\n", out.dequant[0],
         out.dequant_per_channel[0]);

  /* Again with the same scales, into caller buffers, values only. */
  int8_t q[16];
  LpbqEncodingOutputs mine;
  memset(&mine, 0, sizeof(mine));
  mine.values = q;
  if (lpbqEncodeWithScales(w, shape, 2, &params, out.channel_scales,
                           out.int_scales, &mine, &error) != LPBQ_OK)
    return 1;
  printf("same values %d\n", memcmp(q, out.values, sizeof(q)) == 0);
  lpbqFree(out.block_scales);
  lpbqFree(out.channel_scales);
  lpbqFree(out.int_scales);
  lpbqFree(out.values);
  lpbqFree(out.dequant);
  lpbqFree(out.dequant_per_channel);

  params.block_size = 3;
  memset(&out, 0, sizeof(out));
  LpbqStatus st = lpbqEncode(w, shape, 2, &params, &out, &error);
  printf("status %d: %s\n", (int)st, error);
  lpbqFree(error);

  /* Modules, pipelines, diagnostics. */
  LpbqContext *ctx = lpbqContextCreate();
  LpbqModule *module = NULL;
  const char *bad = "func.func @f() {\n  %0 = \n}";
  st = lpbqModuleParse(ctx, bad, strlen(bad), "bad.mlir", &module);
  printf("parse status %d errors %d\n%s", (int)st, lpbqContextGetNumErrors(ctx),
         lpbqContextGetDiagnostics(ctx));

  if (lpbqModuleParse(ctx, kModel, strlen(kModel), "fc.mlir", &module))
    return 1;
  LpbqModule *copy = NULL;
  lpbqModuleClone(module, &copy);
  st = lpbqModuleRunPipeline(module, "lpbq-quantize-weights{block-size=4}");
  printf("quantize status %d\n", (int)st);
  printConstant(module);
  st = lpbqModuleRunPipeline(
      copy, "builtin.module(lpbq-quantize-weights{block-size=3 strict=true})");
  printf("strict status %d\n%s", (int)st, lpbqContextGetDiagnostics(ctx));
  st = lpbqModuleRunPipeline(copy, "no-such-pass");
  printf("unknown pass status %d\n%s", (int)st, lpbqContextGetDiagnostics(ctx));

  /* Bytecode round trip. */
  char *bytes = NULL;
  size_t size = 0;
  if (lpbqModuleWriteBytecode(module, &bytes, &size) != LPBQ_OK)
    return 1;
  printf("bytecode magic %d\n", size > 4 && memcmp(bytes, "ML\xefR", 4) == 0);
  LpbqModule *again = NULL;
  if (lpbqModuleParse(ctx, bytes, size, "fc.mlirbc", &again) != LPBQ_OK)
    return 1;
  lpbqFree(bytes);
  printConstant(again);

  /* Destroying the context first is allowed: it lives until its last
     module is destroyed. */
  lpbqContextDestroy(ctx);
  printConstant(copy);
  lpbqModuleDestroy(again);
  lpbqModuleDestroy(copy);
  lpbqModuleDestroy(module);
  printf("done\n");
  return 0;
}
