# RUN: %python %s | FileCheck %s
"""End-to-end check of every lowering route of `lpbq-compile` against numpy.

For each model kind of the weight layout table (spec section 4: matmul
[K, N] and transposed-B [N, K], matvec, batch_matmul [B, K, N] and with a
transposed B [B, N, K], conv_2d_nchw_fchw, conv_2d_nhwc_hwcf,
conv_2d_nhwc_fhwc, tosa.conv2d (OHWI), tosa.matmul with a constant B) and each
lowering route, a module with random float32 weights and inputs (fixed seed)
is compiled with `lpbq-opt --lpbq-compile=...`, run with `mlir-runner`, and
its printed output is compared with numpy:

  (a) the output computed (float64) from the reference's `dequant_pc` weights
      (`fl(q * i_b) * pcs`, what both lowerings must compute exactly):
      max abs error <= 1e-4 * (1 + max |expected|) (accumulation order and the
      6 significant digits of printMemrefF32 differ); the output must also be
      much closer to this than to the float model, so a weight that was not
      quantized at all cannot pass;
  (b) the float model: SQNR >= a floor for the bitwidth;
  (c) for the vector and fused lowerings, the code produced (fused kernel;
      4-bit nibbles, 8-bit bytes or the scalar path), read from the
      to-llvm=false output.

Routes: per-channel (quant dialect + lower-quant-ops), vector (scf/vector
loops over the packed bytes) and fused (matmul kernels on the packed bytes,
vector loops for the rest), with vector-width 16 and 4, shapes whose
row/run length no power of two divides (the scalar path), bitwidths 3 and 2
(scalar path; i16 per-channel storage for decompressed-bitwidth 10),
bitwidth 8 with decompressed-bitwidth 12 (i16 per-channel storage) and block
grouping 2 (sub-channel quant type).

tosa.conv2d appears twice: with the usual constant bias (the bias
`tosa.const` must be lowered too) and with the bias as a function argument,
so that the OHWI numerics are checked independently of the bias.

One summary line per (model, route): `<model> <route>: ok` or `... FAIL` with
details on the following lines.
"""

import concurrent.futures
import os
import re
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))

from lpbq import reference as ref  # noqa: E402

BUILD = os.environ.get("LPBQ_BUILD_DIR",
                       os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "build"))
LPBQ_OPT = os.path.join(BUILD, "bin", "lpbq-opt")
LLVM_BIN = os.environ.get("LPBQ_LLVM_BIN", "/usr/lib/llvm-22/bin")
LLVM_LIB = os.path.normpath(os.path.join(LLVM_BIN, os.pardir, "lib"))
MLIR_RUNNER = os.path.join(LLVM_BIN, "mlir-runner")
SHARED_LIBS = ",".join(os.path.join(LLVM_LIB, l) for l in
                       ("libmlir_runner_utils.so", "libmlir_c_runner_utils.so"))

SEED = 20250612
JOBS = int(os.environ.get("LPBQ_JIT_JOBS", "2"))
# SQNR floors of the output against the float model. The weights' magnitudes
# vary tenfold between rows of the block axis, which costs a few dB; the
# observed minima (seed below) are about 3.3, 9.9, 15.4 and 35.2 dB for
# bitwidths 2, 3, 4 and 8.
SQNR_FLOOR_DB = {2: 1.5, 3: 7.0, 4: 12.0, 8: 30.0}


# --------------------------------------------------------------------------
# MLIR text helpers
# --------------------------------------------------------------------------
def ttype(shape):
    return "tensor<%sxf32>" % "x".join(str(d) for d in shape)


def hexdense(a):
    a = np.ascontiguousarray(a, dtype="<f4")
    return 'dense<"0x%s">' % a.tobytes().hex().upper()


def linalg_body(op_text, x_shape, w_shape, y_shape, w_first=False):
    """@model(%x) with a constant weight %w feeding one linalg op."""
    X, W, Y = ttype(x_shape), ttype(w_shape), ttype(y_shape)
    ins = "%w, %x : {W}, {X}" if w_first else "%x, %w : {X}, {W}"
    ins = ins.format(X=X, W=W)
    return lambda w: "\n".join([
        "func.func @model(%%x: %s) -> %s {" % (X, Y),
        '  %%w = arith.constant %s : %s loc("model.weight")' % (hexdense(w), W),
        "  %z = arith.constant 0.0 : f32",
        "  %%e = tensor.empty() : %s" % Y,
        "  %%f = linalg.fill ins(%%z : f32) outs(%%e : %s) -> %s" % (Y, Y),
        "  %%y = %s ins(%s) outs(%%f : %s) -> %s" % (op_text, ins, Y, Y),
        "  return %%y : %s" % Y,
        "}",
    ])


def main_body(x, y_shape, extra=()):
    """@main: constant inputs (x, then the `extra` arrays), call, print."""
    args = [x] + [a for a in extra]
    types = [ttype(a.shape) for a in args]
    Y = ttype(y_shape)
    lines = ["func.func private @printMemrefF32(tensor<*xf32>)", "func.func @main() {"]
    for i, (a, t) in enumerate(zip(args, types)):
        lines.append("  %%a%d = arith.constant %s : %s" % (i, hexdense(a), t))
    return "\n".join(lines + [
        "  %%r = call @model(%s) : (%s) -> %s" % (
            ", ".join("%%a%d" % i for i in range(len(args))), ", ".join(types), Y),
        "  %%u = tensor.cast %%r : %s to tensor<*xf32>" % Y,
        "  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()",
        "  return",
        "}",
    ])


