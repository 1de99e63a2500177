"""Bit-exact comparison of the ``lpbq-encode`` tool against ``lpbq.reference``.

Shared by ``test/Core/compare-numpy.py`` (lit) and ``scripts/compare_sweep.py``.

The encoder is driven in batch mode (``lpbq-encode --batch FILE``), one case
per line; every case writes raw little-endian files into its output directory:
``block_scales.f32``, ``pcs.f32``, ``int_scales.i32``, ``q.i8``,
``dequant.f32``, ``dequant_pc.f32``.  All of them are compared bit for bit
(floats as uint32 patterns) with the reference.
"""

import os
import re
import shutil
import subprocess
import tempfile

import numpy as np

from . import reference as ref

OUTPUTS = (
    # key, file name, dtype
    ("block_scales", "block_scales.f32", "<f4"),
    ("pcs", "pcs.f32", "<f4"),
    ("int_scales", "int_scales.i32", "<i4"),
    ("q", "q.i8", "i1"),
    ("dequant", "dequant.f32", "<f4"),
    ("dequant_pc", "dequant_pc.f32", "<f4"),
)

# name, shape-maker, channel axis, block axis, batch axes
#   shape-maker(C, L, win, batch) -> shape; C = channels, L = block-axis length,
#   win = (kh, kw), batch = (b0, b1)
LAYOUTS = (
    ("oi", lambda C, L, w, b: (C, L), 0, 1, ()),                       # torch Linear [out, in]
    ("io", lambda C, L, w, b: (L, C), 1, 0, ()),                       # matmul [K, N]
    ("fchw", lambda C, L, w, b: (C, L, w[0], w[1]), 0, 1, ()),         # conv nchw_fchw
    ("hwcf", lambda C, L, w, b: (w[0], w[1], L, C), 3, 2, ()),         # conv nhwc_hwcf
    ("fhwc", lambda C, L, w, b: (C, w[0], w[1], L), 0, 3, ()),         # conv nhwc_fhwc / OHWI
    ("bkn", lambda C, L, w, b: (b[0], L, C), 2, 1, (0,)),              # batch_matmul [B, K, N]
    ("bnk", lambda C, L, w, b: (b[0], C, L), 1, 2, (0,)),              # batch, transposed B
    ("bkbn", lambda C, L, w, b: (b[0], L, b[1], C), 3, 1, (0, 2)),     # two batch axes
)
_LAYOUT_P = np.array([0.22, 0.17, 0.13, 0.10, 0.10, 0.15, 0.06, 0.07])

DISTS = (
    "gaussian", "student_t", "cauchy", "huge", "tiny", "denormal", "dyadic_ties",
    "mixed_magnitude", "constant", "threshold", "uniform_int", "one_sided",
)
_DIST_P = np.array([0.22, 0.08, 0.07, 0.07, 0.07, 0.07, 0.09, 0.10, 0.04, 0.07, 0.06, 0.06])

_BLOCK_SIZES = (1, 2, 3, 4, 8, 16, 32, 64)
_BLOCK_SIZE_P = np.array([0.06, 0.10, 0.05, 0.22, 0.22, 0.15, 0.12, 0.08])


