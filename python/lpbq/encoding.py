"""LPBQ encodings of numpy arrays, computed by the C++ core (liblpbq-c.so).

Same arguments and results as :func:`lpbq.reference.compute_encodings`, bit
for bit, but computed by the library that the MLIR passes use (vectorized,
multithreaded).
"""

import ctypes

import numpy as np

from . import _capi
from ._capi import LPBQError

__all__ = ["compute_encodings", "encode_with_scales", "encoding_layout"]


def _normalize_axis(axis, rank, what):
    if not isinstance(axis, (int, np.integer)) or isinstance(axis, bool):
        raise ValueError("%s must be an integer, got %r" % (what, axis))
    if axis < -rank or axis >= rank:
        raise ValueError("%s %d is out of range for a rank-%d tensor" % (what, axis, rank))
    return int(axis) % rank


def _params(rank, channel_axis, block_axis, bitwidth, decompressed_bw, block_size,
            block_grouping, scheme, batch_axes, num_threads):
    p = _capi.EncodeParams()
    _capi.library().lpbqEncodeParamsInit(ctypes.byref(p))
    p.bitwidth = int(bitwidth)
    p.decompressed_bitwidth = int(decompressed_bw)
    p.block_size = int(block_size)
    p.block_grouping = int(block_grouping)
    p.channel_axis = _normalize_axis(channel_axis, rank, "channel axis")
    p.block_axis = _normalize_axis(block_axis, rank, "block axis")
    axes = [_normalize_axis(a, rank, "batch axis") for a in batch_axes]
    keep = (ctypes.c_int * max(len(axes), 1))(*axes)
    p.batch_axes = keep
    p.num_batch_axes = len(axes)
    p.scheme = scheme.encode("utf-8")
    p.num_threads = int(num_threads)
    return p, keep


def _take_error(err):
    return _capi.take_string(err.value).decode("utf-8", "replace") if err.value else ""


def _shape_array(shape):
    return (ctypes.c_int64 * max(len(shape), 1))(*shape)


def encoding_layout(shape, channel_axis, block_axis, bitwidth=4, decompressed_bw=8,
                    block_size=64, block_grouping=-1, scheme="aimet-torch", batch_axes=()):
    """The geometry of an encoding: a dict with ``num_elements``,
    ``num_channels``, ``num_blocks``, ``num_groups``, ``block_elements``."""
    lib = _capi.library()
    shape = tuple(int(d) for d in shape)
    p, _keep = _params(len(shape), channel_axis, block_axis, bitwidth, decompressed_bw,
                       block_size, block_grouping, scheme, batch_axes, 0)
    layout = _capi.EncodingLayout()
    err = ctypes.c_void_p()
    status = lib.lpbqEncodingLayoutCompute(_shape_array(shape), len(shape), ctypes.byref(p),
                                           ctypes.byref(layout), ctypes.byref(err))
    if status != _capi.LPBQ_OK:
        raise LPBQError(_take_error(err) or "invalid encoding parameters")
    return {name: int(getattr(layout, name)) for name, _ in _capi.EncodingLayout._fields_}