# --------------------------------------------------------------------------
# numpy models (float64)
# --------------------------------------------------------------------------
def conv_nchw_fchw(x, w):
    win = np.lib.stride_tricks.sliding_window_view(x, w.shape[2:], axis=(2, 3))
    return np.einsum("nchwij,fcij->nfhw", win, w)          # [N, F, OH, OW]


def conv_nhwc_hwcf(x, w):
    win = np.lib.stride_tricks.sliding_window_view(x, w.shape[:2], axis=(1, 2))
    return np.einsum("nhwcij,ijcf->nhwf", win, w)          # [N, OH, OW, F]


def conv_nhwc_ohwi(x, w):
    win = np.lib.stride_tricks.sliding_window_view(x, w.shape[1:3], axis=(1, 2))
    return np.einsum("nhwcij,fijc->nhwf", win, w)


# --------------------------------------------------------------------------
# model kinds. make(dims) -> dict(x, w, layout, text(w), ref(x, w), y_shape)
#   dims: K = reduction length, N = output channels, bs = block size
# --------------------------------------------------------------------------
M, B, HW, KS = 3, 2, 6, 3   # rows, batch, image side, kernel side


def model_matmul_kn(d):
    K, N = d["K"], d["N"]
    return dict(x_shape=(M, K), w_shape=(K, N), y_shape=(M, N), layout=(1, 0, ()),
                text=linalg_body("linalg.matmul", (M, K), (K, N), (M, N)),
                ref=lambda x, w: x @ w)


def model_matmul_nk(d):
    K, N = d["K"], d["N"]
    op = ("linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, "
          "affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]")
    return dict(x_shape=(M, K), w_shape=(N, K), y_shape=(M, N), layout=(0, 1, ()),
                text=linalg_body(op, (M, K), (N, K), (M, N)),
                ref=lambda x, w: x @ w.T)


def model_matvec(d):
    K, N = d["K"], d["N"]
    return dict(x_shape=(K,), w_shape=(N, K), y_shape=(N,), layout=(0, 1, ()),
                text=linalg_body("linalg.matvec", (K,), (N, K), (N,), w_first=True),
                ref=lambda x, w: w @ x)


def model_batch_matmul(d):
    K, N = d["K"], d["N"]
    return dict(x_shape=(B, M, K), w_shape=(B, K, N), y_shape=(B, M, N), layout=(2, 1, (0,)),
                text=linalg_body("linalg.batch_matmul", (B, M, K), (B, K, N), (B, M, N)),
                ref=lambda x, w: np.einsum("bmk,bkn->bmn", x, w))


def model_batch_matmul_nk(d):
    """batch_matmul with a transposed B [B, N, K]: block-contiguous with a
    batch axis."""
    K, N = d["K"], d["N"]
    op = ("linalg.batch_matmul indexing_maps = [affine_map<(b, m, n, k) -> (b, m, k)>, "
          "affine_map<(b, m, n, k) -> (b, n, k)>, affine_map<(b, m, n, k) -> (b, m, n)>]")
    return dict(x_shape=(B, M, K), w_shape=(B, N, K), y_shape=(B, M, N), layout=(1, 2, (0,)),
                text=linalg_body(op, (B, M, K), (B, N, K), (B, M, N)),
                ref=lambda x, w: np.einsum("bmk,bnk->bmn", x, w))


CONV_ATTRS = "{dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}"
OHW = HW - KS + 1


def model_conv_nchw_fchw(d):
    C, F = d["C"], d["F"]
    xs, ws, ys = (1, C, HW, HW), (F, C, KS, KS), (1, F, OHW, OHW)
    return dict(x_shape=xs, w_shape=ws, y_shape=ys, layout=(0, 1, ()),
                text=linalg_body("linalg.conv_2d_nchw_fchw " + CONV_ATTRS, xs, ws, ys),
                ref=conv_nchw_fchw)


def model_conv_nhwc_hwcf(d):
    C, F = d["C"], d["F"]
    xs, ws, ys = (1, HW, HW, C), (KS, KS, C, F), (1, OHW, OHW, F)
    return dict(x_shape=xs, w_shape=ws, y_shape=ys, layout=(3, 2, ()),
                text=linalg_body("linalg.conv_2d_nhwc_hwcf " + CONV_ATTRS, xs, ws, ys),
                ref=conv_nhwc_hwcf)


def model_conv_nhwc_fhwc(d):
    C, F = d["C"], d["F"]
    xs, ws, ys = (1, HW, HW, C), (F, KS, KS, C), (1, OHW, OHW, F)
    return dict(x_shape=xs, w_shape=ws, y_shape=ys, layout=(0, 3, ()),
                text=linalg_body("linalg.conv_2d_nhwc_fhwc " + CONV_ATTRS, xs, ws, ys),
                ref=conv_nhwc_ohwi)


