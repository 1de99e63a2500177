# RUN: %python %s | FileCheck %s
"""lpbq.compute_encodings (the C++ core through liblpbq-c.so) against the
independent numpy reference, bit for bit: every output, every weight layout
of the spec, all three schemes, groupings -1 / 1 / 2, several bitwidths and
awkward values (zeros, ties, outliers)."""

import numpy as np

import lpbq
from lpbq import reference

KEYS = ("block_scales", "pcs", "int_scales", "block_scale_eff", "q", "dequant", "dequant_pc")

# name, shape, channel axis, block axis, batch axes
LAYOUTS = (
    ("oi", (6, 16), 0, 1, ()),
    ("io", (16, 6), 1, 0, ()),
    ("fchw", (4, 16, 3, 3), 0, 1, ()),
    ("hwcf", (3, 3, 16, 4), 3, 2, ()),
    ("fhwc", (4, 3, 3, 16), 0, 3, ()),
    ("bkn", (2, 16, 5), 2, 1, (0,)),
    ("negative-axes", (5, 16), -2, -1, ()),
)


def bits(a):
    a = np.ascontiguousarray(a)
    return a.view(np.uint32) if a.dtype == np.float32 else a


def values(rng, shape, kind):
    if kind == "gaussian":
        return rng.standard_normal(shape).astype(np.float32)
    if kind == "outliers":
        x = rng.standard_normal(shape).astype(np.float32)
        x.reshape(-1)[rng.integers(0, x.size, 3)] *= 40
        return x
    if kind == "ties":
        # Multiples of 1/16: many exact rounding ties.
        return (rng.integers(-64, 64, shape) / 16.0).astype(np.float32)
    x = rng.standard_normal(shape).astype(np.float32)  # zeros: a zero block
    x[..., :4] = 0
    return x


rng = np.random.default_rng(20250612)
cases = mismatches = 0
for name, shape, ch, blk, batch in LAYOUTS:
    for scheme in reference.SCHEMES:
        for grouping in (-1, 1, 2):
            for bw, dbw in ((4, 8), (3, 7), (8, 12)):
                for kind in ("gaussian", "outliers", "ties", "zeros"):
                    x = values(rng, shape, kind)
                    kw = dict(bitwidth=bw, decompressed_bw=dbw, block_size=4,
                              block_grouping=grouping, scheme=scheme, batch_axes=batch)
                    got = lpbq.compute_encodings(x, ch, blk, **kw)
                    want = reference.compute_encodings(x, ch, blk, **kw)
                    cases += 1
                    for key in KEYS:
                        if got[key].shape != want[key].shape or \
                                got[key].dtype != want[key].dtype or \
                                not np.array_equal(bits(got[key]), bits(want[key])):
                            mismatches += 1
                            print("MISMATCH", name, scheme, grouping, bw, kind, key)
print("cases:", cases, "mismatches:", mismatches)
# CHECK-NOT: MISMATCH
# CHECK: cases: 756 mismatches: 0

# Re-quantizing with the scales just computed gives the same values.
x = values(rng, (8, 32), "outliers")
enc = lpbq.compute_encodings(x, 0, 1, block_size=8)
again = lpbq.encode_with_scales(x, enc["pcs"], enc["int_scales"], 0, 1, block_size=8)
print("with scales:", all(np.array_equal(bits(enc[k]), bits(again[k])) for k in KEYS))
# CHECK: with scales: True

# The layout query.
print(lpbq.encoding_layout((3, 3, 64, 32), 3, 2, block_size=16, block_grouping=2))
# CHECK: {'num_elements': 18432, 'num_channels': 32, 'num_blocks': 4, 'num_groups': 2, 'block_elements': 144}

# Errors: the core's message.
for bad in (dict(x=np.array([[1.0, np.nan, 0.0, 0.0]], np.float32), block_size=4),
            dict(x=np.ones((2, 6), np.float32), block_size=4),
            dict(x=np.ones((2, 8), np.float32), block_size=4, bitwidth=9),
            dict(x=np.ones((2, 8), np.float32), block_size=4, scheme="aimet")):
    x = bad.pop("x")
    try:
        lpbq.compute_encodings(x, 0, 1, **bad)
        print("no error")
    except lpbq.LPBQError as e:
        print("LPBQError:", e)
# CHECK: LPBQError: weight has a non-finite value (NaN) at flat index 1
# CHECK: LPBQError: block axis 1 of size 6 is not divisible by block size 4
# CHECK: LPBQError: expected bitwidth in [2, 8], found 9
# CHECK: LPBQError: expected scheme aimet-torch, aimet-onnx or executorch, found 'aimet'
