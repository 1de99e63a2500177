"""Independent numpy reference implementation of LPBQ weight encoding.

Written from the project specification (``lpbq-spec.md`` sections 2, 3 and 5)
only, so that it can be used to cross-check the C++ implementation bit for bit.

Terminology
-----------
* ``x``            weight tensor of any rank (float32).
* ``channel_axis`` output-channel axis (one quantization "row").
* ``block_axis``   blocked (reduction) axis, split into blocks of ``block_size``.
* ``batch_axes``   extra axes that index independent channels (e.g. the batch
                   axis of a batch_matmul weight).
* every other axis is a "window" axis that a block spans whole (conv kernel).

A block is ``block_size`` consecutive indices of ``block_axis`` times all the
window axes, for one (batch..., channel) index.  Channels are numbered
row-major over (batch axes in increasing axis order, channel axis); blocks are
numbered along ``block_axis``.  Every per-block result is a ``[C_total,
n_blocks]`` array, every per-group result ``[C_total, n_groups]``.

Schemes
-------
``aimet-torch`` (default): bit-exact float32 math of spec section 2.
``aimet-onnx``: float64 block scales ``max(|mn|,|mx|)/(2^(bw-1)-1)`` after
    ``mx = max(mx, mn + 0.01)``, float64 compression, float32 ``S_b``,
    round-half-away-from-zero quantization of the clamped weight.
``executorch``: symmetric restricted range ``[-(2^(bw-1)-1), 2^(bw-1)-1]``,
    ``s_b = max(absmax / qmax, 2^-12)`` in float32, compression and
    quantization as aimet-torch.
"""

import math

import numpy as np

__all__ = [
    "SCHEMES",
    "block_scales",
    "compress_scales",
    "compress_scales_tuple",
    "compute_encodings",
    "quant_range",
    "pack",
    "unpack",
    "sqnr_db",
]

SCHEMES = ("aimet-torch", "aimet-onnx", "executorch")

_F32 = np.float32
_F64 = np.float64


# --------------------------------------------------------------------------
# validation helpers
# --------------------------------------------------------------------------
def _check_scheme(scheme):
    if scheme not in SCHEMES:
        raise ValueError(
            "unknown scheme %r (expected one of %s)" % (scheme, ", ".join(SCHEMES)))


def _check_bitwidths(bitwidth, decompressed_bw=None):
    if not isinstance(bitwidth, (int, np.integer)) or isinstance(bitwidth, bool):
        raise ValueError("bitwidth must be an integer, got %r" % (bitwidth,))
    if bitwidth < 2:
        raise ValueError("bitwidth must be >= 2, got %d" % bitwidth)
    if decompressed_bw is None:
        if bitwidth > 16:
            raise ValueError("bitwidth must be <= 16, got %d" % bitwidth)
        return
    if not isinstance(decompressed_bw, (int, np.integer)) or isinstance(decompressed_bw, bool):
        raise ValueError("decompressed bitwidth must be an integer, got %r" % (decompressed_bw,))
    if decompressed_bw > 16:
        raise ValueError("decompressed bitwidth must be <= 16, got %d" % decompressed_bw)
    if bitwidth >= decompressed_bw:
        raise ValueError(
            "bitwidth (%d) must be smaller than the decompressed bitwidth (%d)"
            % (bitwidth, decompressed_bw))


def quant_range(bitwidth, scheme="aimet-torch"):
    """Integer range (qmin, qmax) of the block-quantized values."""
    _check_scheme(scheme)
    qmax = 2 ** (bitwidth - 1) - 1
    if scheme == "executorch":
        return -qmax, qmax
    return -(2 ** (bitwidth - 1)), qmax


def _normalize_axis(axis, rank, what):
    if not isinstance(axis, (int, np.integer)) or isinstance(axis, bool):
        raise ValueError("%s must be an integer, got %r" % (what, axis))
    if axis < -rank or axis >= rank:
        raise ValueError("%s %d is out of range for a rank-%d tensor" % (what, axis, rank))
    return int(axis) % rank


def _check_input(x):
    x = np.asarray(x)
    if x.dtype != np.float32:
        x = x.astype(np.float32)
    if x.size == 0:
        raise ValueError("empty tensor (shape %s)" % (tuple(x.shape),))
    finite = np.isfinite(x)
    if not finite.all():
        flat = int(np.flatnonzero(~finite.reshape(-1))[0])
        val = x.reshape(-1)[flat]
        raise ValueError(
            "non-finite weight (%s) at flat index %d" % ("NaN" if np.isnan(val) else str(val), flat))
    return x