def model_tosa_conv2d(d, bias_arg=False):
    """tosa.conv2d with a constant bias (the usual form), or with the bias
    passed as a function argument (bias_arg)."""
    C, F = d["C"], d["F"]
    xs, ws, ys = (1, HW, HW, C), (F, KS, KS, C), (1, OHW, OHW, F)
    X, W, Y, BT = ttype(xs), ttype(ws), ttype(ys), ttype((F,))
    bias = d["rng"].standard_normal(F).astype(np.float32)

    def text(w):
        if bias_arg:
            head = ["func.func @model(%%x: %s, %%b: %s) -> %s {" % (X, BT, Y)]
        else:
            head = ["func.func @model(%%x: %s) -> %s {" % (X, Y),
                    '  %%b = "tosa.const"() <{values = %s : %s}> : () -> %s'
                    % (hexdense(bias), BT, BT)]
        return "\n".join(head + [
            '  %%w = "tosa.const"() <{values = %s : %s}> : () -> %s loc("model.weight")'
            % (hexdense(w), W, W),
            '  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>',
            "  %y = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, "
            "pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}",
            "       : (%s, %s, %s, tensor<1xf32>, tensor<1xf32>) -> %s" % (X, W, BT, Y),
            "  return %%y : %s" % Y,
            "}",
        ])
    return dict(x_shape=xs, w_shape=ws, y_shape=ys, layout=(0, 3, ()), text=text,
                extra=[bias] if bias_arg else [],
                ref=lambda x, w: conv_nhwc_ohwi(x, w) + bias.astype(np.float64))


def model_tosa_matmul(d):
    K, N = d["K"], d["N"]
    xs, ws, ys = (B, M, K), (B, K, N), (B, M, N)
    X, W, Y = ttype(xs), ttype(ws), ttype(ys)

    def text(w):
        return "\n".join([
            "func.func @model(%%x: %s) -> %s {" % (X, Y),
            '  %%w = "tosa.const"() <{values = %s : %s}> : () -> %s loc("model.weight")'
            % (hexdense(w), W, W),
            '  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>',
            "  %%y = tosa.matmul %%x, %%w, %%zp, %%zp : (%s, %s, tensor<1xf32>, tensor<1xf32>) -> %s"
            % (X, W, Y),
            "  return %%y : %s" % Y,
            "}",
        ])
    return dict(x_shape=xs, w_shape=ws, y_shape=ys, layout=(2, 1, (0,)), text=text,
                ref=lambda x, w: np.einsum("bmk,bkn->bmn", x, w))


# name, model maker, dims kind, whether convert-lpbq-matmul-to-vector fuses it
# (its documented ops and maps: matmul with default or transposed-B maps,
# matvec, batch_matmul with default maps, tosa.matmul).
MODELS = [
    ("linalg.matmul[KN]", model_matmul_kn, "mat", True),
    ("linalg.matmul[NK]", model_matmul_nk, "mat", True),
    ("linalg.matvec", model_matvec, "mat", True),
    ("linalg.batch_matmul", model_batch_matmul, "mat", True),
    ("linalg.batch_matmul[BNK]", model_batch_matmul_nk, "mat", False),
    ("linalg.conv_2d_nchw_fchw", model_conv_nchw_fchw, "conv", False),
    ("linalg.conv_2d_nhwc_hwcf", model_conv_nhwc_hwcf, "conv", False),
    ("linalg.conv_2d_nhwc_fhwc", model_conv_nhwc_fhwc, "conv", False),
    ("tosa.conv2d[bias-arg]", lambda d: model_tosa_conv2d(d, bias_arg=True), "conv", False),
    ("tosa.matmul", model_tosa_matmul, "mat", True),
    # Last, so that a failure here does not stop FileCheck before the others.
    ("tosa.conv2d", model_tosa_conv2d, "conv", False),
]

# Shapes. "odd": channel counts and block sizes that no power of two >= 2
# divides, so every row (channel-innermost layouts: N channels) and every run
# (block-contiguous layouts: bs x trailing window) is odd: the 4-bit vector
# path needs an even width dividing it, so the scalar path is taken.
DIMS = {
    ("mat", "normal"): dict(K=64, N=16, bs=16),
    ("mat", "odd"): dict(K=63, N=9, bs=9),
    ("conv", "normal"): dict(C=16, F=8, bs=4),
    ("conv", "odd"): dict(C=15, F=5, bs=3),
}

