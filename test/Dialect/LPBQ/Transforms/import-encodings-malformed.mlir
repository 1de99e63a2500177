module {
  func.func @fc(%x: tensor<3x8xf32>, %acc: tensor<3x2xf32>) -> tensor<3x2xf32> {
    %w = arith.constant dense<[[0.7, -0.35, 0.1, 0.0, 0.07, -0.02, 0.03, 0.01], [-1.6, 0.8, 0.4, 0.2, 0.0, 0.0, 0.0, 0.0]]> : tensor<2x8xf32> loc("fc.weight")
    %0 = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
           ins(%x, %w : tensor<3x8xf32>, tensor<2x8xf32>) outs(%acc : tensor<3x2xf32>) -> tensor<3x2xf32>
    return %0 : tensor<3x2xf32>
  }
}

// A malformed encodings file is an error on the module (line 1 above) that
// says what is wrong and where in the file; the module is left unchanged.
// Each RUN reads one file of Inputs/; errors that concern a weight are in
// import-encodings-errors*.mlir.

// JSON syntax: line and column.
// RUN: not lpbq-opt %s --lpbq-import-encodings="path=%S/Inputs/import-encodings-syntax.json" -mlir-print-op-on-diagnostic=false 2>&1 | FileCheck %s --check-prefix=SYNTAX
// SYNTAX: import-encodings-malformed.mlir:1:1: error: lpbq: cannot parse encodings file '{{.*}}import-encodings-syntax.json': line 5, column 31: Expected , or } after object property

// RUN: not lpbq-opt %s --lpbq-import-encodings="path=%S/Inputs/import-encodings-bad-version.json" -mlir-print-op-on-diagnostic=false 2>&1 | FileCheck %s --check-prefix=VERSION
// VERSION: import-encodings-malformed.mlir:1:1: error: lpbq: malformed encodings file '{{.*}}import-encodings-bad-version.json': expected version 1.0.0 or 2.0.0, found '3.0.0' at version

// RUN: not lpbq-opt %s --lpbq-import-encodings="path=%S/Inputs/import-encodings-missing-key.json" -mlir-print-op-on-diagnostic=false 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: import-encodings-malformed.mlir:1:1: error: lpbq: malformed encodings file '{{.*}}import-encodings-missing-key.json': missing key 'scale' at param_encodings[0]

// RUN: not lpbq-opt %s --lpbq-import-encodings="path=%S/Inputs/import-encodings-wrong-type.json" -mlir-print-op-on-diagnostic=false 2>&1 | FileCheck %s --check-prefix=TYPE
// TYPE: import-encodings-malformed.mlir:1:1: error: lpbq: malformed encodings file '{{.*}}import-encodings-wrong-type.json': expected a number at param_encodings[0].scale[1]

// RUN: not lpbq-opt %s --lpbq-import-encodings="path=%S/Inputs/import-encodings-fractional-int.json" -mlir-print-op-on-diagnostic=false 2>&1 | FileCheck %s --check-prefix=FRACTION
// FRACTION: import-encodings-malformed.mlir:1:1: error: lpbq: malformed encodings file '{{.*}}import-encodings-fractional-int.json': expected an integer at param_encodings[0].per_block_int_scale[1]

// Only LPBQ and PER_BLOCK entries are blockwise encodings.
// RUN: not lpbq-opt %s --lpbq-import-encodings="path=%S/Inputs/import-encodings-enc-type.json" -mlir-print-op-on-diagnostic=false 2>&1 | FileCheck %s --check-prefix=ENCTYPE
// ENCTYPE: import-encodings-malformed.mlir:1:1: error: lpbq: malformed encodings file '{{.*}}import-encodings-enc-type.json': expected enc_type LPBQ or PER_BLOCK, found 'PER_CHANNEL' at param_encodings[0].enc_type

// RUN: not lpbq-opt %s --lpbq-import-encodings="path=%S/Inputs/import-encodings-asymmetric.json" -mlir-print-op-on-diagnostic=false 2>&1 | FileCheck %s --check-prefix=ASYM
// ASYM: import-encodings-malformed.mlir:1:1: error: lpbq: malformed encodings file '{{.*}}import-encodings-asymmetric.json': expected is_sym true (LPBQ is symmetric) at param_encodings[0].is_sym

// AIMET's older dictionary form of param_encodings is not 1.0.0.
// RUN: not lpbq-opt %s --lpbq-import-encodings="path=%S/Inputs/import-encodings-not-list.json" -mlir-print-op-on-diagnostic=false 2>&1 | FileCheck %s --check-prefix=NOTLIST
// NOTLIST: import-encodings-malformed.mlir:1:1: error: lpbq: malformed encodings file '{{.*}}import-encodings-not-list.json': expected a list at param_encodings

// Format 2.0.0: nested lists, output_dtype intN.
// RUN: not lpbq-opt %s --lpbq-import-encodings="path=%S/Inputs/import-encodings-v2-nested.json" -mlir-print-op-on-diagnostic=false 2>&1 | FileCheck %s --check-prefix=NESTED
// NESTED: import-encodings-malformed.mlir:1:1: error: lpbq: malformed encodings file '{{.*}}import-encodings-v2-nested.json': expected a list at encodings[0].per_block_int_scale[1]
// RUN: not lpbq-opt %s --lpbq-import-encodings="path=%S/Inputs/import-encodings-v2-dtype.json" -mlir-print-op-on-diagnostic=false 2>&1 | FileCheck %s --check-prefix=DTYPE
// DTYPE: import-encodings-malformed.mlir:1:1: error: lpbq: malformed encodings file '{{.*}}import-encodings-v2-dtype.json': expected output_dtype intN, found 'float16' at encodings[0].output_dtype

// No file, a missing file, a bad scheme.
// RUN: not lpbq-opt %s --lpbq-import-encodings -mlir-print-op-on-diagnostic=false 2>&1 | FileCheck %s --check-prefix=NOPATH
// NOPATH: import-encodings-malformed.mlir:1:1: error: lpbq: expected an encodings file (path=FILE)
// RUN: not lpbq-opt %s --lpbq-import-encodings="path=%t.does-not-exist.json" -mlir-print-op-on-diagnostic=false 2>&1 | FileCheck %s --check-prefix=NOFILE
// NOFILE: import-encodings-malformed.mlir:1:1: error: lpbq: cannot open encodings file '{{.*}}does-not-exist.json'
// RUN: not lpbq-opt %s --lpbq-import-encodings="path=%S/Inputs/import-encodings-spec.json scheme=aimet" -mlir-print-op-on-diagnostic=false 2>&1 | FileCheck %s --check-prefix=SCHEME
// SCHEME: import-encodings-malformed.mlir:1:1: error: expected scheme aimet-torch, aimet-onnx or executorch, found 'aimet'

// Nothing is rewritten after an error.
// RUN: not lpbq-opt %s --lpbq-import-encodings="path=%S/Inputs/import-encodings-wrong-type.json" -mlir-print-ir-after-failure -mlir-print-op-on-diagnostic=false 2>&1 | FileCheck %s --check-prefix=UNCHANGED
// UNCHANGED: IR Dump After LPBQImportEncodings Failed
// UNCHANGED-NOT: lpbq.constant
// UNCHANGED: arith.constant dense<{{.*}}> : tensor<2x8xf32>
// UNCHANGED-NOT: lpbq.constant
