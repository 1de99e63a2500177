# RUN: %python %s | FileCheck %s
"""End-to-end bit-exact check of lpbq-opt against the numpy reference.

Generates (fixed seed) one module with random float32 weights -- Gaussian,
heavy-tailed, an all-zero channel, an all-zero block, widely varying block
magnitudes (integer scales clamped to 1) and exact rounding ties -- feeding
every weight layout of spec section 4 that has a linalg/TOSA form here:

  linalg.matmul (default maps, [K, N])       channel 1, block 0
  linalg.matmul (transposed-B maps, [N, K])  channel 0, block 1
  linalg.batch_matmul ([B, K, N])            channel 2, block 1, batch 0
  linalg.conv_2d_nchw_fchw ([F, C, KH, KW])  channel 0, block 1
  tosa.conv2d ([O, KH, KW, I])               channel 0, block 3

The weights are written as dense<"0x..."> hex (raw little-endian float32),
each constant named with loc("name").  For several block sizes and groupings
(-1, 1, 2) it runs

  lpbq-opt --lpbq-quantize-weights="block-size=B block-grouping=G ..."
           --lpbq-export-encodings="path=OUT format=F"

for formats 1.0.0 and 2.0.0, and compares bit for bit with
lpbq.reference.compute_encodings:
  * the encodings JSON (spec section 6): names, enc_type, bw, compressed_bw,
    block_size, scale (float32 bits; PER_BLOCK: S_b = i_b * pcs), offset,
    per_block_int_scale; 2.0.0: nested int scales and float scales, axis,
    block_size, output_dtype;
  * the IR payloads of every lpbq.constant: values (unpacked with
    reference.unpack, in the weight layout the op sees), int_scales, scales.
"""

import json
import os
import re
import shutil
import string
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))

from lpbq import reference  # noqa: E402

BW, DBW = 4, 8
K_INT = 2 ** (DBW - BW)


def find_lpbq_opt():
    build = os.environ.get("LPBQ_BUILD_DIR")
    if build:
        cand = os.path.join(build, "bin", "lpbq-opt")
        if os.path.exists(cand):
            return cand
    cand = shutil.which("lpbq-opt")
    if cand:
        return cand
    sys.exit("lpbq-opt not found (set LPBQ_BUILD_DIR)")