def _encode(x, channel_axis, block_axis, bitwidth, decompressed_bw, block_size,
            block_grouping, scheme, batch_axes, num_threads, pcs=None, int_scales=None):
    lib = _capi.library()
    x = np.ascontiguousarray(np.asarray(x), dtype=np.float32)
    if x.ndim == 0:
        raise ValueError("expected a weight of rank >= 2, got a scalar")
    shape = x.shape
    lay = encoding_layout(shape, channel_axis, block_axis, bitwidth, decompressed_bw,
                          block_size, block_grouping, scheme, batch_axes)
    C, nb, ng = lay["num_channels"], lay["num_blocks"], lay["num_groups"]
    out = {
        "block_scales": np.empty((C, nb), np.float32),
        "pcs": np.empty((C, ng), np.float32),
        "int_scales": np.empty((C, nb), np.int32),
        "q": np.empty(shape, np.int8),
        "dequant": np.empty(shape, np.float32),
        "dequant_pc": np.empty(shape, np.float32),
    }
    outs = _capi.EncodingOutputs()
    outs.allocate = 0
    outs.block_scales = out["block_scales"].ctypes.data
    outs.channel_scales = out["pcs"].ctypes.data
    outs.int_scales = out["int_scales"].ctypes.data
    outs.values = out["q"].ctypes.data
    outs.dequant = out["dequant"].ctypes.data
    outs.dequant_per_channel = out["dequant_pc"].ctypes.data
    p, _keep = _params(x.ndim, channel_axis, block_axis, bitwidth, decompressed_bw,
                       block_size, block_grouping, scheme, batch_axes, num_threads)
    err = ctypes.c_void_p()
    if pcs is None:
        status = lib.lpbqEncode(x.ctypes.data, _shape_array(shape), x.ndim, ctypes.byref(p),
                                ctypes.byref(outs), ctypes.byref(err))
    else:
        pcs = np.ascontiguousarray(pcs, dtype=np.float32)
        ints = np.ascontiguousarray(int_scales, dtype=np.int32)
        if pcs.size != C * ng or ints.size != C * nb:
            raise ValueError("expected %d channel scales ([%d, %d]) and %d integer scales "
                             "([%d, %d]), got %d and %d"
                             % (C * ng, C, ng, C * nb, C, nb, pcs.size, ints.size))
        status = lib.lpbqEncodeWithScales(x.ctypes.data, _shape_array(shape), x.ndim,
                                          ctypes.byref(p), pcs.ctypes.data, ints.ctypes.data,
                                          ctypes.byref(outs), ctypes.byref(err))
    if status != _capi.LPBQ_OK:
        raise LPBQError(_take_error(err) or "encoding failed")
    pcs_b = np.repeat(out["pcs"], nb // ng, axis=1)
    out["block_scale_eff"] = (out["int_scales"].astype(np.float32) * pcs_b).astype(np.float32)
    return out


def compute_encodings(x, channel_axis, block_axis, bitwidth=4, decompressed_bw=8,
                      block_size=64, block_grouping=-1, scheme="aimet-torch",
                      batch_axes=(), num_threads=0):
    """Full LPBQ encoding of a weight tensor (float32, any rank >= 2).

    Returns a dict of numpy arrays, like ``lpbq.reference.compute_encodings``:
    ``block_scales`` [C, nb] f32 (raw s_b), ``pcs`` [C, ng] f32,
    ``int_scales`` [C, nb] i32, ``block_scale_eff`` (S_b = i_b * pcs)
    [C, nb] f32, ``q`` (int8, the weight's shape), ``dequant`` (q * S_b) and
    ``dequant_pc`` (f32(q * i_b) * pcs). C counts the batch and channel
    indices, nb the blocks per channel, ng the float scales per channel.
    Raises LPBQError for invalid arguments and non-finite weights.
    """
    return _encode(x, channel_axis, block_axis, bitwidth, decompressed_bw, block_size,
                   block_grouping, scheme, batch_axes, num_threads)


def encode_with_scales(x, pcs, int_scales, channel_axis, block_axis, bitwidth=4,
                       decompressed_bw=8, block_size=64, block_grouping=-1,
                       scheme="aimet-torch", batch_axes=(), num_threads=0):
    """Re-quantizes ``x`` with given float scales ``pcs`` [C, ng] and integer
    scales ``int_scales`` [C, nb] (e.g. from an encodings file); same results
    as :func:`compute_encodings` (``block_scales`` are still the raw min/max
    scales)."""
    return _encode(x, channel_axis, block_axis, bitwidth, decompressed_bw, block_size,
                   block_grouping, scheme, batch_axes, num_threads, pcs, int_scales)
