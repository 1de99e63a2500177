"""MLIR modules, pass pipelines and the AIMET-shaped quantization API.

Everything here runs inside liblpbq-c.so (see ``_capi``): a ``Module`` is an
MLIR module owned by the C library, and passes run in C++. Errors raise
:class:`lpbq.LPBQError` with the MLIR diagnostics (and their locations).
"""

import ctypes
import json
import os
import tempfile

from . import _capi
from ._capi import LPBQError

__all__ = [
    "Context",
    "Module",
    "LPBQError",
    "compile",
    "quantize_options",
    "set_grouped_blockwise_quantization_for_weights",
]


def _split_diagnostics(text):
    """Diagnostics text -> list of diagnostics (a note stays with its
    diagnostic)."""
    out = []
    for line in text.splitlines():
        if not line:
            continue
        if ": note: " in line and out:
            out[-1] += "\n" + line
        else:
            out.append(line)
    return out


class Context:
    """An MLIR context with everything lpbq-opt registers (the lpbq dialect,
    every upstream dialect, extension, pass and pipeline).

    Modules keep their context alive. A context and its modules are meant to
    be used from one thread at a time.
    """

    def __init__(self, multithreading=True):
        self._lib = _capi.library()
        self._handle = self._lib.lpbqContextCreate()
        if not self._handle:
            raise LPBQError("cannot create an MLIR context")
        if not multithreading:
            self._lib.lpbqContextEnableMultithreading(self._handle, 0)

    def __del__(self):
        handle = getattr(self, "_handle", None)
        if handle:
            self._lib.lpbqContextDestroy(handle)
            self._handle = None

    @property
    def diagnostics(self):
        """Diagnostics of the last call on this context, one string each."""
        raw = self._lib.lpbqContextGetDiagnostics(self._handle) or b""
        return _split_diagnostics(raw.decode("utf-8", "replace"))

    def _check(self, status, what):
        if status != _capi.LPBQ_OK:
            diags = self.diagnostics
            errors = [d for d in diags if ": error: " in d.split("\n")[0]]
            raise LPBQError(what, errors or diags)


_default_context = None


def default_context():
    """The context modules are created in when none is given."""
    global _default_context
    if _default_context is None:
        _default_context = Context()
    return _default_context


