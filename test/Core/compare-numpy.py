# RUN: %python %s --encoder %lpbq_encode --count 2000 | FileCheck %s
"""Bit-exact comparison of lpbq-encode (C++) with the numpy reference.

Random cases (fixed seed) cover Gaussian, heavy-tailed, huge, tiny and
denormal weights, exact rounding ties, all-zero blocks/channels, single-block
channels, 2-D / 4-D conv / batch layouts, every grouping kind, bitwidths 2..8
with dbw up to 16, and the three schemes.  All outputs are compared bit for
bit.  The shared logic is in python/lpbq/_compare.py."""

import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))

from lpbq import _compare  # noqa: E402

ap = argparse.ArgumentParser(description=__doc__)
ap.add_argument("--encoder", required=True)
ap.add_argument("--count", type=int, default=2000)
ap.add_argument("--seed", type=int, default=20250611)
ap.add_argument("--max-elems", type=int, default=4096)
args = ap.parse_args()

st = _compare.sweep(args.encoder, args.count, args.seed, args.max_elems)
print("cases: %d mismatches: %d" % (st["cases"], st["mismatching_cases"]))
# CHECK: cases: {{[0-9]+}} mismatches: 0
print("encoder failures: %d" % st["failed_cases"])
# CHECK: encoder failures: 0
print("per output: " + " ".join("%s=%d" % kv for kv in st["per_key"].items()))
print("schemes: " + " ".join("%s=%d" % kv for kv in st["schemes"].items()))
print("groupings: " + " ".join("%s=%d" % kv for kv in st["groupings"].items()))
print("layouts: " + " ".join("%s=%d" % kv for kv in st["layouts"].items()))
print("cases with ties: %d, tie elements: %d" % (st["ties"], st["tie_elements"]))
covered = (all(st["schemes"].values()) and all(st["groupings"].values())
           and all(st["layouts"].values()) and st["tie_elements"] > 0)
print("coverage: %s" % ("ok" if covered or args.count < 200 else "INCOMPLETE"))
# CHECK: coverage: ok

ok = _compare.error_checks(args.encoder)
# CHECK: nan weight: exit 1, index 737 reported: yes
# CHECK: inf weight: exit 1, index 1021 reported: yes
# CHECK: -inf weight: exit 1, index 301 reported: yes
# CHECK: indivisible block axis: exit 1, error reported
# CHECK: bad grouping: exit 1, error reported
# CHECK: bitwidth >= decompressed bitwidth: exit 1, error reported
# CHECK: batch with bad line 2: exit 1, line reported: yes, other cases exact: yes
print("error checks: %s" % ("ok" if ok else "FAILED"))
# CHECK: error checks: ok