# --------------------------------------------------------------------------
# case generation
# --------------------------------------------------------------------------
def _values(rng, dist, n):
    f32 = np.float32
    if dist == "mixed_magnitude":               # scaled per channel in _modify
        return rng.standard_normal(n).astype(f32)
    if dist == "gaussian":
        return (rng.standard_normal(n) * 10.0 ** rng.uniform(-4, 3)).astype(f32)
    if dist == "student_t":
        return (rng.standard_t(rng.choice([1.5, 2.0, 3.0]), n) * 0.05).astype(f32)
    if dist == "cauchy":
        return (rng.standard_cauchy(n) * 0.02).astype(f32)
    if dist == "huge":
        return (rng.standard_normal(n) * rng.choice([1e30, 1e33, 1e35])).astype(f32)
    if dist == "tiny":
        return (rng.standard_normal(n) * rng.choice([1e-30, 1e-35, 1e-20])).astype(f32)
    if dist == "denormal":
        m = rng.integers(-(1 << 23) + 1, 1 << 23, n)
        v = (m.astype(np.float64) * 2.0 ** -149).astype(f32)
        keep_normal = rng.random(n) < 0.1
        v[keep_normal] = (rng.standard_normal(int(keep_normal.sum())) * 1e-37).astype(f32)
        return v
    if dist == "dyadic_ties":
        k = rng.integers(-9, 9, n).astype(np.float64)
        e = rng.integers(-2, 12)
        half = rng.random(n) < 0.6
        return ((k + 0.5 * half) * 2.0 ** -int(e)).astype(f32)
    if dist == "threshold":
        # block ranges around the minimum-scale threshold N * 2^-23
        return (rng.uniform(-1, 1, n) * 15 * 2.0 ** -23 * rng.choice([0.25, 0.5, 1, 2, 4])).astype(f32)
    if dist == "uniform_int":
        return rng.integers(-8, 8, n).astype(f32) * f32(rng.choice([1.0, 0.1, 0.25, 3.0]))
    if dist == "one_sided":
        v = np.abs(rng.standard_normal(n)).astype(f32)
        return v if rng.random() < 0.5 else -v
    if dist == "constant":
        return np.full(n, f32(rng.standard_normal() * 10 ** rng.uniform(-3, 2)), f32)
    raise AssertionError(dist)


def _pick_grouping(rng, nb):
    kinds = ["-1", "1"]
    divs = [g for g in range(2, nb + 1) if nb % g == 0]
    if divs:
        kinds.append("g")
    kind = rng.choice(kinds, p=[0.4, 0.25, 0.35] if divs else [0.6, 0.4])
    if kind == "-1":
        return -1
    if kind == "1":
        return 1
    return int(rng.choice(divs))