class Module:
    """An MLIR module (``builtin.module``) held by the C library.

    Create one with :meth:`parse` (MLIR text or bytecode, as ``str`` or
    ``bytes``) or :meth:`parse_file`. ``str(module)`` prints it,
    :meth:`to_bytecode` serializes it, :meth:`run_pipeline` transforms it in
    place.
    """

    def __init__(self, _handle, _context):
        # Use Module.parse / Module.parse_file.
        self._handle = _handle
        self.context = _context
        self.diagnostics = list(_context.diagnostics)

    def __del__(self):
        handle = getattr(self, "_handle", None)
        if handle:
            self.context._lib.lpbqModuleDestroy(handle)
            self._handle = None

    # -- construction -------------------------------------------------------
    @classmethod
    def parse(cls, source, source_name="<string>", context=None):
        """Parses MLIR text (``str`` or ``bytes``) or bytecode (``bytes``)."""
        context = context or default_context()
        data = source.encode("utf-8") if isinstance(source, str) else bytes(source)
        out = ctypes.c_void_p()
        status = context._lib.lpbqModuleParse(
            context._handle, data, len(data), source_name.encode("utf-8"), ctypes.byref(out))
        context._check(status, "cannot parse the module")
        return cls(out.value, context)

    @classmethod
    def parse_file(cls, path, context=None):
        """Parses a file of MLIR text or bytecode."""
        context = context or default_context()
        out = ctypes.c_void_p()
        status = context._lib.lpbqModuleParseFile(
            context._handle, os.fsencode(path), ctypes.byref(out))
        context._check(status, "cannot parse '%s'" % (path,))
        return cls(out.value, context)

    load = parse_file

    def clone(self):
        """A deep copy of the module (same context)."""
        out = ctypes.c_void_p()
        self.context._check(
            self.context._lib.lpbqModuleClone(self._handle, ctypes.byref(out)),
            "cannot clone the module")
        return Module(out.value, self.context)

    # -- output -------------------------------------------------------------
    def to_string(self, debug_info=False, generic=False):
        """MLIR text; ``debug_info`` prints locations, ``generic`` the
        generic op form."""
        flags = (_capi.PRINT_DEBUG_INFO if debug_info else 0) | \
                (_capi.PRINT_GENERIC if generic else 0)
        buf, size = ctypes.c_void_p(), ctypes.c_size_t()
        self.context._check(
            self.context._lib.lpbqModulePrint(self._handle, flags, ctypes.byref(buf),
                                              ctypes.byref(size)),
            "cannot print the module")
        return _capi.take_string(buf.value, size.value).decode("utf-8")

    def __str__(self):
        return self.to_string()

    def to_bytecode(self):
        """MLIR bytecode, as ``bytes``."""
        buf, size = ctypes.c_void_p(), ctypes.c_size_t()
        self.context._check(
            self.context._lib.lpbqModuleWriteBytecode(self._handle, ctypes.byref(buf),
                                                      ctypes.byref(size)),
            "cannot write bytecode")
        return _capi.take_string(buf.value, size.value)

    def save(self, path, bytecode=False):
        """Writes the module to ``path`` as text (or bytecode)."""
        data = self.to_bytecode() if bytecode else str(self).encode("utf-8")
        with open(path, "wb") as f:
            f.write(data)

    # -- transformation -----------------------------------------------------
    def run_pipeline(self, pipeline):
        """Runs a pass pipeline in place, e.g.
        ``"lpbq-quantize-weights{block-size=32},canonicalize"`` or
        ``"builtin.module(...)"``. Returns ``self``. Remarks and warnings of
        the run are in ``self.diagnostics``."""
        status = self.context._lib.lpbqModuleRunPipeline(self._handle,
                                                         pipeline.encode("utf-8"))
        self.diagnostics = self.context.diagnostics
        self.context._check(status, "pass pipeline failed: %s" % pipeline)
        return self

    def verify(self):
        """Raises LPBQError if the module does not verify."""
        self.context._check(self.context._lib.lpbqModuleVerify(self._handle),
                            "the module does not verify")
        return self

    def quantize(self, **options):
        """``--lpbq-quantize-weights`` with keyword options (see
        :func:`set_grouped_blockwise_quantization_for_weights`)."""
        return set_grouped_blockwise_quantization_for_weights(self, **options)

    def export_encodings(self, path=None, version="1.0.0"):
        """Writes the QNN/AIMET encodings file of the module's LPBQ weights
        (``--lpbq-export-encodings``) and returns it as a dict. With
        ``path=None`` only the dict is returned."""
        if path is None:
            with tempfile.TemporaryDirectory() as tmp:
                return self.export_encodings(os.path.join(tmp, "encodings.json"), version)
        self.run_pipeline("lpbq-export-encodings{%s}" % _options(
            path=os.fspath(path), format=version))
        with open(path) as f:
            return json.load(f)

    def import_encodings(self, path, decompressed_bw=8, scheme="aimet-torch"):
        """Quantizes the weights named in a QNN/AIMET encodings file with its
        scales (``--lpbq-import-encodings``). Returns ``self``."""
        return self.run_pipeline("lpbq-import-encodings{%s}" % _options(
            path=os.fspath(path), decompressed_bitwidth=decompressed_bw, scheme=scheme))


# -- pass options -----------------------------------------------------------
_SPECIAL = set(" \t\n,{}=\"'")