# --------------------------------------------------------------------------
# weights
# --------------------------------------------------------------------------
class Weight:
    def __init__(self, name, shape, channel_axis, block_axis, batch_axes=()):
        self.name = name
        self.shape = tuple(shape)
        self.channel_axis = channel_axis
        self.block_axis = block_axis
        self.batch_axes = tuple(batch_axes)
        self.data = None

    def perm(self):
        rank = len(self.shape)
        batch = sorted(self.batch_axes)
        window = [a for a in range(rank)
                  if a not in batch and a not in (self.channel_axis, self.block_axis)]
        return batch + [self.channel_axis, self.block_axis] + window

    def fill(self, rng, tie_block):
        """Builds the data channel by channel in (channel, K, window) form.

        `tie_block` is the smallest block size used: tie channels are built
        from groups of `tie_block` elements along K, so every block of every
        block size used contains -8t and 7t (s_b = t exactly, i_b = K, S_b =
        t) and odd multiples of t/2 (exact rounding ties)."""
        perm = self.perm()
        moved = [self.shape[a] for a in perm]
        n_batch = len(self.batch_axes)
        C = int(np.prod(moved[: n_batch + 1]))
        Kdim = moved[n_batch + 1]
        win = int(np.prod(moved[n_batch + 2:], dtype=np.int64))
        fan_in = Kdim * win
        sigma = 1.0 / np.sqrt(fan_in)
        x = np.empty((C, Kdim, win), dtype=np.float32)
        kinds = ["gauss", "heavy", "zero", "tie", "zero-block", "spread"]
        for c in range(C):
            kind = kinds[c % len(kinds)] if c < 2 * len(kinds) else rng.choice(
                ["gauss", "heavy", "spread"])
            if kind == "gauss":
                v = rng.normal(0.0, sigma, (Kdim, win))
            elif kind == "heavy":
                v = 0.3 * sigma * rng.standard_t(2.0, (Kdim, win))
                v.flat[rng.integers(v.size)] = 40.0 * sigma       # an outlier
            elif kind == "zero":
                v = np.zeros((Kdim, win))
            elif kind == "tie":
                t = 2.0 ** -int(rng.integers(4, 9))
                v = np.empty((Kdim, win))
                for k0 in range(0, Kdim, tie_block):
                    blk = (rng.integers(-7, 7, (tie_block, win)) * 2 + 1) * (t / 2)
                    blk.flat[0] = -8 * t
                    blk.flat[1] = 7 * t
                    v[k0:k0 + tie_block] = blk
            elif kind == "zero-block":
                v = rng.normal(0.0, sigma, (Kdim, win))
                v[: tie_block] = 0.0
            else:  # spread: block magnitudes over 4 decades
                mag = 10.0 ** rng.uniform(-4.0, 0.0, (Kdim // tie_block, 1, 1))
                v = (rng.normal(0.0, sigma, (Kdim // tie_block, tie_block, win)) * mag)
                v = v.reshape(Kdim, win)
            x[c] = v.astype(np.float32)
        x = x.reshape(moved)
        self.data = np.ascontiguousarray(np.transpose(x, np.argsort(perm)))
        assert self.data.shape == self.shape

    def hex(self):
        return '"0x' + self.data.astype("<f4").tobytes().hex().upper() + '"'

    def ttype(self):
        return "tensor<%sxf32>" % "x".join(str(d) for d in self.shape)


def build_weights(rng):
    ws = [
        Weight("mm.weight", (128, 24), 1, 0),
        Weight("mm_tb.weight", (20, 64), 0, 1),
        Weight("bmm.weight", (3, 64, 10), 2, 1, (0,)),
        Weight("conv_nchw.weight", (12, 32, 3, 3), 0, 1),
        Weight("tosa_conv.weight", (16, 3, 3, 32), 0, 3),
    ]
    for w in ws:
        w.fill(rng, tie_block=8)
    return ws


def module_text(ws):
    mm, mmt, bmm, conv, tconv = ws
    return string.Template("""\
func.func @layers(%x: tensor<2x128xf32>, %acc: tensor<2x24xf32>,
                  %xt: tensor<2x64xf32>, %acct: tensor<2x20xf32>,
                  %xb: tensor<3x2x64xf32>, %accb: tensor<3x2x10xf32>,
                  %xc: tensor<1x32x6x6xf32>, %accc: tensor<1x12x4x4xf32>,
                  %xn: tensor<1x6x6x32xf32>) ->
    (tensor<2x24xf32>, tensor<2x20xf32>, tensor<3x2x10xf32>,
     tensor<1x12x4x4xf32>, tensor<1x4x4x16xf32>) {
  %w0 = arith.constant dense<${mm}> : ${mmt_} loc("${mmn}")
  %0 = linalg.matmul ins(%x, %w0 : tensor<2x128xf32>, ${mmt_})
                     outs(%acc : tensor<2x24xf32>) -> tensor<2x24xf32>
  %w1 = arith.constant dense<${mmtb}> : ${mmtbt} loc("${mmtbn}")
  %1 = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>,
                                      affine_map<(m, n, k) -> (n, k)>,
                                      affine_map<(m, n, k) -> (m, n)>]
                     ins(%xt, %w1 : tensor<2x64xf32>, ${mmtbt})
                     outs(%acct : tensor<2x20xf32>) -> tensor<2x20xf32>
  %w2 = arith.constant dense<${bmm}> : ${bmmt} loc("${bmmn}")
  %2 = linalg.batch_matmul ins(%xb, %w2 : tensor<3x2x64xf32>, ${bmmt})
                           outs(%accb : tensor<3x2x10xf32>) -> tensor<3x2x10xf32>
  %w3 = arith.constant dense<${conv}> : ${convt} loc("${convn}")
  %3 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>,
                                  strides = dense<1> : tensor<2xi64>}
          ins(%xc, %w3 : tensor<1x32x6x6xf32>, ${convt})
          outs(%accc : tensor<1x12x4x4xf32>) -> tensor<1x12x4x4xf32>
  %w4 = "tosa.const"() <{values = dense<${tconv}> : ${tconvt}}> : () -> ${tconvt} loc("${tconvn}")
  %b4 = "tosa.const"() <{values = dense<0.0> : tensor<16xf32>}> : () -> tensor<16xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %4 = tosa.conv2d %xn, %w4, %b4, %zp, %zp {acc_type = f32,
          dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>,
          stride = array<i64: 1, 1>}
        : (tensor<1x6x6x32xf32>, ${tconvt}, tensor<16xf32>, tensor<1xf32>,
           tensor<1xf32>) -> tensor<1x4x4x16xf32>
  return %0, %1, %2, %3, %4 : tensor<2x24xf32>, tensor<2x20xf32>,
      tensor<3x2x10xf32>, tensor<1x12x4x4xf32>, tensor<1x4x4x16xf32>
}
""").substitute({
        "mm": mm.hex(), "mmt_": mm.ttype(), "mmn": mm.name,
        "mmtb": mmt.hex(), "mmtbt": mmt.ttype(), "mmtbn": mmt.name,
        "bmm": bmm.hex(), "bmmt": bmm.ttype(), "bmmn": bmm.name,
        "conv": conv.hex(), "convt": conv.ttype(), "convn": conv.name,
        "tconv": tconv.hex(), "tconvt": tconv.ttype(), "tconvn": tconv.name,
    })


# --------------------------------------------------------------------------
# reading lpbq-opt's output
# --------------------------------------------------------------------------
def f32_bits(a):
    return np.asarray(a, dtype=np.float32).view(np.uint32)


def parse_dense(body, dtype, n):
    """The n elements of a printed dense<...> attribute body."""
    body = body.strip()
    if body.startswith('"0x'):
        raw = bytes.fromhex(body[3:-1])
        arr = np.frombuffer(raw, dtype=np.dtype(dtype).newbyteorder("<"))
        if arr.size == 1:
            arr = np.repeat(arr, n)
        return arr.astype(dtype)
    if body.startswith("["):
        toks = re.findall(r"[-+0-9.eE]+|true|false", body.replace("[", " ").replace("]", " "))
        arr = np.array([float(t) for t in toks], dtype=np.float64)
    else:
        arr = np.repeat(np.float64(float(body)), n)
    if np.dtype(dtype).kind == "f":
        return arr.astype(np.float32)
    return arr.astype(dtype)


CONST_RE = re.compile(
    r'lpbq\.constant "(?P<name>[^"]+)"'
    r' values\(dense<(?P<v>[^>]*)> : tensor<(?P<vn>\d+)xi8>\)'
    r' int_scales\(dense<(?P<i>[^>]*)> : tensor<(?P<is>[0-9x]+)x(?P<it>i8|i16)>\)'
    r' scales\(dense<(?P<s>[^>]*)> : tensor<(?P<ss>[0-9x]+)xf32>\)'
    r' : !lpbq\.weight<(?P<type>tensor<[0-9x]+xf32>), #lpbq\.encoding<(?P<enc>[^>]*)>>')


def parse_constants(ir):
    out = {}
    for m in CONST_RE.finditer(ir):
        nint = int(np.prod([int(d) for d in m.group("is").split("x")]))
        nsc = int(np.prod([int(d) for d in m.group("ss").split("x")]))
        ivals = parse_dense(m.group("i"), np.int8 if m.group("it") == "i8" else np.int16, nint)
        out[m.group("name")] = {
            "values": parse_dense(m.group("v"), np.uint8, int(m.group("vn"))),
            # int scales are read as unsigned (spec: [1, 2^(dbw-bw)])
            "int_scales": ivals.astype(np.int64) & (0xFF if m.group("it") == "i8" else 0xFFFF),
            "scales": parse_dense(m.group("s"), np.float32, nsc),
            "type": m.group("type"),
            "enc": m.group("enc"),
        }
    return out


# --------------------------------------------------------------------------
# comparison
# --------------------------------------------------------------------------
class Checker:
    def __init__(self):
        self.errors = []

    def eq(self, what, got, want):
        if got != want:
            self.errors.append("%s: got %r, expected %r" % (what, got, want))
            return False
        return True

    def ints(self, what, got, want):
        got = np.asarray(got, dtype=np.int64).reshape(-1)
        want = np.asarray(want, dtype=np.int64).reshape(-1)
        if got.shape != want.shape:
            self.errors.append("%s: %d values, expected %d" % (what, got.size, want.size))
            return False
        bad = np.flatnonzero(got != want)
        if bad.size:
            i = int(bad[0])
            self.errors.append("%s: %d mismatches, first at %d: got %d, expected %d"
                               % (what, bad.size, i, got[i], want[i]))
            return False
        return True

    def floats(self, what, got, want):
        got = np.asarray(got, dtype=np.float64).reshape(-1)
        want = np.asarray(want, dtype=np.float32).reshape(-1)
        if got.shape != want.shape:
            self.errors.append("%s: %d values, expected %d" % (what, got.size, want.size))
            return False
        g = f32_bits(got.astype(np.float32))
        w = f32_bits(want)
        bad = np.flatnonzero(g != w)
        if bad.size:
            i = int(bad[0])
            self.errors.append("%s: %d mismatches, first at %d: got %r, expected %r"
                               % (what, bad.size, i, float(got[i]), float(want[i])))
            return False
        return True


def check_v1(ck, e, ref, w, bs, grouping):
    tag = "v1 %s" % w.name
    C, nb = ref["int_scales"].shape
    ok = ck.eq(tag + " dtype", e.get("dtype"), "INT")
    ok &= ck.eq(tag + " is_sym", e.get("is_sym"), True)
    ok &= ck.eq(tag + " block_size", e.get("block_size"), bs)
    if grouping == 1:
        ok &= ck.eq(tag + " enc_type", e.get("enc_type"), "PER_BLOCK")
        ok &= ck.eq(tag + " bw", e.get("bw"), BW)
        ok &= ck.floats(tag + " scale (S_b)", e.get("scale", []), ref["block_scale_eff"])
        ok &= ck.ints(tag + " offset", e.get("offset", []), [-(2 ** (BW - 1))] * (C * nb))
    else:
        ok &= ck.eq(tag + " enc_type", e.get("enc_type"), "LPBQ")
        ok &= ck.eq(tag + " bw", e.get("bw"), DBW)
        ok &= ck.eq(tag + " compressed_bw", e.get("compressed_bw"), BW)
        ok &= ck.floats(tag + " scale", e.get("scale", []), ref["pcs"])
        ok &= ck.ints(tag + " offset", e.get("offset", []),
                      [-(2 ** (DBW - 1))] * ref["pcs"].size)
        ok &= ck.ints(tag + " per_block_int_scale", e.get("per_block_int_scale", []),
                      ref["int_scales"])
    return ok


def check_v2(ck, e, ref, w, bs, grouping):
    tag = "v2 %s" % w.name
    C, nb = ref["int_scales"].shape
    ng = ref["pcs"].shape[1]
    ints = e.get("per_block_int_scale", [])
    pcs = e.get("per_channel_float_scale", [])
    ok = ck.eq(tag + " int scale rows", [len(r) for r in ints], [nb] * C)
    ok &= ck.eq(tag + " float scale rows", [len(r) for r in pcs], [ng] * C)
    if ok:
        ok &= ck.ints(tag + " per_block_int_scale", ints, ref["int_scales"])
        ok &= ck.floats(tag + " per_channel_float_scale", pcs, ref["pcs"])
    ok &= ck.eq(tag + " axis", e.get("axis"), w.block_axis)
    ok &= ck.eq(tag + " block_size", e.get("block_size"), bs)
    ok &= ck.eq(tag + " output_dtype", e.get("output_dtype"), "int%d" % BW)
    return ok


def check_ir(ck, c, ref, w, bs, grouping):
    tag = "ir %s" % w.name
    ok = ck.eq(tag + " type", c["type"], w.ttype())
    want_enc = "block_size = %d" % bs
    if grouping != -1:
        want_enc += ", block_grouping = %d" % grouping
    want_enc += ", channel_axis = %d, block_axis = %d" % (w.channel_axis, w.block_axis)
    if w.batch_axes:
        want_enc += ", batch_axes = [%s]" % ", ".join(str(a) for a in w.batch_axes)
    ok &= ck.eq(tag + " encoding", c["enc"], want_enc)
    n = int(np.prod(w.shape))
    ok &= ck.eq(tag + " packed bytes", int(c["values"].size), (n * BW + 7) // 8)
    if c["values"].size * 8 >= n * BW:
        q = reference.unpack(c["values"], n, BW)
        ok &= ck.ints(tag + " values", q, ref["q"])
    ok &= ck.ints(tag + " int_scales", c["int_scales"], ref["int_scales"])
    ok &= ck.floats(tag + " scales", c["scales"], ref["pcs"])
    return ok


def count_ties(ref, w, bs):
    """Elements whose x / S_b (float32) is exactly half an odd integer."""
    perm = w.perm()
    C, nb = ref["int_scales"].shape
    xb = np.transpose(w.data, perm).reshape(C, nb, -1)
    r = xb / ref["block_scale_eff"][:, :, None]
    return int(np.count_nonzero((r - np.floor(r)) == np.float32(0.5)))


def main():
    opt = find_lpbq_opt()
    rng = np.random.default_rng(20250612)
    ws = build_weights(rng)
    names = [w.name for w in ws]
    configs = [(16, -1), (16, 1), (16, 2), (8, 2), (32, -1), (8, 1)]
    total = mism = ties = clamped = zero_channels = 0
    ck = Checker()
    with tempfile.TemporaryDirectory(prefix="lpbq-export-") as tmp:
        src = os.path.join(tmp, "weights.mlir")
        with open(src, "w") as f:
            f.write(module_text(ws))
        for ci, (bs, g) in enumerate(configs):
            refs = {w.name: reference.compute_encodings(
                w.data, w.channel_axis, w.block_axis, BW, DBW, bs, g,
                batch_axes=w.batch_axes) for w in ws}
            bad = set()
            for fmt in ("1.0.0", "2.0.0"):
                out = os.path.join(tmp, "enc-%d-%s.json" % (ci, fmt))
                cmd = [opt, src,
                       "--lpbq-quantize-weights=block-size=%d block-grouping=%d "
                       "resource-threshold=1000000000" % (bs, g),
                       "--lpbq-export-encodings=path=%s format=%s" % (out, fmt)]
                # Exercise both printed forms of the payloads.
                if (ci + (fmt == "2.0.0")) % 2:
                    cmd.append("--mlir-print-elementsattrs-with-hex-if-larger=0")
                p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   universal_newlines=True)
                tag = "bs=%d grouping=%d format=%s" % (bs, g, fmt)
                if p.returncode != 0:
                    ck.errors.append("%s: lpbq-opt failed (%d): %s"
                                     % (tag, p.returncode, p.stderr.strip()))
                    bad.update(names)
                    continue
                with open(out) as f:
                    doc = json.load(f)
                consts = parse_constants(p.stdout)
                if not ck.eq(tag + " IR constants", sorted(consts), sorted(names)):
                    bad.update(set(names) - set(consts))
                if fmt == "1.0.0":
                    ck.eq(tag + " version", doc.get("version"), "1.0.0")
                    ck.eq(tag + " activation_encodings", doc.get("activation_encodings"), [])
                    entries = doc.get("param_encodings", [])
                else:
                    ck.eq(tag + " version", doc.get("version"), "2.0.0")
                    entries = doc.get("encodings", [])
                got_names = [e.get("name") for e in entries]
                if not ck.eq(tag + " names", sorted(got_names), sorted(names)):
                    bad.update(set(names) - set(got_names))
                by_name = {e.get("name"): e for e in entries}
                for w in ws:
                    ref = refs[w.name]
                    n_err = len(ck.errors)
                    if w.name in by_name:
                        chk = check_v1 if fmt == "1.0.0" else check_v2
                        chk(ck, by_name[w.name], ref, w, bs, g)
                    if w.name in consts:
                        check_ir(ck, consts[w.name], ref, w, bs, g)
                    if len(ck.errors) != n_err:
                        ck.errors[n_err:] = [tag + ": " + m for m in ck.errors[n_err:]]
                        bad.add(w.name)
            n_ties = sum(count_ties(refs[w.name], w, bs) for w in ws)
            ties += n_ties
            for r in refs.values():
                # i_b = 1 although s_b / pcs rounds to 0: the clamp at 1.
                clamped += int(np.count_nonzero(
                    np.rint(r["block_scales"] / np.repeat(
                        r["pcs"], r["int_scales"].shape[1] // r["pcs"].shape[1], axis=1)) == 0))
                zero_channels += int(np.count_nonzero(
                    (r["pcs"] == np.float32(2.0 ** -27)).all(axis=1)))
            print("block-size=%d grouping=%d: weights %d mismatches %d ties %d"
                  % (bs, g, len(ws), len(bad), n_ties))
            total += len(ws)
            mism += len(bad)
    for msg in ck.errors[:40]:
        print("  " + msg)
    print("tie elements: %s" % ("yes" if ties > 0 else "none"))
    print("int scales clamped to 1: %s" % ("yes" if clamped > 0 else "none"))
    print("all-zero channels: %s" % ("yes" if zero_channels > 0 else "none"))
    print("weights: %d mismatches: %d" % (total, mism))


main()

# CHECK: block-size=16 grouping=-1: weights 5 mismatches 0
# CHECK: block-size=16 grouping=1: weights 5 mismatches 0
# CHECK: block-size=16 grouping=2: weights 5 mismatches 0
# CHECK: block-size=8 grouping=2: weights 5 mismatches 0
# CHECK: block-size=32 grouping=-1: weights 5 mismatches 0
# CHECK: block-size=8 grouping=1: weights 5 mismatches 0
# CHECK-NOT: mismatches
# CHECK: tie elements: yes
# CHECK: int scales clamped to 1: yes
# CHECK: all-zero channels: yes
# CHECK: weights: 30 mismatches: 0
