# RUN: %python %s | FileCheck %s
"""Spec section 5 test vectors, layout equivalences, pack/unpack and error
messages of the numpy reference (python/lpbq/reference.py)."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))

import numpy as np  # noqa: E402

from lpbq import reference as ref  # noqa: E402


def f32s(a):
    return "[" + ", ".join(str(np.float32(v)) for v in np.asarray(a).reshape(-1)) + "]"


def ints(a):
    return "[" + ", ".join(str(int(v)) for v in np.asarray(a).reshape(-1)) + "]"


def same_f32(got, expected):
    got = np.ascontiguousarray(got, dtype=np.float32)
    exp = np.ascontiguousarray(np.asarray(expected, dtype=np.float32))
    return got.shape == exp.shape and np.array_equal(got.view(np.uint32), exp.view(np.uint32))


def same_int(got, expected):
    got = np.asarray(got)
    exp = np.asarray(expected)
    return got.shape == exp.shape and np.array_equal(got, exp)


def ok(name, cond):
    assert cond, name
    print("OK " + name)


# --- vector 1: AIMET tuple grouping (2, 1) across channels -----------------
pcs, i = ref.compress_scales_tuple([[16, 1.6, .16], [.12, 1.111, .033]], (2, 1), 4, 8)
print("v1 pcs", f32s(pcs), "ints", ints(i))
# CHECK: v1 pcs [1.0, 0.1, 0.01] ints [16, 16, 16, 1, 11, 3]
ok("v1", same_f32(pcs, [[1, .1, .01]]) and same_int(i, [[16, 16, 16], [1, 11, 3]])
   and i.dtype == np.int32 and pcs.dtype == np.float32)
# CHECK: OK v1

# --- vector 2: compression per row -----------------------------------------
s2 = [[1.6, 1.1222, 1e-5], [16, 2.56, 4.9]]
pcs, i = ref.compress_scales(s2, -1, 4, 8)
print("v2 pcs", f32s(pcs), "ints", ints(i))
# CHECK: v2 pcs [0.1, 1.0] ints [16, 11, 1, 16, 3, 5]
ok("v2", same_f32(pcs, [[0.1], [1]]) and same_int(i, [[16, 11, 1], [16, 3, 5]]))
# CHECK: OK v2
# the tuple form (1, -1) is the same thing
pcs_t, i_t = ref.compress_scales_tuple(s2, (1, -1), 4, 8)
ok("v2 tuple form", same_f32(pcs_t, pcs) and same_int(i_t, i))
# CHECK: OK v2 tuple form
# grouping 1: each block its own group -> i = K everywhere, pcs = s / K
pcs1, i1 = ref.compress_scales(s2, 1, 4, 8)
print("v2 grouping 1 ints", ints(i1))
# CHECK: v2 grouping 1 ints [16, 16, 16, 16, 16, 16]
ok("v2 grouping 1", same_f32(pcs1 * np.float32(16), s2))
# CHECK: OK v2 grouping 1

# --- vector 3: full aimet-torch path ---------------------------------------
w = np.array([[0.7, -0.35, 0.1, 0, 0.07, -0.02, 0.03, 0.01],
              [-1.6, 0.8, 0.4, 0.2, 0, 0, 0, 0]], np.float32)
e = ref.compute_encodings(w, 0, 1, bitwidth=4, decompressed_bw=8, block_size=4)
print("v3 ints", ints(e["int_scales"]))
print("v3 pcs", f32s(e["pcs"]))
print("v3 q", ints(e["q"]))
print("v3 block scales", f32s(e["block_scales"]))
print("v3 sqnr %.2f dB" % ref.sqnr_db(w, e["dequant"]))
# CHECK: v3 ints [16, 2, 16, 1]
# CHECK: v3 pcs [0.00625, 0.0125]
# CHECK: v3 q [7, -4, 1, 0, 6, -2, 2, 1, -8, 4, 2, 1, 0, 0, 0, 0]
# CHECK: v3 block scales [0.1, 0.010000001, 0.2, 1.1920929e-07]
# CHECK: v3 sqnr 31.93 dB
ok("v3", same_int(e["int_scales"], [[16, 2], [16, 1]])
   and same_f32(e["pcs"], [[0.00625], [0.0125]])
   and same_int(e["q"], [[7, -4, 1, 0, 6, -2, 2, 1], [-8, 4, 2, 1, 0, 0, 0, 0]])
   and e["q"].dtype == np.int8)
# CHECK: OK v3
ok("v3 tie -0.35/S == -3.5", np.float32(-0.35) / e["block_scale_eff"][0, 0] == np.float32(-3.5))
# CHECK: OK v3 tie
ok("v3 all-zero block scale 2^-23", e["block_scales"][1, 1] == np.float32(2.0 ** -23))
# CHECK: OK v3 all-zero block
S = e["int_scales"].astype(np.float32) * np.repeat(e["pcs"], 2, axis=1)
ok("v3 dequant = q*S_b", same_f32(e["dequant"], e["q"].astype(np.float32) * np.repeat(S, 4, axis=1)))
# CHECK: OK v3 dequant
qi = e["q"].astype(np.int32) * np.repeat(e["int_scales"], 4, axis=1)
ok("v3 dequant_pc = f32(q*i)*pcs", same_f32(e["dequant_pc"], qi.astype(np.float32) * np.repeat(e["pcs"], 8, axis=1)))
# CHECK: OK v3 dequant_pc

# all-zero channel: pcs = 2^-27, i = K
z = ref.compute_encodings(np.zeros((3, 16), np.float32), 0, 1, 4, 8, 4)
ok("all-zero channel", same_f32(z["pcs"], np.full((3, 1), 2.0 ** -27)) and (z["int_scales"] == 16).all()
   and (z["q"] == 0).all())
# CHECK: OK all-zero channel

# --- layout equivalences (vector 3 in other layouts) -------------------------
e_t = ref.compute_encodings(np.ascontiguousarray(w.T), 1, 0, 4, 8, 4)        # [in, out]
ok("layout [in,out]", same_f32(e_t["pcs"], e["pcs"]) and same_int(e_t["int_scales"], e["int_scales"])
   and same_int(e_t["q"], e["q"].T))
# CHECK: OK layout [in,out]
# conv [F, C, KH, KW]: a block = 2 input channels x 2x1 window = the same 4 values
wc = w.reshape(2, 4, 2, 1)
e_c = ref.compute_encodings(wc, 0, 1, 4, 8, 2)
ok("layout fchw", same_f32(e_c["pcs"], e["pcs"]) and same_int(e_c["int_scales"], e["int_scales"])
   and same_int(e_c["q"], e["q"].reshape(2, 4, 2, 1)))
# CHECK: OK layout fchw
wh = np.ascontiguousarray(wc.transpose(2, 3, 1, 0))                           # [KH, KW, C, F]
e_h = ref.compute_encodings(wh, 3, 2, 4, 8, 2)
ok("layout hwcf", same_int(e_h["int_scales"], e["int_scales"])
   and same_int(e_h["q"], e_c["q"].transpose(2, 3, 1, 0)))
# CHECK: OK layout hwcf
wf = np.ascontiguousarray(wc.transpose(0, 2, 3, 1))                           # [F, KH, KW, C]
e_f = ref.compute_encodings(wf, 0, 3, 4, 8, 2)
ok("layout fhwc", same_int(e_f["int_scales"], e["int_scales"])
   and same_f32(e_f["dequant"], e_c["dequant"].transpose(0, 2, 3, 1)))
# CHECK: OK layout fhwc
# batch_matmul [B, K, N]: channels ordered (batch, n)
wb = np.stack([w.T, -2 * w.T])                                                # [2, 8, 2]
e_b = ref.compute_encodings(wb, 2, 1, 4, 8, 4, batch_axes=[0])
e_neg = ref.compute_encodings(-2 * w, 0, 1, 4, 8, 4)
ok("layout batch", e_b["int_scales"].shape == (4, 2)
   and same_int(e_b["int_scales"], np.concatenate([e["int_scales"], e_neg["int_scales"]]))
   and same_f32(e_b["pcs"], np.concatenate([e["pcs"], e_neg["pcs"]]))
   and same_int(e_b["q"][1], e_neg["q"].T))
# CHECK: OK layout batch

# grouping g>1 equals grouping -1 applied to each group separately
rng = np.random.default_rng(3)
wr = rng.standard_normal((4, 48)).astype(np.float32)
e_g = ref.compute_encodings(wr, 0, 1, 4, 8, 4, block_grouping=3)
parts = [ref.compute_encodings(np.ascontiguousarray(wr[:, 12 * j:12 * (j + 1)]), 0, 1, 4, 8, 4)
         for j in range(4)]
ok("grouping 3", e_g["pcs"].shape == (4, 4)
   and same_f32(e_g["pcs"], np.concatenate([p["pcs"] for p in parts], axis=1))
   and same_int(e_g["q"], np.concatenate([p["q"] for p in parts], axis=1)))
# CHECK: OK grouping 3
# largest block of each group gets i = K
ok("max block gets K", (e_g["int_scales"].reshape(4, 4, 3).max(axis=2) == 16).all())
# CHECK: OK max block gets K

# --- pack / unpack -----------------------------------------------------------
p4 = ref.pack([1, -2, 7, -8, 3], 4)
print("pack4", " ".join("%02x" % b for b in p4))
# CHECK: pack4 e1 87 03
p3 = ref.pack([1, -1, 2], 3)
print("pack3", " ".join("%02x" % b for b in p3))
# CHECK: pack3 b9 00
for bw in range(2, 9):
    lo, hi = -(1 << (bw - 1)), (1 << (bw - 1)) - 1
    v = rng.integers(lo, hi + 1, 1001)
    b = ref.pack(v, bw)
    assert b.dtype == np.uint8 and b.size == (1001 * bw + 7) // 8
    assert np.array_equal(ref.unpack(b, 1001, bw), v), bw
ok("pack/unpack round trip bw 2..8", True)
# CHECK: OK pack/unpack round trip
qq = e["q"].reshape(-1)
ok("pack q of v3", same_int(ref.unpack(ref.pack(qq, 4), qq.size, 4), qq))
# CHECK: OK pack q of v3

# --- schemes -----------------------------------------------------------------
e_x = ref.compute_encodings(w, 0, 1, 4, 8, 4, scheme="executorch")
ok("executorch range", e_x["q"].min() >= -7 and e_x["q"].max() <= 7
   and e_x["block_scales"][1, 1] == np.float32(2.0 ** -12))
# CHECK: OK executorch range
e_o = ref.compute_encodings(w, 0, 1, 4, 8, 4, scheme="aimet-onnx")
ok("aimet-onnx zero block scale", e_o["block_scales"][1, 1] == np.float32(0.01 / 7))
# CHECK: OK aimet-onnx zero block scale
print("aimet-onnx v3 ints", ints(e_o["int_scales"]), "q", ints(e_o["q"][0]))
# float64 division: -0.35f / 0.1f = -3.4999999 is no tie there, so -3 (not -4)
# CHECK: aimet-onnx v3 ints [16, 2, 16, 1] q [7, -3, 1, 0, 6, -2, 2, 1]


# --- errors --------------------------------------------------------------------
def err(name, fn):
    try:
        fn()
    except ValueError as ex:
        print("%s: error: %s" % (name, ex))
        return
    raise AssertionError("%s: no error" % name)


x = np.zeros((4, 12), np.float32)
err("indivisible", lambda: ref.compute_encodings(x, 0, 1, block_size=8))
# CHECK: indivisible: error: block axis 1 has size 12, which is not divisible by the block size 8
err("grouping", lambda: ref.compute_encodings(x, 0, 1, block_size=4, block_grouping=2))
# CHECK: grouping: error: block grouping 2 does not divide the number of blocks (3)
err("grouping0", lambda: ref.compute_encodings(x, 0, 1, block_size=4, block_grouping=0))
# CHECK: grouping0: error: block grouping must be -1 or >= 1, got 0
err("bw>=dbw", lambda: ref.compute_encodings(x, 0, 1, bitwidth=8, decompressed_bw=8, block_size=4))
# CHECK: bw>=dbw: error: bitwidth (8) must be smaller than the decompressed bitwidth (8)
err("dbw>16", lambda: ref.compute_encodings(x, 0, 1, bitwidth=4, decompressed_bw=17, block_size=4))
# CHECK: dbw>16: error: decompressed bitwidth must be <= 16, got 17
err("bw<2", lambda: ref.compute_encodings(x, 0, 1, bitwidth=1, block_size=4))
# CHECK: bw<2: error: bitwidth must be >= 2, got 1
err("axis range", lambda: ref.compute_encodings(x, 2, 1, block_size=4))
# CHECK: axis range: error: channel axis 2 is out of range for a rank-2 tensor
err("same axes", lambda: ref.compute_encodings(x, 1, 1, block_size=4))
# CHECK: same axes: error: channel axis and block axis must differ (both 1)
err("batch axis", lambda: ref.compute_encodings(np.zeros((2, 4, 4), np.float32), 2, 1, block_size=4,
                                                batch_axes=[1]))
# CHECK: batch axis: error: batch axis 1 coincides with the block axis
err("empty", lambda: ref.compute_encodings(np.zeros((0, 8), np.float32), 0, 1, block_size=4))
# CHECK: empty: error: empty tensor (shape (0, 8))
xn = np.ones((4, 16), np.float32)
xn[2, 5] = np.nan
err("nan", lambda: ref.compute_encodings(xn, 0, 1, block_size=4))
# CHECK: nan: error: non-finite weight (NaN) at flat index 37
xi = np.ones((4, 16), np.float32)
xi[3, 15] = -np.inf
err("inf", lambda: ref.compute_encodings(xi, 0, 1, block_size=4))
# CHECK: inf: error: non-finite weight (-inf) at flat index 63
err("scheme", lambda: ref.compute_encodings(x, 0, 1, block_size=4, scheme="tflite"))
# CHECK: scheme: error: unknown scheme 'tflite' (expected one of aimet-torch, aimet-onnx, executorch)
print("done")
# CHECK: done