def make_case(rng, max_elems=4096):
    """One random case: (dict of encoder options, float32 weight ``x``)."""
    li = rng.choice(len(LAYOUTS), p=_LAYOUT_P / _LAYOUT_P.sum())
    name, mk, ch, blk, batch = LAYOUTS[li]
    bs = int(rng.choice(_BLOCK_SIZES, p=_BLOCK_SIZE_P / _BLOCK_SIZE_P.sum()))
    nb = 1 if rng.random() < 0.15 else int(rng.integers(1, 9))
    C = int(rng.integers(1, 9))
    if max_elems > 4096 and rng.random() < 0.2:    # bigger tensors for large sweeps
        C = int(rng.integers(1, 129))
        nb = int(rng.integers(1, 33))
    win = (int(rng.integers(1, 4)), int(rng.integers(1, 4))) if name in ("fchw", "hwcf", "fhwc") else (1, 1)
    bt = (int(rng.integers(1, 4)), int(rng.integers(1, 3)))

    def total():
        return int(np.prod(mk(C, nb * bs, win, bt)))
    while total() > max_elems:
        if bs > 1 and rng.random() < 0.4:
            bs = max(1, bs // 2)
        elif nb > 1 and rng.random() < 0.5:
            nb -= 1
        elif C > 1:
            C -= 1
        elif win != (1, 1):
            win = (1, 1)
        elif bt != (1, 1):
            bt = (1, 1)
        elif bs == 1 and nb == 1:
            break                                   # cannot shrink further
    shape = tuple(int(s) for s in mk(C, nb * bs, win, bt))

    r = rng.random()
    if r < 0.70:
        bw, dbw = 4, 8
    elif r < 0.78:
        bw, dbw = 4, int(rng.integers(5, 17))
    else:
        bw = int(rng.integers(2, 9))
        dbw = int(rng.integers(bw + 1, 17))
    scheme = str(rng.choice(ref.SCHEMES, p=[0.8, 0.1, 0.1]))
    grouping = _pick_grouping(rng, nb)
    dist = str(rng.choice(DISTS, p=_DIST_P / _DIST_P.sum()))

    n = int(np.prod(shape))
    x = _values(rng, dist, n).reshape(shape)
    case = dict(layout=name, shape=shape, channel_axis=ch, block_axis=blk, batch_axes=batch,
                block_size=bs, bitwidth=bw, decompressed_bw=dbw, block_grouping=grouping,
                scheme=scheme, dist=dist, mods=[])
    _modify(rng, case, x)
    return case, x


def _blocked_view(case, x):
    perm, bshape, _, _ = ref._layout(x.shape, case["channel_axis"], case["block_axis"],
                                     case["block_size"], case["batch_axes"])
    return perm, ref._to_blocks(x, perm, bshape).copy()


def _encode(case, x):
    return ref.compute_encodings(
        x, case["channel_axis"], case["block_axis"], bitwidth=case["bitwidth"],
        decompressed_bw=case["decompressed_bw"], block_size=case["block_size"],
        block_grouping=case["block_grouping"], scheme=case["scheme"],
        batch_axes=case["batch_axes"])


def _modify(rng, case, x):
    """Block/channel level modifications, then exact-tie injection (in place)."""
    perm, xb = _blocked_view(case, x)
    C, nb, E = xb.shape
    changed = False
    if rng.random() < 0.25:                      # per-block magnitudes spread wide
        f = (10.0 ** rng.uniform(-6, 6, (C, nb, 1))).astype(np.float32)
        if case["dist"] in ("huge", "tiny", "denormal"):
            f = (10.0 ** rng.uniform(-2, 2, (C, nb, 1))).astype(np.float32)
        xb *= f
        case["mods"].append("block-mag")
        changed = True
    if case["dist"] == "mixed_magnitude":        # channels of wildly different size
        f = (10.0 ** rng.uniform(-30, 30, (C, 1, 1))).astype(np.float32)
        xb = (xb.astype(np.float64) * rng.standard_normal(xb.shape) * f).astype(np.float32)
        changed = True
    if rng.random() < 0.25:                      # all-zero blocks
        zb = rng.random((C, nb)) < 0.3
        xb[zb] = 0
        case["mods"].append("zero-blocks")
        changed = True
    if rng.random() < 0.12:                      # all-zero channels
        zc = rng.random(C) < 0.4
        xb[zc] = 0
        case["mods"].append("zero-channels")
        changed = True
    if rng.random() < 0.05:                      # negative zeros
        xb[xb == 0] = np.float32(-0.0)
        case["mods"].append("neg-zero")
        changed = True
    if not np.all(np.isfinite(xb)):
        xb[~np.isfinite(xb)] = 0
    if changed:
        x[...] = ref._from_blocks(xb, x.shape, perm)
    if rng.random() < 0.35:
        _inject_ties(rng, case, x)


def _inject_ties(rng, case, x):
    """Replace interior elements by exact ties (k + 0.5) * S_b of their block.

    Only elements that are neither the block's min nor max are replaced, and
    only with values inside [min, max], so the block scales do not change."""
    enc = _encode(case, x)
    S = enc["block_scale_eff"]
    perm, xb = _blocked_view(case, x)
    C, nb, E = xb.shape
    if E < 3:
        return
    mn = xb.min(axis=2)
    mx = xb.max(axis=2)
    count = 0
    for c in range(C):
        for b in range(nb):
            s = S[c, b]
            lo_k = int(np.floor(float(mn[c, b]) / float(s)))
            hi_k = int(np.ceil(float(mx[c, b]) / float(s)))
            if hi_k - lo_k < 1:
                continue
            amin, amax = int(np.argmin(xb[c, b])), int(np.argmax(xb[c, b]))
            cand = [e for e in range(E) if e not in (amin, amax)]
            m = int(rng.integers(1, max(2, len(cand) // 2 + 1)))
            for e in rng.choice(cand, size=min(m, len(cand)), replace=False):
                k = int(rng.integers(lo_k, hi_k)) + 0.5
                v = np.float32(np.float32(k) * s)
                if not (mn[c, b] <= v <= mx[c, b]):
                    continue
                if case["scheme"] == "aimet-onnx":
                    exact = float(v) / float(s) == k
                else:
                    exact = float(v / s) == k
                if exact:
                    xb[c, b, e] = v
                    count += 1
    if count:
        x[...] = ref._from_blocks(xb, x.shape, perm)
        case["mods"].append("ties:%d" % count)


# --------------------------------------------------------------------------
# running the encoder
# --------------------------------------------------------------------------
def case_args(case, input_path, out_dir):
    a = ["--input", input_path,
         "--shape", ",".join(str(s) for s in case["shape"]),
         "--channel-axis", str(case["channel_axis"]),
         "--block-axis", str(case["block_axis"])]
    if case["batch_axes"]:
        a += ["--batch-axes", ",".join(str(b) for b in case["batch_axes"])]
    a += ["--block-size", str(case["block_size"]),
          "--bitwidth", str(case["bitwidth"]),
          "--decompressed-bitwidth", str(case["decompressed_bw"]),
          "--block-grouping", str(case["block_grouping"]),
          "--scheme", case["scheme"],
          "--output-dir", out_dir]
    return a


def describe(case):
    return ("layout=%s shape=%s ch=%d blk=%d batch=%s bs=%d bw=%d dbw=%d grouping=%d "
            "scheme=%s dist=%s mods=%s" % (
                case["layout"], "x".join(map(str, case["shape"])), case["channel_axis"],
                case["block_axis"], list(case["batch_axes"]), case["block_size"],
                case["bitwidth"], case["decompressed_bw"], case["block_grouping"],
                case["scheme"], case["dist"], ",".join(case["mods"]) or "-"))


def _fmt(v, dtype):
    if dtype == "<f4":
        f = np.float32(v)
        return "%r (0x%08x)" % (float(f), int(np.array(f).view(np.uint32)))
    return str(int(v))


def compare_outputs(case, enc, out_dir):
    """Return a list of mismatch descriptions (empty when bit-exact)."""
    problems = []
    for key, fname, dt in OUTPUTS:
        path = os.path.join(out_dir, fname)
        exp = np.ascontiguousarray(enc[key]).astype(dt).reshape(-1)
        if not os.path.exists(path):
            problems.append("%s: missing output file %s" % (key, fname))
            continue
        got = np.fromfile(path, dtype=dt)
        if got.size != exp.size:
            problems.append("%s: %d elements written, expected %d" % (key, got.size, exp.size))
            continue
        if dt == "<f4":
            diff = np.flatnonzero(got.view(np.uint32) != exp.view(np.uint32))
        else:
            diff = np.flatnonzero(got != exp)
        if diff.size:
            i = int(diff[0])
            extra = ""
            if key in ("block_scales", "pcs", "int_scales"):
                extra = " [channel %d]" % (i // enc[key].shape[1],)
            problems.append("%s: %d of %d differ; first at flat index %d%s: expected %s, got %s"
                            % (key, diff.size, exp.size, i, extra, _fmt(exp[i], dt), _fmt(got[i], dt)))
    return problems


def run_batch(encoder, cases, xs, workdir, timeout=600):
    """Run one encoder batch.  Returns (returncode, stderr, [out_dir per case])."""
    lines, outs = [], []
    for i, (case, x) in enumerate(zip(cases, xs)):
        cdir = os.path.join(workdir, "c%05d" % i)
        os.makedirs(os.path.join(cdir, "out"), exist_ok=True)
        inp = os.path.join(cdir, "x.f32")
        np.ascontiguousarray(x, dtype="<f4").tofile(inp)
        outs.append(os.path.join(cdir, "out"))
        lines.append(" ".join(case_args(case, inp, outs[-1])))
    bfile = os.path.join(workdir, "batch.txt")
    with open(bfile, "w") as f:
        f.write("\n".join(lines) + "\n")
    p = subprocess.run([encoder, "--batch", bfile], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, universal_newlines=True, timeout=timeout)
    return p.returncode, p.stderr, outs


def run_single(encoder, case, x, workdir, tag):
    cdir = os.path.join(workdir, tag)
    os.makedirs(os.path.join(cdir, "out"), exist_ok=True)
    inp = os.path.join(cdir, "x.f32")
    np.ascontiguousarray(x, dtype="<f4").tofile(inp)
    p = subprocess.run([encoder] + case_args(case, inp, os.path.join(cdir, "out")),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True, timeout=120)
    return p.returncode, p.stderr, os.path.join(cdir, "out")


# --------------------------------------------------------------------------
# drivers
# --------------------------------------------------------------------------
def _ulp_diff(a, b):
    ia = a.view(np.int32).astype(np.int64)
    ib = b.view(np.int32).astype(np.int64)
    ia = np.where(ia < 0, -(ia & 0x7FFFFFFF), ia)
    ib = np.where(ib < 0, -(ib & 0x7FFFFFFF), ib)
    return np.abs(ia - ib)


def sweep(encoder, count, seed, max_elems=4096, chunk=2000, max_details=5, log=print,
          keep_dir=None):
    """Generate ``count`` cases, run them through the encoder and compare.

    Returns a dict with counts; prints details of the first mismatches."""
    rng = np.random.default_rng(seed)
    stats = dict(cases=0, mismatching_cases=0, failed_cases=0, per_key={k: 0 for k, _, _ in OUTPUTS},
                 schemes={s: 0 for s in ref.SCHEMES}, groupings={"-1": 0, "1": 0, "g>1": 0},
                 layouts={l[0]: 0 for l in LAYOUTS}, ties=0, tie_elements=0, max_pc_ulp=0)
    shown = 0
    done = 0
    while done < count:
        n = min(chunk, count - done)
        cases, xs, encs = [], [], []
        for _ in range(n):
            case, x = make_case(rng, max_elems)
            cases.append(case)
            xs.append(x)
        done += n
        for case, x in zip(cases, xs):
            enc = _encode(case, x)
            encs.append(enc)
            stats["schemes"][case["scheme"]] += 1
            g = case["block_grouping"]
            stats["groupings"]["-1" if g == -1 else "1" if g == 1 else "g>1"] += 1
            stats["layouts"][case["layout"]] += 1
            stats["ties"] += any(m.startswith("ties") for m in case["mods"]) or case["dist"] == "dyadic_ties"
            _, xb = _blocked_view(case, x)
            qq = xb / enc["block_scale_eff"][:, :, None]
            stats["tie_elements"] += int(np.count_nonzero(np.abs(qq - np.trunc(qq)) == 0.5))
            d = _ulp_diff(enc["dequant"].reshape(-1), enc["dequant_pc"].reshape(-1))
            stats["max_pc_ulp"] = max(stats["max_pc_ulp"], int(d.max()))
        work = tempfile.mkdtemp(prefix="lpbq-cmp-", dir=keep_dir)
        try:
            rc, err, outs = run_batch(encoder, cases, xs, work)
            errs = {}
            for line in err.splitlines():
                m = re.match(r"error: case (\d+): (.*)", line)
                if m:
                    errs[int(m.group(1))] = m.group(2)
            for i, (case, enc, out) in enumerate(zip(cases, encs, outs)):
                stats["cases"] += 1
                if (i + 1) in errs:
                    probs = ["encoder error: " + errs[i + 1]]
                    stats["failed_cases"] += 1
                else:
                    probs = compare_outputs(case, enc, out)
                    for p in probs:
                        stats["per_key"][p.split(":")[0]] = stats["per_key"].get(p.split(":")[0], 0) + 1
                if probs:
                    stats["mismatching_cases"] += 1
                    if shown < max_details:
                        shown += 1
                        log("MISMATCH case %d: %s" % (stats["cases"] - 1, describe(case)))
                        if keep_dir:
                            log("  input: %s" % os.path.join(os.path.dirname(out), "x.f32"))
                        for p in probs:
                            log("  " + p)
            if rc not in (0, 1) or (rc == 1 and not errs):
                log("encoder exited with status %d; stderr:\n%s" % (rc, err[-2000:]))
                stats["failed_cases"] += 0 if errs else len(cases)
        finally:
            if not keep_dir:
                shutil.rmtree(work, ignore_errors=True)
    return stats


def error_checks(encoder, log=print):
    """Encoder error behaviour: NaN/Inf (flat index reported), bad layout,
    and a batch with one bad line.  Prints one line per check."""
    work = tempfile.mkdtemp(prefix="lpbq-err-")
    ok = True
    try:
        base = dict(layout="oi", shape=(16, 64), channel_axis=0, block_axis=1, batch_axes=(),
                    block_size=8, bitwidth=4, decompressed_bw=8, block_grouping=-1,
                    scheme="aimet-torch", dist="gaussian", mods=[])
        rng = np.random.default_rng(7)
        for tag, idx, val in (("nan", 737, np.nan), ("inf", 1021, np.inf), ("-inf", 301, -np.inf)):
            x = rng.standard_normal(base["shape"]).astype(np.float32)
            x.reshape(-1)[idx] = val
            rc, err, _ = run_single(encoder, base, x, work, tag.replace("-", "m"))
            has_idx = re.search(r"(?<![0-9])%d(?![0-9])" % idx, err) is not None
            good = rc == 1 and err.startswith("error:") and has_idx
            ok &= good
            log("%s weight: exit %d, index %d reported: %s" % (tag, rc, idx, "yes" if has_idx else "no"))
            if not good:
                log("  stderr: %s" % err.strip()[:500])
        # indivisible block axis
        x = rng.standard_normal((4, 12)).astype(np.float32)
        c = dict(base, shape=(4, 12), block_size=8)
        rc, err, _ = run_single(encoder, c, x, work, "indiv")
        log("indivisible block axis: exit %d, %s" % (rc, "error reported" if err.startswith("error:") else "NO error message"))
        ok &= rc == 1 and err.startswith("error:")
        # grouping not dividing the number of blocks
        x = rng.standard_normal((4, 24)).astype(np.float32)
        c = dict(base, shape=(4, 24), block_size=8, block_grouping=2)
        rc, err, _ = run_single(encoder, c, x, work, "grp")
        log("bad grouping: exit %d, %s" % (rc, "error reported" if err.startswith("error:") else "NO error message"))
        ok &= rc == 1 and err.startswith("error:")
        # bw >= dbw
        c = dict(base, bitwidth=8, decompressed_bw=8)
        x = rng.standard_normal(base["shape"]).astype(np.float32)
        rc, err, _ = run_single(encoder, c, x, work, "bw")
        log("bitwidth >= decompressed bitwidth: exit %d, %s" % (rc, "error reported" if err.startswith("error:") else "NO error message"))
        ok &= rc == 1 and err.startswith("error:")
        # batch: line 2 bad, lines 1 and 3 good
        bdir = os.path.join(work, "batch")
        os.makedirs(bdir)
        small = dict(base, shape=(4, 16), block_size=4)
        xs = [rng.standard_normal((4, 16)).astype(np.float32) for _ in range(3)]
        xs[1].reshape(-1)[13] = np.nan
        rc, err, outs = run_batch(encoder, [small] * 3, xs, bdir)
        line_ok = re.search(r"^error: case 2: .*(?<![0-9])13(?![0-9])", err, re.M) is not None
        others = all(not compare_outputs(small, _encode(small, xs[i]), outs[i]) for i in (0, 2))
        log("batch with bad line 2: exit %d, line reported: %s, other cases exact: %s"
            % (rc, "yes" if line_ok else "no", "yes" if others else "no"))
        if not line_ok:
            log("  stderr: %s" % err.strip()[:500])
        ok &= rc == 1 and line_ok and others
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return ok
