#!/usr/bin/env python3
"""Large random sweep: lpbq-encode (C++) vs the numpy reference, bit for bit.

Same generator and comparison as test/Core/compare-numpy.py (shared code in
python/lpbq/_compare.py), with more cases / larger tensors.  Run with a python
that has numpy (e.g. /usr/bin/python3):

    /usr/bin/python3 scripts/compare_sweep.py --count 100000 --seed 1
"""

import argparse
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "python"))

from lpbq import _compare  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--encoder", default=os.path.join(ROOT, "build", "bin", "lpbq-encode"))
    ap.add_argument("--count", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--max-elems", type=int, default=65536)
    ap.add_argument("--chunk", type=int, default=2000, help="cases per encoder --batch call")
    ap.add_argument("--details", type=int, default=10, help="mismatching cases to describe")
    ap.add_argument("--keep", metavar="DIR", help="keep inputs/outputs under DIR")
    ap.add_argument("--no-error-checks", action="store_true")
    args = ap.parse_args()
    if not os.access(args.encoder, os.X_OK):
        sys.exit("encoder not found: %s" % args.encoder)
    if args.keep:
        os.makedirs(args.keep, exist_ok=True)

    t0 = time.time()
    st = _compare.sweep(args.encoder, args.count, args.seed, args.max_elems, chunk=args.chunk,
                        max_details=args.details, keep_dir=args.keep)
    print("cases: %d mismatches: %d (%.1f s)" % (st["cases"], st["mismatching_cases"], time.time() - t0))
    print("encoder failures: %d" % st["failed_cases"])
    print("per output: " + " ".join("%s=%d" % kv for kv in st["per_key"].items()))
    print("schemes: " + " ".join("%s=%d" % kv for kv in st["schemes"].items()))
    print("groupings: " + " ".join("%s=%d" % kv for kv in st["groupings"].items()))
    print("layouts: " + " ".join("%s=%d" % kv for kv in st["layouts"].items()))
    print("cases with ties: %d, tie elements: %d" % (st["ties"], st["tie_elements"]))
    print("reference: max ulp distance dequant vs dequant_pc: %d" % st["max_pc_ulp"])
    ok = st["mismatching_cases"] == 0 and st["failed_cases"] == 0
    if not args.no_error_checks:
        ok &= _compare.error_checks(args.encoder)
    print("RESULT: %s" % ("PASS" if ok else "FAIL"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