# route name, lpbq-compile options (besides block-size), shapes, bitwidth,
# decompressed bitwidth, block grouping, and for the vector and fused
# lowerings the code they must produce (checked on the to-llvm=false
# output; a dict: for fusable models and the others): "fused" (a fused matmul kernel),
# "nibbles" (dequantization loops, 4-bit: shifts + vector.interleave),
# "bytes" (8-bit: direct vector reads) or "scalar" (bit extraction, one
# element at a time).
ROUTES = [
    ("per-channel", "lowering=per-channel", "normal", 4, 8, -1, None),
    ("vector", "lowering=vector", "normal", 4, 8, -1, "nibbles"),
    ("vector vector-width=4", "lowering=vector vector-width=4", "normal", 4, 8, -1, "nibbles"),
    ("vector vector-width=4 odd-shapes", "lowering=vector vector-width=4", "odd", 4, 8, -1,
     "scalar"),
    ("per-channel bitwidth=3", "lowering=per-channel bitwidth=3 decompressed-bitwidth=8",
     "normal", 3, 8, -1, None),
    ("vector bitwidth=3", "lowering=vector bitwidth=3 decompressed-bitwidth=8", "normal", 3, 8, -1,
     "scalar"),
    ("per-channel bitwidth=2 dbw=10", "lowering=per-channel bitwidth=2 decompressed-bitwidth=10",
     "normal", 2, 10, -1, None),
    ("vector bitwidth=2 dbw=10", "lowering=vector bitwidth=2 decompressed-bitwidth=10",
     "normal", 2, 10, -1, "scalar"),
    ("per-channel bitwidth=8 dbw=12", "lowering=per-channel bitwidth=8 decompressed-bitwidth=12",
     "normal", 8, 12, -1, None),
    ("vector bitwidth=8 dbw=12", "lowering=vector bitwidth=8 decompressed-bitwidth=12",
     "normal", 8, 12, -1, "bytes"),
    ("per-channel block-grouping=2", "lowering=per-channel block-grouping=2", "normal", 4, 8, 2,
     None),
    ("vector block-grouping=2", "lowering=vector block-grouping=2", "normal", 4, 8, 2, "nibbles"),
    # Fused matmul kernels for the matmul-like ops; convs keep the vector
    # loops. Shapes or bitwidths the kernels do not take fall back too.
    ("fused", "lowering=fused", "normal", 4, 8, -1, {"fused": "fused", "other": "nibbles"}),
    ("fused vector-width=4 odd-shapes", "lowering=fused vector-width=4", "odd", 4, 8, -1,
     "scalar"),
    ("fused bitwidth=3", "lowering=fused bitwidth=3 decompressed-bitwidth=8", "normal", 3, 8, -1,
     "scalar"),
    ("fused bitwidth=8 dbw=12", "lowering=fused bitwidth=8 decompressed-bitwidth=12",
     "normal", 8, 12, -1, {"fused": "fused", "other": "bytes"}),
    ("fused block-grouping=2", "lowering=fused block-grouping=2", "normal", 4, 8, 2,
     {"fused": "fused", "other": "nibbles"}),
]


# --------------------------------------------------------------------------
# running
# --------------------------------------------------------------------------
NUM = re.compile(r"^[-+]?(\d+\.?\d*([eE][-+]?\d+)?|\.\d+([eE][-+]?\d+)?|nan|inf)$", re.I)


def parse_output(text):
    """Values and sizes printed by printMemrefF32."""
    m = re.search(r"sizes = \[([^\]]*)\].*?data =", text, re.S)
    if not m:
        raise ValueError("no memref printed; output: %r" % text[:500])
    sizes = tuple(int(s) for s in m.group(1).split(",") if s.strip())
    toks = [t for t in re.split(r"[\[\],\s]+", text[m.end():]) if t]
    for t in toks:
        if not NUM.match(t):
            raise ValueError("unexpected token %r in printed data" % t)
    return sizes, np.array([float(t) for t in toks], dtype=np.float64)


MATMUL_OPS = re.compile(r"\blinalg\.(matmul|batch_matmul|matvec|vecmat|conv_\w+)\b")


def unpack_path(src, options):
    """How the LPBQ weight was lowered, read from the to-llvm=false output:
    "fused" (no matmul/conv op left: a fused kernel), else the unpacking of
    the dequantization loops."""
    p = subprocess.run([LPBQ_OPT, src, "--lpbq-compile=" + options + " to-llvm=false"],
                       capture_output=True, text=True, timeout=120)
    if p.returncode != 0:
        return "error (lpbq-opt exit %d)" % p.returncode
    t = p.stdout
    if not MATMUL_OPS.search(t):
        return "fused"
    if "vector.interleave" in t:
        return "nibbles"
    if "arith.shrui" in t:
        return "scalar"
    if re.search(r"vector.transfer_read .*xi8>, vector<\d+xi8>", t):
        return "bytes"
    return "unknown"


def run_case(src, module, options):
    """Compiles and runs one module; returns (sizes, values, path) or an
    error string."""
    out = src[:-len(".mlir")] + ".llvm.mlir"
    with open(src, "w") as f:
        f.write(module)
    cmd = [LPBQ_OPT, src, "--lpbq-compile=" + options, "-o", out]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    if p.returncode != 0:
        return None, "lpbq-opt exit %d: %s" % (p.returncode, p.stderr.strip()[:800])
    cmd = [MLIR_RUNNER, out, "-e", "main", "-entry-point-result=void",
           "-shared-libs=" + SHARED_LIBS]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    if p.returncode != 0:
        return None, "mlir-runner exit %d: %s" % (p.returncode, p.stderr.strip()[:800])
    path = None if "lowering=per-channel" in options else unpack_path(src, options)
    try:
        return parse_output(p.stdout) + (path,), None
    except ValueError as e:
        return None, str(e)