def _layout(shape, channel_axis, block_axis, block_size, batch_axes):
    """Validate axes and return (perm, blocked_shape, n_batch_channel, n_blocks)."""
    rank = len(shape)
    if rank < 2:
        raise ValueError("weight must have rank >= 2, got rank %d" % rank)
    ch = _normalize_axis(channel_axis, rank, "channel axis")
    blk = _normalize_axis(block_axis, rank, "block axis")
    if ch == blk:
        raise ValueError("channel axis and block axis must differ (both %d)" % ch)
    batch = []
    for a in batch_axes:
        a = _normalize_axis(a, rank, "batch axis")
        if a in (ch, blk):
            raise ValueError("batch axis %d coincides with the %s axis"
                             % (a, "channel" if a == ch else "block"))
        if a in batch:
            raise ValueError("batch axis %d given twice" % a)
        batch.append(a)
    batch.sort()
    if not isinstance(block_size, (int, np.integer)) or isinstance(block_size, bool):
        raise ValueError("block size must be an integer, got %r" % (block_size,))
    if block_size < 1:
        raise ValueError("block size must be >= 1, got %d" % block_size)
    if shape[blk] % block_size != 0:
        raise ValueError(
            "block axis %d has size %d, which is not divisible by the block size %d"
            % (blk, shape[blk], block_size))
    window = [a for a in range(rank) if a != ch and a != blk and a not in batch]
    perm = batch + [ch, blk] + window
    c_total = int(np.prod([shape[a] for a in batch + [ch]], dtype=np.int64))
    n_blocks = shape[blk] // block_size
    block_elems = block_size * int(np.prod([shape[a] for a in window], dtype=np.int64))
    return perm, (c_total, n_blocks, block_elems), c_total, n_blocks


def _to_blocks(x, perm, blocked_shape):
    return np.transpose(x, perm).reshape(blocked_shape)


def _from_blocks(b, x_shape, perm):
    moved_shape = tuple(x_shape[a] for a in perm)
    inv = np.argsort(perm)
    return np.ascontiguousarray(np.transpose(b.reshape(moved_shape), inv))


# --------------------------------------------------------------------------
# block scales
# --------------------------------------------------------------------------
def _block_scales_from_blocks(xb, bitwidth, scheme):
    """xb: float32 [C, nb, E] -> float32 [C, nb] block scales."""
    if scheme == "aimet-torch":
        qmin, qmax = quant_range(bitwidth, scheme)
        n_steps = qmax - qmin                      # N
        n_pos = n_steps // 2                       # floor(N/2)
        n_neg = (n_steps + 1) // 2                 # ceil(N/2)
        N = _F32(n_steps)
        P = _F32(n_pos)
        M = _F32(n_neg)
        ms = _F32(min(2.0 ** -23, float(_F32(0.01) / N)))
        zero = _F32(0)
        mn = np.minimum(xb.min(axis=-1), zero)
        mx = np.maximum(xb.max(axis=-1), zero)
        adj = np.where((mx - mn) / N < ms, ms, zero).astype(_F32)
        mx = mx + P * adj
        mn = mn - M * adj
        d = np.maximum(mx / P, -mn / M)
        min_p = -M * d
        max_p = P * d
        s = np.maximum(np.abs((max_p - min_p) / N), ms)
        return s.astype(_F32, copy=False)
    if scheme == "aimet-onnx":
        x64 = xb.astype(_F64)
        mn = np.minimum(x64.min(axis=-1), 0.0)
        mx = np.maximum(x64.max(axis=-1), 0.0)
        mx = np.maximum(mx, mn + 0.01)
        d = np.maximum(np.abs(mn), np.abs(mx)) / float(2 ** (bitwidth - 1) - 1)
        return d.astype(_F32)
    # executorch
    _, qmax = quant_range(bitwidth, scheme)
    absmax = np.abs(xb).max(axis=-1)
    s = np.maximum(absmax / _F32(qmax), _F32(2.0 ** -12))
    return s.astype(_F32, copy=False)


def block_scales(x, channel_axis, block_axis, block_size, bitwidth=4,
                 scheme="aimet-torch", batch_axes=()):
    """Per-block float scales s_b, float32 [C_total, n_blocks]."""
    _check_scheme(scheme)
    _check_bitwidths(bitwidth)
    x = np.asarray(x)
    perm, bshape, _, _ = _layout(x.shape, channel_axis, block_axis, block_size, batch_axes)
    x = _check_input(x)
    return _block_scales_from_blocks(_to_blocks(x, perm, bshape), bitwidth, scheme)


