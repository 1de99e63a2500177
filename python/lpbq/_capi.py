"""ctypes bindings of liblpbq-c.so (include/lpbq-c/LPBQ.h).

Debian ships no MLIR Python bindings, so the Python layer talks to lpbq
through its own small C API. The library is loaded on first use, not on
``import lpbq``; it is looked up, in order, at:

1. ``$LPBQ_LIB`` (the path of the .so itself);
2. ``$LPBQ_BUILD_DIR/lib/liblpbq-c.so`` (lit sets LPBQ_BUILD_DIR);
3. ``<source tree>/build/lib/liblpbq-c.so`` (relative to this package);
4. the system library path (``ctypes.util.find_library("lpbq-c")``).
"""

import ctypes
import ctypes.util
import os
import threading

__all__ = ["LPBQError", "library", "library_path"]


class LPBQError(Exception):
    """An error reported by lpbq (MLIR diagnostics or the encoding core).

    ``diagnostics`` holds the diagnostics of the failing call, one string per
    diagnostic, each ``file:line:col: severity: message``.
    """

    def __init__(self, message, diagnostics=()):
        self.diagnostics = list(diagnostics)
        text = message
        if self.diagnostics:
            text += "\n" + "\n".join(self.diagnostics)
        super().__init__(text)
        self.message = message


LPBQ_OK = 0
LPBQ_ERROR = 1
LPBQ_INVALID_ARGUMENT = 2

PRINT_DEBUG_INFO = 1
PRINT_GENERIC = 2

_c_int64_p = ctypes.POINTER(ctypes.c_int64)


class EncodeParams(ctypes.Structure):
    _fields_ = [
        ("bitwidth", ctypes.c_int),
        ("decompressed_bitwidth", ctypes.c_int),
        ("block_size", ctypes.c_int64),
        ("block_grouping", ctypes.c_int64),
        ("channel_axis", ctypes.c_int),
        ("block_axis", ctypes.c_int),
        ("batch_axes", ctypes.POINTER(ctypes.c_int)),
        ("num_batch_axes", ctypes.c_int),
        ("scheme", ctypes.c_char_p),
        ("num_threads", ctypes.c_uint),
    ]


class EncodingLayout(ctypes.Structure):
    _fields_ = [
        ("num_elements", ctypes.c_int64),
        ("num_channels", ctypes.c_int64),
        ("num_blocks", ctypes.c_int64),
        ("num_groups", ctypes.c_int64),
        ("block_elements", ctypes.c_int64),
    ]


class EncodingOutputs(ctypes.Structure):
    _fields_ = [
        ("allocate", ctypes.c_int),
        ("block_scales", ctypes.c_void_p),
        ("channel_scales", ctypes.c_void_p),
        ("int_scales", ctypes.c_void_p),
        ("values", ctypes.c_void_p),
        ("dequant", ctypes.c_void_p),
        ("dequant_per_channel", ctypes.c_void_p),
        ("layout", EncodingLayout),
    ]


