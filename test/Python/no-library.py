# RUN: env LPBQ_LIB=%t.does-not-exist.so %python %s | FileCheck %s
"""``import lpbq`` works without the C library (it is loaded on first use):
the numpy reference and the report stay usable, and the first call that
needs the library raises LPBQError saying how to get it."""

import numpy as np

import lpbq

enc = lpbq.reference.compute_encodings(np.ones((2, 8), np.float32), 0, 1, block_size=4)
print("reference:", enc["int_scales"].tolist())
# CHECK: reference: {{\[}}[16, 16], [16, 16]]
print("report:", callable(__import__("lpbq.report").report.main))
# CHECK: report: True
try:
    lpbq.compute_encodings(np.ones((2, 8), np.float32), 0, 1, block_size=4)
except lpbq.LPBQError as e:
    print("LPBQError:", e)
# CHECK: LPBQError: cannot load the lpbq C library (liblpbq-c.so); build the LPBQCAPI target or set LPBQ_LIB to the path of liblpbq-c.so. Tried: {{.*}}does-not-exist.so (not found)
try:
    lpbq.Module.parse("module {}")
except lpbq.LPBQError as e:
    print("LPBQError again:", e.message.split(";")[0])
# CHECK: LPBQError again: cannot load the lpbq C library (liblpbq-c.so)