# --------------------------------------------------------------------------
# scale compression
# --------------------------------------------------------------------------
def _group_size(n, g, what):
    if not isinstance(g, (int, np.integer)) or isinstance(g, bool):
        raise ValueError("%s grouping must be an integer, got %r" % (what, g))
    if g == -1:
        return n
    if g < 1:
        raise ValueError("%s grouping must be -1 or >= 1, got %d" % (what, g))
    if n % g != 0:
        raise ValueError("%s grouping %d does not divide the number of %ss (%d)"
                         % (what, g, what, n))
    return int(g)


def compress_scales_tuple(scales2d, group_shape=(1, -1), bitwidth=4, decompressed_bw=8,
                          scheme="aimet-torch"):
    """Compress block scales with AIMET's general tuple grouping.

    ``group_shape = (gc, gb)``: a group is ``gc`` consecutive channels times
    ``gb`` consecutive blocks (``-1`` = the whole axis).  Returns
    ``(pcs [C/gc, nb/gb] float32, ints [C, nb] int32)``.
    """
    _check_scheme(scheme)
    _check_bitwidths(bitwidth, decompressed_bw)
    s = np.asarray(scales2d, dtype=_F32)
    if s.ndim != 2:
        raise ValueError("scales must be a 2-D [channels, blocks] array, got shape %s"
                         % (tuple(s.shape),))
    if s.size == 0:
        raise ValueError("empty scale tensor (shape %s)" % (tuple(s.shape),))
    if len(group_shape) != 2:
        raise ValueError("group shape must be (channels, blocks), got %r" % (group_shape,))
    C, nb = s.shape
    gc = _group_size(C, group_shape[0], "channel")
    gb = _group_size(nb, group_shape[1], "block")
    K = 2 ** (decompressed_bw - bitwidth)
    # [C/gc, gc, nb/gb, gb]
    g4 = s.reshape(C // gc, gc, nb // gb, gb)
    if scheme == "aimet-onnx":
        g64 = g4.astype(_F64)
        pcs64 = g64.max(axis=(1, 3)) / float(K)                  # [C/gc, nb/gb]
        ints = np.clip(np.rint(g64 / pcs64[:, None, :, None]), 1, K)
        pcs = pcs64.astype(_F32)
    else:
        pcs = (g4.max(axis=(1, 3)) / _F32(K)).astype(_F32, copy=False)
        ints = np.clip(np.rint(g4 / pcs[:, None, :, None]), _F32(1), _F32(K))
    return pcs, ints.reshape(C, nb).astype(np.int32)


def compress_scales(scales2d, grouping=-1, bitwidth=4, decompressed_bw=8,
                    scheme="aimet-torch"):
    """Compress [C, nb] block scales along the block axis.

    ``grouping``: -1 = all blocks of a channel, 1 = each block its own group,
    g > 1 = groups of g consecutive blocks.  Returns
    ``(pcs [C, n_groups] float32, ints [C, nb] int32)``.
    """
    return compress_scales_tuple(scales2d, (1, grouping), bitwidth, decompressed_bw, scheme)


def _expand_groups(pcs, n_blocks):
    """[C, ng] -> [C, nb] by repeating each group's value over its blocks."""
    return np.repeat(pcs, n_blocks // pcs.shape[1], axis=1)


def _round_half_away(v):
    """C ``round`` for float64 arrays, exact (no +0.5 double rounding)."""
    t = np.trunc(v)
    frac = v - t                                   # exact
    return t + np.where(np.abs(frac) >= 0.5, np.sign(v), 0.0)


# --------------------------------------------------------------------------
# full encoding
# --------------------------------------------------------------------------
def compute_encodings(x, channel_axis, block_axis, bitwidth=4, decompressed_bw=8,
                      block_size=64, block_grouping=-1, scheme="aimet-torch",
                      batch_axes=()):
    """Full LPBQ encoding of a weight tensor.

    Returns a dict with ``block_scales`` [C,nb] f32, ``pcs`` [C,ng] f32,
    ``int_scales`` [C,nb] i32, ``q`` (int8, or int16 for bitwidth > 8; same
    shape as x), ``dequant`` (q*S_b, f32) and ``dequant_pc``
    (f32(q*i_b)*pcs, f32), plus ``block_scale_eff`` (S_b) [C,nb] f32.
    """
    _check_scheme(scheme)
    _check_bitwidths(bitwidth, decompressed_bw)
    x = np.asarray(x)
    perm, bshape, C, nb = _layout(x.shape, channel_axis, block_axis, block_size, batch_axes)
    _group_size(nb, block_grouping, "block")
    x = _check_input(x)
    xb = _to_blocks(x, perm, bshape)                            # [C, nb, E]

    s = _block_scales_from_blocks(xb, bitwidth, scheme)
    pcs, ints = compress_scales(s, block_grouping, bitwidth, decompressed_bw, scheme)
    pcs_b = _expand_groups(pcs, nb)                             # [C, nb]
    S = (ints.astype(_F32) * pcs_b).astype(_F32, copy=False)    # S_b, float32 product
    Sx = S[:, :, None]

    qmin, qmax = quant_range(bitwidth, scheme)
    if scheme == "aimet-onnx":
        lo = _F32(qmin) * Sx
        hi = _F32(qmax) * Sx
        xc = np.minimum(np.maximum(xb, lo), hi)
        qf = _round_half_away(xc.astype(_F64) / Sx.astype(_F64))
        qf = np.clip(qf, qmin, qmax)
    else:
        qf = np.clip(np.rint(xb / Sx), _F32(qmin), _F32(qmax))
    qdtype = np.int8 if bitwidth <= 8 else np.int16
    qb = qf.astype(qdtype)

    deq = (qb.astype(_F32) * Sx).astype(_F32, copy=False)
    qi = qb.astype(np.int32) * ints[:, :, None]
    deq_pc = (qi.astype(_F32) * pcs_b[:, :, None]).astype(_F32, copy=False)

    return {
        "block_scales": s,
        "pcs": pcs,
        "int_scales": ints,
        "block_scale_eff": S,
        "q": _from_blocks(qb, x.shape, perm),
        "dequant": _from_blocks(deq, x.shape, perm),
        "dequant_pc": _from_blocks(deq_pc, x.shape, perm),
    }


# --------------------------------------------------------------------------
# packing
# --------------------------------------------------------------------------
def pack(q_flat_int, bitwidth):
    """Pack integers into a little-endian bit stream of ``bitwidth``-bit fields.

    Element i occupies bits [i*bw, (i+1)*bw) of the stream (bit j of the stream
    is bit j%8 of byte j//8), two's complement.  For bw=4 element 0 is the low
    nibble of byte 0.  Returns a uint8 array of ceil(n*bw/8) bytes.
    """
    if not 1 <= bitwidth <= 16:
        raise ValueError("pack bitwidth must be in [1, 16], got %d" % bitwidth)
    q = np.asarray(q_flat_int).reshape(-1).astype(np.int64)
    lo, hi = -(1 << (bitwidth - 1)), (1 << (bitwidth - 1)) - 1
    if q.size and (q.min() < lo or q.max() > hi):
        bad = int(np.flatnonzero((q < lo) | (q > hi))[0])
        raise ValueError("value %d at index %d does not fit a signed %d-bit field"
                         % (q[bad], bad, bitwidth))
    u = (q & ((1 << bitwidth) - 1)).astype(np.uint32)
    bits = ((u[:, None] >> np.arange(bitwidth, dtype=np.uint32)) & 1).astype(np.uint8)
    return np.packbits(bits.reshape(-1), bitorder="little")


def unpack(data, n, bitwidth):
    """Inverse of :func:`pack`: ``n`` signed ``bitwidth``-bit values (int8, or
    int16 for bitwidth > 8)."""
    if not 1 <= bitwidth <= 16:
        raise ValueError("unpack bitwidth must be in [1, 16], got %d" % bitwidth)
    data = np.frombuffer(bytes(data), dtype=np.uint8) if not isinstance(data, np.ndarray) \
        else data.astype(np.uint8).reshape(-1)
    need = (n * bitwidth + 7) // 8
    if data.size < need:
        raise ValueError("need %d bytes for %d %d-bit values, got %d"
                         % (need, n, bitwidth, data.size))
    bits = np.unpackbits(data[:need], bitorder="little")[: n * bitwidth]
    bits = bits.reshape(n, bitwidth).astype(np.int64)
    u = (bits << np.arange(bitwidth, dtype=np.int64)).sum(axis=1)
    v = np.where(u >= (1 << (bitwidth - 1)), u - (1 << bitwidth), u)
    return v.astype(np.int8 if bitwidth <= 8 else np.int16)


# --------------------------------------------------------------------------
# metrics
# --------------------------------------------------------------------------
def sqnr_db(ref, approx):
    """Signal-to-quantization-noise ratio in dB (float64); inf if exact."""
    r = np.asarray(ref, dtype=_F64)
    a = np.asarray(approx, dtype=_F64)
    if r.shape != a.shape:
        raise ValueError("shape mismatch: %s vs %s" % (r.shape, a.shape))
    noise = float(np.sum((r - a) ** 2))
    signal = float(np.sum(r ** 2))
    if noise == 0.0:
        return math.inf
    if signal == 0.0:
        return -math.inf
    return 10.0 * math.log10(signal / noise)