_SIGNATURES = {
    # name: (restype, argtypes)
    "lpbqVersion": (ctypes.c_char_p, []),
    "lpbqFree": (None, [ctypes.c_void_p]),
    "lpbqContextCreate": (ctypes.c_void_p, []),
    "lpbqContextDestroy": (None, [ctypes.c_void_p]),
    "lpbqContextEnableMultithreading": (None, [ctypes.c_void_p, ctypes.c_int]),
    "lpbqContextGetDiagnostics": (ctypes.c_char_p, [ctypes.c_void_p]),
    "lpbqContextGetNumErrors": (ctypes.c_int, [ctypes.c_void_p]),
    "lpbqModuleParse": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t,
                                       ctypes.c_char_p, ctypes.POINTER(ctypes.c_void_p)]),
    "lpbqModuleParseFile": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p,
                                           ctypes.POINTER(ctypes.c_void_p)]),
    "lpbqModuleClone": (ctypes.c_int, [ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p)]),
    "lpbqModuleDestroy": (None, [ctypes.c_void_p]),
    "lpbqModuleRunPipeline": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p]),
    "lpbqModuleVerify": (ctypes.c_int, [ctypes.c_void_p]),
    "lpbqModulePrint": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_int,
                                       ctypes.POINTER(ctypes.c_void_p),
                                       ctypes.POINTER(ctypes.c_size_t)]),
    "lpbqModuleWriteBytecode": (ctypes.c_int, [ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p),
                                               ctypes.POINTER(ctypes.c_size_t)]),
    "lpbqEncodeParamsInit": (None, [ctypes.POINTER(EncodeParams)]),
    "lpbqEncodingLayoutCompute": (ctypes.c_int, [_c_int64_p, ctypes.c_int,
                                                 ctypes.POINTER(EncodeParams),
                                                 ctypes.POINTER(EncodingLayout),
                                                 ctypes.POINTER(ctypes.c_void_p)]),
    "lpbqEncode": (ctypes.c_int, [ctypes.c_void_p, _c_int64_p, ctypes.c_int,
                                  ctypes.POINTER(EncodeParams),
                                  ctypes.POINTER(EncodingOutputs),
                                  ctypes.POINTER(ctypes.c_void_p)]),
    "lpbqEncodeWithScales": (ctypes.c_int, [ctypes.c_void_p, _c_int64_p, ctypes.c_int,
                                            ctypes.POINTER(EncodeParams),
                                            ctypes.c_void_p, ctypes.c_void_p,
                                            ctypes.POINTER(EncodingOutputs),
                                            ctypes.POINTER(ctypes.c_void_p)]),
}

_lock = threading.Lock()
_lib = None
_lib_path = None
_NAME = "liblpbq-c.so"


def _candidates():
    env = os.environ.get("LPBQ_LIB")
    if env:
        yield env
        return
    build = os.environ.get("LPBQ_BUILD_DIR")
    if build:
        yield os.path.join(build, "lib", _NAME)
    here = os.path.dirname(os.path.abspath(__file__))
    yield os.path.normpath(os.path.join(here, "..", "..", "build", "lib", _NAME))
    found = ctypes.util.find_library("lpbq-c")
    if found:
        yield found


def library_path():
    """The path of the C library that would be (or was) loaded, or None."""
    if _lib_path:
        return _lib_path
    for cand in _candidates():
        if os.path.isabs(cand) and not os.path.exists(cand):
            continue
        return cand
    return None


def library():
    """The loaded liblpbq-c.so (loaded on first call)."""
    global _lib, _lib_path
    if _lib is not None:
        return _lib
    with _lock:
        if _lib is not None:
            return _lib
        tried = []
        for cand in _candidates():
            if os.path.isabs(cand) and not os.path.exists(cand):
                tried.append(cand + " (not found)")
                continue
            try:
                lib = ctypes.CDLL(cand)
            except OSError as e:
                # A library that exists but does not load is an error, not a
                # reason to silently fall back to another build's copy.
                if os.path.isabs(cand):
                    raise LPBQError("cannot load %s: %s" % (cand, e)) from e
                tried.append("%s (%s)" % (cand, e))
                continue
            for name, (res, args) in _SIGNATURES.items():
                fn = getattr(lib, name)
                fn.restype = res
                fn.argtypes = args
            _lib, _lib_path = lib, cand
            return lib
        raise LPBQError(
            "cannot load the lpbq C library (%s); build the LPBQCAPI target or set "
            "LPBQ_LIB to the path of %s. Tried: %s"
            % (_NAME, _NAME, "; ".join(tried) or "nothing"))


def take_string(ptr, size=None):
    """Copies a malloc'ed buffer returned by the library and frees it."""
    if not ptr:
        return b""
    try:
        if size is None:
            return ctypes.string_at(ptr)
        return ctypes.string_at(ptr, size)
    finally:
        library().lpbqFree(ptr)
