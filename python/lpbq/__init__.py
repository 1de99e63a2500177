"""lpbq: Low-Power Blockwise Quantization (LPBQ) for MLIR.

The Python layer is ctypes over lpbq's C API (``liblpbq-c.so``, built as the
LPBQCAPI target): Debian ships no MLIR Python bindings. The library is
loaded on first use, so ``import lpbq`` works without it (and
``lpbq.reference`` never needs it).

* ``lpbq.compute_encodings(array, channel_axis, block_axis, ...)``: the C++
  encoding core on numpy arrays (same results as ``lpbq.reference``).
* ``lpbq.Module``: an MLIR module (parse text/bytecode/file, ``str()``,
  ``to_bytecode()``, ``run_pipeline()``, ``export_encodings()``,
  ``import_encodings()``).
* ``lpbq.set_grouped_blockwise_quantization_for_weights(module, ...)``:
  AIMET-shaped weight quantization (``--lpbq-quantize-weights``).
* ``lpbq.compile(module, lowering="per-channel", ...)``: the ``lpbq-compile``
  pipeline down to the LLVM dialect.
* ``python -m lpbq.report REPORT.json --plot out.png``: per-layer quality.
* ``lpbq.reference``: an independent numpy implementation of the encoding
  math, used to cross-check the C++ library.

Errors raise :class:`lpbq.LPBQError`, which carries the MLIR diagnostics
with their locations.
"""

from . import reference  # noqa: F401
from ._capi import LPBQError, library_path  # noqa: F401
from .encoding import compute_encodings, encode_with_scales, encoding_layout  # noqa: F401
from .ir import (  # noqa: F401
    Context,
    Module,
    compile,
    quantize_options,
    set_grouped_blockwise_quantization_for_weights,
)

__all__ = [
    "Context",
    "LPBQError",
    "Module",
    "compile",
    "compute_encodings",
    "encode_with_scales",
    "encoding_layout",
    "library_path",
    "quantize_options",
    "reference",
    "set_grouped_blockwise_quantization_for_weights",
]