def _quote(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if '"' in text or "\n" in text:
        raise ValueError("pass option value %r may not contain '\"' or newlines" % (text,))
    if not text or any(c in _SPECIAL for c in text):
        return '"%s"' % text
    return text


def _options(**options):
    """Keyword options -> MLIR pass option string (``_`` becomes ``-``; lists
    become ``{a,b}``; None values are left out)."""
    parts = []
    for key, value in options.items():
        if value is None:
            continue
        if isinstance(value, (list, tuple, set, frozenset)):
            if not value:
                continue
            value = "{%s}" % ",".join(_quote(v) for v in value)
        else:
            value = _quote(value)
        parts.append("%s=%s" % (key.replace("_", "-"), value))
    return " ".join(parts)


def _as_list(value, what):
    if value is None:
        return None
    if isinstance(value, str):
        return [value]
    try:
        return list(value)
    except TypeError:
        raise ValueError("%s must be a string or a sequence of strings, got %r"
                         % (what, value)) from None


def quantize_options(op_types=None, bitwidth=4, decompressed_bw=8, block_size=64,
                     block_grouping=-1, excluded_nodes=(), strict=False,
                     scheme="aimet-torch", symmetric=True, min_elements=0, report=None):
    """The option string of ``lpbq-quantize-weights`` for AIMET-style
    arguments."""
    if not symmetric:
        raise ValueError("LPBQ is symmetric: symmetric=False is not supported")
    return _options(
        bitwidth=bitwidth, decompressed_bitwidth=decompressed_bw, block_size=block_size,
        block_grouping=block_grouping, scheme=scheme,
        op_types=_as_list(op_types, "op_types"),
        exclude=_as_list(excluded_nodes, "excluded_nodes"), strict=bool(strict),
        min_elements=min_elements,
        report=os.fspath(report) if report is not None else None)


def set_grouped_blockwise_quantization_for_weights(
        module, op_types=None, bitwidth=4, decompressed_bw=8, block_size=64,
        block_grouping=-1, excluded_nodes=(), strict=False, scheme="aimet-torch",
        symmetric=True, min_elements=0, report=None):
    """Quantizes the module's constant weights with LPBQ, in place, like
    AIMET's ``set_grouped_blockwise_quantization_for_weights``.

    ``op_types``: op names whose weights to quantize (e.g.
    ``("linalg.matmul", "tosa.conv2d")``; None: all supported ops).
    ``excluded_nodes``: weight or op names to leave alone. ``strict``: a block
    axis the block size does not divide is an error instead of a remark.
    ``report``: path of a per-layer JSON report (``python -m lpbq.report``
    plots it). Returns the module.
    """
    if not isinstance(module, Module):
        raise TypeError("expected an lpbq.Module, got %s" % type(module).__name__)
    return module.run_pipeline("lpbq-quantize-weights{%s}" % quantize_options(
        op_types=op_types, bitwidth=bitwidth, decompressed_bw=decompressed_bw,
        block_size=block_size, block_grouping=block_grouping,
        excluded_nodes=excluded_nodes, strict=strict, scheme=scheme,
        symmetric=symmetric, min_elements=min_elements, report=report))


def compile(module, lowering="per-channel", quantize=True, to_llvm=True, vector_width=None,
            **quantize_kwargs):
    """Runs the registered ``lpbq-compile`` pipeline (quantize, lower the LPBQ
    weights with ``lowering`` = "per-channel", "vector" or "fused", lower to the LLVM
    dialect) on a copy of ``module`` and returns the compiled copy.

    ``quantize_kwargs`` are those of
    :func:`set_grouped_blockwise_quantization_for_weights` (``op_types``,
    ``bitwidth``, ``decompressed_bw``, ``block_size``, ``block_grouping``,
    ``excluded_nodes``, ``strict``, ``scheme``, ``min_elements``).
    """
    if not isinstance(module, Module):
        raise TypeError("expected an lpbq.Module, got %s" % type(module).__name__)
    allowed = {"op_types", "bitwidth", "decompressed_bw", "block_size", "block_grouping",
               "excluded_nodes", "strict", "scheme", "symmetric", "min_elements"}
    unknown = set(quantize_kwargs) - allowed
    if unknown:
        raise TypeError("unexpected keyword arguments: %s" % ", ".join(sorted(unknown)))
    kw = dict(quantize_kwargs)
    if not kw.pop("symmetric", True):
        raise ValueError("LPBQ is symmetric: symmetric=False is not supported")
    options = _options(
        quantize=bool(quantize), lowering=lowering, to_llvm=bool(to_llvm),
        vector_width=vector_width,
        bitwidth=kw.get("bitwidth"), decompressed_bitwidth=kw.get("decompressed_bw"),
        block_size=kw.get("block_size"), block_grouping=kw.get("block_grouping"),
        scheme=kw.get("scheme"), op_types=_as_list(kw.get("op_types"), "op_types"),
        exclude=_as_list(kw.get("excluded_nodes"), "excluded_nodes"),
        strict=kw.get("strict"), min_elements=kw.get("min_elements"))
    result = module.clone()
    result.run_pipeline("lpbq-compile{%s}" % options)
    return result