def prepare(name, make, kind, fusable, route, rng):
    """Random weights and inputs, the module, and the numpy expectations."""
    rname, opts, shapes, bw, dbw, grouping, want_path = route
    d = dict(DIMS[(kind, shapes)])
    d["rng"] = rng
    m = make(d)
    ch, blk, batch = m["layout"]
    # Weights: Gaussian, with magnitudes that vary along the block axis
    # (a factor per block-axis index) and per channel, so that the integer
    # block scales spread over [1, K].
    w_shape = m["w_shape"]
    w = rng.standard_normal(w_shape)
    bshape = [1] * len(w_shape)
    bshape[blk] = w_shape[blk]
    w *= 10.0 ** rng.uniform(-1.0, 0.0, bshape)
    cshape = [1] * len(w_shape)
    cshape[ch] = w_shape[ch]
    w *= 10.0 ** rng.uniform(-0.5, 0.5, cshape)
    w = w.astype(np.float32)
    x = rng.standard_normal(m["x_shape"]).astype(np.float32)

    enc = ref.compute_encodings(w, ch, blk, bitwidth=bw, decompressed_bw=dbw,
                                block_size=d["bs"], block_grouping=grouping,
                                batch_axes=batch)
    if isinstance(want_path, dict):
        want_path = want_path["fused" if fusable else "other"]
    return dict(
        label="%s %s" % (name, rname),
        options="block-size=%d %s" % (d["bs"], opts),
        module=m["text"](w) + "\n" + main_body(x, m["y_shape"], m.get("extra", ())) + "\n",
        y_shape=tuple(m["y_shape"]),
        expected=m["ref"](x.astype(np.float64), enc["dequant_pc"].astype(np.float64)),
        fmodel=m["ref"](x.astype(np.float64), w.astype(np.float64)),
        floor=SQNR_FLOOR_DB[bw],
        want_path=want_path)


def report(c, res, err):
    """Prints the summary line (and details) of one case; returns ok."""
    label, expected, fmodel = c["label"], c["expected"], c["fmodel"]
    details = ["  options: %s" % c["options"]]
    if err is None:
        (sizes, got, path) = res
        if sizes != c["y_shape"] or got.size != expected.size:
            err = "printed sizes %s (%d values), expected %s" % (sizes, got.size, c["y_shape"])
    if err is not None:
        print("%s: FAIL" % label)
        print("\n".join(details + ["  " + l for l in err.splitlines()]))
        return False
    got = got.reshape(expected.shape)
    tol = 1e-4 * (1.0 + float(np.abs(expected).max()))
    finite = bool(np.all(np.isfinite(got)))
    err_pc = float(np.abs(got - expected).max()) if finite else np.inf
    err_float = float(np.abs(got - fmodel).max()) if finite else np.inf
    sqnr = ref.sqnr_db(fmodel, got) if finite else -np.inf
    floor, want_path = c["floor"], c["want_path"]
    ok = (err_pc <= tol and sqnr >= floor and err_pc * 4 < err_float
          and path == want_path)
    print("%s: %s" % (label, "ok" if ok else "FAIL"))
    print("  max|err| vs dequant_pc model %.3g (tol %.3g), vs float model %.3g; "
          "SQNR %.1f dB (floor %.1f)%s" % (
              err_pc, tol, err_float, sqnr, floor,
              "" if want_path is None else "; lowering: %s (expected %s)" % (path, want_path)))
    if not ok:
        flat = np.abs(got - expected).reshape(-1)
        i = int(np.argmax(flat))
        print("\n".join(details))
        print("  worst element %d: got %.7g, expected %.7g (float model %.7g)"
              % (i, got.reshape(-1)[i], expected.reshape(-1)[i], fmodel.reshape(-1)[i]))
        print("  first values got:      %s" % np.array2string(got.reshape(-1)[:8], precision=5))
        print("  first values expected: %s" % np.array2string(expected.reshape(-1)[:8], precision=5))
    return ok


