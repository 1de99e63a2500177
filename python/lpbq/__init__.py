"""lpbq: Low-Power Blockwise Quantization (LPBQ) for MLIR.

``lpbq.reference`` is an independent numpy implementation of the encoding math
(see the project spec), used to cross-check the C++ library.
"""

from . import reference  # noqa: F401