def main():
    for tool in (LPBQ_OPT, MLIR_RUNNER):
        if not os.access(tool, os.X_OK):
            print("missing tool: %s" % tool)
            return 1
    rng = np.random.default_rng(SEED)
    # All random data first, in a fixed order, so that results do not depend
    # on the parallel execution below.
    cases = [prepare(name, make, kind, fusable, route, rng)
             for name, make, kind, fusable in MODELS for route in ROUTES]
    keep = os.environ.get("LPBQ_KEEP_TMP")
    tmp_ctx = tempfile.TemporaryDirectory(prefix="lpbq-jit-")
    tmp = keep if keep else tmp_ctx.name
    if keep:
        os.makedirs(tmp, exist_ok=True)
    with tmp_ctx, concurrent.futures.ThreadPoolExecutor(max_workers=JOBS) as pool:
        futures = [pool.submit(run_case, os.path.join(tmp, "case%03d.mlir" % i),
                               c["module"], c["options"])
                   for i, c in enumerate(cases)]
        n_ok = 0
        for c, f in zip(cases, futures):
            res, err = f.result()
            n_ok += report(c, res, err)
    print("summary: %d/%d ok" % (n_ok, len(cases)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

# CHECK: linalg.matmul[KN] per-channel: ok
# CHECK: linalg.matmul[KN] vector: ok
# CHECK: linalg.matmul[KN] vector vector-width=4: ok
# CHECK: linalg.matmul[KN] vector vector-width=4 odd-shapes: ok
# CHECK: linalg.matmul[KN] per-channel bitwidth=3: ok
# CHECK: linalg.matmul[KN] vector bitwidth=3: ok
# CHECK: linalg.matmul[KN] per-channel bitwidth=2 dbw=10: ok
# CHECK: linalg.matmul[KN] vector bitwidth=2 dbw=10: ok
# CHECK: linalg.matmul[KN] per-channel bitwidth=8 dbw=12: ok
# CHECK: linalg.matmul[KN] vector bitwidth=8 dbw=12: ok
# CHECK: linalg.matmul[KN] per-channel block-grouping=2: ok
# CHECK: linalg.matmul[KN] vector block-grouping=2: ok
# CHECK: linalg.matmul[KN] fused: ok
# CHECK: linalg.matmul[KN] fused vector-width=4 odd-shapes: ok
# CHECK: linalg.matmul[KN] fused bitwidth=3: ok
# CHECK: linalg.matmul[KN] fused bitwidth=8 dbw=12: ok
# CHECK: linalg.matmul[KN] fused block-grouping=2: ok
# CHECK: linalg.matmul[NK] per-channel: ok
# CHECK: linalg.matmul[NK] vector: ok
# CHECK: linalg.matmul[NK] vector vector-width=4: ok
# CHECK: linalg.matmul[NK] vector vector-width=4 odd-shapes: ok
# CHECK: linalg.matmul[NK] per-channel bitwidth=3: ok
# CHECK: linalg.matmul[NK] vector bitwidth=3: ok
# CHECK: linalg.matmul[NK] per-channel bitwidth=2 dbw=10: ok
# CHECK: linalg.matmul[NK] vector bitwidth=2 dbw=10: ok
# CHECK: linalg.matmul[NK] per-channel bitwidth=8 dbw=12: ok
# CHECK: linalg.matmul[NK] vector bitwidth=8 dbw=12: ok
# CHECK: linalg.matmul[NK] per-channel block-grouping=2: ok
# CHECK: linalg.matmul[NK] vector block-grouping=2: ok
# CHECK: linalg.matmul[NK] fused: ok
# CHECK: linalg.matmul[NK] fused vector-width=4 odd-shapes: ok
# CHECK: linalg.matmul[NK] fused bitwidth=3: ok
# CHECK: linalg.matmul[NK] fused bitwidth=8 dbw=12: ok
# CHECK: linalg.matmul[NK] fused block-grouping=2: ok
# CHECK: linalg.matvec per-channel: ok
# CHECK: linalg.matvec vector: ok
# CHECK: linalg.matvec vector vector-width=4: ok
# CHECK: linalg.matvec vector vector-width=4 odd-shapes: ok
# CHECK: linalg.matvec per-channel bitwidth=3: ok
# CHECK: linalg.matvec vector bitwidth=3: ok
# CHECK: linalg.matvec per-channel bitwidth=2 dbw=10: ok
# CHECK: linalg.matvec vector bitwidth=2 dbw=10: ok
# CHECK: linalg.matvec per-channel bitwidth=8 dbw=12: ok
# CHECK: linalg.matvec vector bitwidth=8 dbw=12: ok
# CHECK: linalg.matvec per-channel block-grouping=2: ok
# CHECK: linalg.matvec vector block-grouping=2: ok
# CHECK: linalg.matvec fused: ok
# CHECK: linalg.matvec fused vector-width=4 odd-shapes: ok
# CHECK: linalg.matvec fused bitwidth=3: ok
# CHECK: linalg.matvec fused bitwidth=8 dbw=12: ok
# CHECK: linalg.matvec fused block-grouping=2: ok
# CHECK: linalg.batch_matmul per-channel: ok
# CHECK: linalg.batch_matmul vector: ok
# CHECK: linalg.batch_matmul vector vector-width=4: ok
# CHECK: linalg.batch_matmul vector vector-width=4 odd-shapes: ok
# CHECK: linalg.batch_matmul per-channel bitwidth=3: ok
# CHECK: linalg.batch_matmul vector bitwidth=3: ok
# CHECK: linalg.batch_matmul per-channel bitwidth=2 dbw=10: ok
# CHECK: linalg.batch_matmul vector bitwidth=2 dbw=10: ok
# CHECK: linalg.batch_matmul per-channel bitwidth=8 dbw=12: ok
# CHECK: linalg.batch_matmul vector bitwidth=8 dbw=12: ok
# CHECK: linalg.batch_matmul per-channel block-grouping=2: ok
# CHECK: linalg.batch_matmul vector block-grouping=2: ok
# CHECK: linalg.batch_matmul fused: ok
# CHECK: linalg.batch_matmul fused vector-width=4 odd-shapes: ok
# CHECK: linalg.batch_matmul fused bitwidth=3: ok
# CHECK: linalg.batch_matmul fused bitwidth=8 dbw=12: ok
# CHECK: linalg.batch_matmul fused block-grouping=2: ok
# CHECK: linalg.batch_matmul[BNK] per-channel: ok
# CHECK: linalg.batch_matmul[BNK] vector: ok
# CHECK: linalg.batch_matmul[BNK] vector vector-width=4: ok
# CHECK: linalg.batch_matmul[BNK] vector vector-width=4 odd-shapes: ok
# CHECK: linalg.batch_matmul[BNK] per-channel bitwidth=3: ok
# CHECK: linalg.batch_matmul[BNK] vector bitwidth=3: ok
# CHECK: linalg.batch_matmul[BNK] per-channel bitwidth=2 dbw=10: ok
# CHECK: linalg.batch_matmul[BNK] vector bitwidth=2 dbw=10: ok
# CHECK: linalg.batch_matmul[BNK] per-channel bitwidth=8 dbw=12: ok
# CHECK: linalg.batch_matmul[BNK] vector bitwidth=8 dbw=12: ok
# CHECK: linalg.batch_matmul[BNK] per-channel block-grouping=2: ok
# CHECK: linalg.batch_matmul[BNK] vector block-grouping=2: ok
# CHECK: linalg.batch_matmul[BNK] fused: ok
# CHECK: linalg.batch_matmul[BNK] fused vector-width=4 odd-shapes: ok
# CHECK: linalg.batch_matmul[BNK] fused bitwidth=3: ok
# CHECK: linalg.batch_matmul[BNK] fused bitwidth=8 dbw=12: ok
# CHECK: linalg.batch_matmul[BNK] fused block-grouping=2: ok
# CHECK: linalg.conv_2d_nchw_fchw per-channel: ok
# CHECK: linalg.conv_2d_nchw_fchw vector: ok
# CHECK: linalg.conv_2d_nchw_fchw vector vector-width=4: ok
# CHECK: linalg.conv_2d_nchw_fchw vector vector-width=4 odd-shapes: ok
# CHECK: linalg.conv_2d_nchw_fchw per-channel bitwidth=3: ok
# CHECK: linalg.conv_2d_nchw_fchw vector bitwidth=3: ok
# CHECK: linalg.conv_2d_nchw_fchw per-channel bitwidth=2 dbw=10: ok
# CHECK: linalg.conv_2d_nchw_fchw vector bitwidth=2 dbw=10: ok
# CHECK: linalg.conv_2d_nchw_fchw per-channel bitwidth=8 dbw=12: ok
# CHECK: linalg.conv_2d_nchw_fchw vector bitwidth=8 dbw=12: ok
# CHECK: linalg.conv_2d_nchw_fchw per-channel block-grouping=2: ok
# CHECK: linalg.conv_2d_nchw_fchw vector block-grouping=2: ok
# CHECK: linalg.conv_2d_nchw_fchw fused: ok
# CHECK: linalg.conv_2d_nchw_fchw fused vector-width=4 odd-shapes: ok
# CHECK: linalg.conv_2d_nchw_fchw fused bitwidth=3: ok
# CHECK: linalg.conv_2d_nchw_fchw fused bitwidth=8 dbw=12: ok
# CHECK: linalg.conv_2d_nchw_fchw fused block-grouping=2: ok
# CHECK: linalg.conv_2d_nhwc_hwcf per-channel: ok
# CHECK: linalg.conv_2d_nhwc_hwcf vector: ok
# CHECK: linalg.conv_2d_nhwc_hwcf vector vector-width=4: ok
# CHECK: linalg.conv_2d_nhwc_hwcf vector vector-width=4 odd-shapes: ok
# CHECK: linalg.conv_2d_nhwc_hwcf per-channel bitwidth=3: ok
# CHECK: linalg.conv_2d_nhwc_hwcf vector bitwidth=3: ok
# CHECK: linalg.conv_2d_nhwc_hwcf per-channel bitwidth=2 dbw=10: ok
# CHECK: linalg.conv_2d_nhwc_hwcf vector bitwidth=2 dbw=10: ok
# CHECK: linalg.conv_2d_nhwc_hwcf per-channel bitwidth=8 dbw=12: ok
# CHECK: linalg.conv_2d_nhwc_hwcf vector bitwidth=8 dbw=12: ok
# CHECK: linalg.conv_2d_nhwc_hwcf per-channel block-grouping=2: ok
# CHECK: linalg.conv_2d_nhwc_hwcf vector block-grouping=2: ok
# CHECK: linalg.conv_2d_nhwc_hwcf fused: ok
# CHECK: linalg.conv_2d_nhwc_hwcf fused vector-width=4 odd-shapes: ok
# CHECK: linalg.conv_2d_nhwc_hwcf fused bitwidth=3: ok
# CHECK: linalg.conv_2d_nhwc_hwcf fused bitwidth=8 dbw=12: ok
# CHECK: linalg.conv_2d_nhwc_hwcf fused block-grouping=2: ok
# CHECK: linalg.conv_2d_nhwc_fhwc per-channel: ok
# CHECK: linalg.conv_2d_nhwc_fhwc vector: ok
# CHECK: linalg.conv_2d_nhwc_fhwc vector vector-width=4: ok
# CHECK: linalg.conv_2d_nhwc_fhwc vector vector-width=4 odd-shapes: ok
# CHECK: linalg.conv_2d_nhwc_fhwc per-channel bitwidth=3: ok
# CHECK: linalg.conv_2d_nhwc_fhwc vector bitwidth=3: ok
# CHECK: linalg.conv_2d_nhwc_fhwc per-channel bitwidth=2 dbw=10: ok
# CHECK: linalg.conv_2d_nhwc_fhwc vector bitwidth=2 dbw=10: ok
# CHECK: linalg.conv_2d_nhwc_fhwc per-channel bitwidth=8 dbw=12: ok
# CHECK: linalg.conv_2d_nhwc_fhwc vector bitwidth=8 dbw=12: ok
# CHECK: linalg.conv_2d_nhwc_fhwc per-channel block-grouping=2: ok
# CHECK: linalg.conv_2d_nhwc_fhwc vector block-grouping=2: ok
# CHECK: linalg.conv_2d_nhwc_fhwc fused: ok
# CHECK: linalg.conv_2d_nhwc_fhwc fused vector-width=4 odd-shapes: ok
# CHECK: linalg.conv_2d_nhwc_fhwc fused bitwidth=3: ok
# CHECK: linalg.conv_2d_nhwc_fhwc fused bitwidth=8 dbw=12: ok
# CHECK: linalg.conv_2d_nhwc_fhwc fused block-grouping=2: ok
# CHECK: tosa.conv2d[bias-arg] per-channel: ok
# CHECK: tosa.conv2d[bias-arg] vector: ok
# CHECK: tosa.conv2d[bias-arg] vector vector-width=4: ok
# CHECK: tosa.conv2d[bias-arg] vector vector-width=4 odd-shapes: ok
# CHECK: tosa.conv2d[bias-arg] per-channel bitwidth=3: ok
# CHECK: tosa.conv2d[bias-arg] vector bitwidth=3: ok
# CHECK: tosa.conv2d[bias-arg] per-channel bitwidth=2 dbw=10: ok
# CHECK: tosa.conv2d[bias-arg] vector bitwidth=2 dbw=10: ok
# CHECK: tosa.conv2d[bias-arg] per-channel bitwidth=8 dbw=12: ok
# CHECK: tosa.conv2d[bias-arg] vector bitwidth=8 dbw=12: ok
# CHECK: tosa.conv2d[bias-arg] per-channel block-grouping=2: ok
# CHECK: tosa.conv2d[bias-arg] vector block-grouping=2: ok
# CHECK: tosa.conv2d[bias-arg] fused: ok
# CHECK: tosa.conv2d[bias-arg] fused vector-width=4 odd-shapes: ok
# CHECK: tosa.conv2d[bias-arg] fused bitwidth=3: ok
# CHECK: tosa.conv2d[bias-arg] fused bitwidth=8 dbw=12: ok
# CHECK: tosa.conv2d[bias-arg] fused block-grouping=2: ok
# CHECK: tosa.matmul per-channel: ok
# CHECK: tosa.matmul vector: ok
# CHECK: tosa.matmul vector vector-width=4: ok
# CHECK: tosa.matmul vector vector-width=4 odd-shapes: ok
# CHECK: tosa.matmul per-channel bitwidth=3: ok
# CHECK: tosa.matmul vector bitwidth=3: ok
# CHECK: tosa.matmul per-channel bitwidth=2 dbw=10: ok
# CHECK: tosa.matmul vector bitwidth=2 dbw=10: ok
# CHECK: tosa.matmul per-channel bitwidth=8 dbw=12: ok
# CHECK: tosa.matmul vector bitwidth=8 dbw=12: ok
# CHECK: tosa.matmul per-channel block-grouping=2: ok
# CHECK: tosa.matmul vector block-grouping=2: ok
# CHECK: tosa.matmul fused: ok
# CHECK: tosa.matmul fused vector-width=4 odd-shapes: ok
# CHECK: tosa.matmul fused bitwidth=3: ok
# CHECK: tosa.matmul fused bitwidth=8 dbw=12: ok
# CHECK: tosa.matmul fused block-grouping=2: ok
# CHECK: tosa.conv2d per-channel: ok
# CHECK: tosa.conv2d vector: ok
# CHECK: tosa.conv2d vector vector-width=4: ok
# CHECK: tosa.conv2d vector vector-width=4 odd-shapes: ok
# CHECK: tosa.conv2d per-channel bitwidth=3: ok
# CHECK: tosa.conv2d vector bitwidth=3: ok
# CHECK: tosa.conv2d per-channel bitwidth=2 dbw=10: ok
# CHECK: tosa.conv2d vector bitwidth=2 dbw=10: ok
# CHECK: tosa.conv2d per-channel bitwidth=8 dbw=12: ok
# CHECK: tosa.conv2d vector bitwidth=8 dbw=12: ok
# CHECK: tosa.conv2d per-channel block-grouping=2: ok
# CHECK: tosa.conv2d vector block-grouping=2: ok
# CHECK: tosa.conv2d fused: ok
# CHECK: tosa.conv2d fused vector-width=4 odd-shapes: ok
# CHECK: tosa.conv2d fused bitwidth=3: ok
# CHECK: tosa.conv2d fused bitwidth=8 dbw=12: ok
# CHECK: tosa.conv2d fused block-grouping=2: ok
# CHECK: summary: 187/187 ok
