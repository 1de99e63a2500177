#!/usr/bin/python3
"""Runs lpbq-opt's quantize pipelines over a corpus of .mlir files and checks
that every input either works or is rejected with a diagnostic.

For every .mlir file under the given files and directories (default: test/),
and each pipeline

    --lpbq-quantize-weights
    --lpbq-quantize-weights --lpbq-to-per-channel

(and, with --block-size N, the same two with block-size=N, which quantizes the
small weights of the tests), checks:

  - no crash: no signal, exit code 0 or 1, no sanitizer report;
  - success: the output parses and verifies again (lpbq-opt reads it back);
  - failure (exit code 1): at least one `error:` diagnostic was printed.

Files with `// -----` separators run with -split-input-file. Prints one line
per problem and a summary; exits 1 when any check failed.

Usage: scripts/corpus-run.py [--lpbq-opt PATH] [--block-size N] [-j N]
                             [--timeout S] [-v] [PATH...]
"""

import argparse
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SANITIZER = re.compile(
    rb"ERROR: (Address|Leak|Memory|Thread|UndefinedBehavior)Sanitizer|"
    rb"runtime error: |^==\d+==ERROR", re.M)
SPLIT = re.compile(r"^// -----\s*$", re.M)


def find_lpbq_opt(given):
    if given:
        return given
    for build in (os.environ.get("LPBQ_BUILD_DIR"), os.path.join(ROOT, "build")):
        if build:
            cand = os.path.join(build, "bin", "lpbq-opt")
            if os.access(cand, os.X_OK):
                return cand
    found = shutil.which("lpbq-opt")
    if not found:
        sys.exit("lpbq-opt not found (pass --lpbq-opt or set LPBQ_BUILD_DIR)")
    return found


def collect(paths):
    files = []
    for p in paths:
        if os.path.isdir(p):
            for dirpath, dirnames, names in os.walk(p):
                dirnames.sort()
                files += [os.path.join(dirpath, n) for n in sorted(names)
                          if n.endswith(".mlir")]
        elif p.endswith(".mlir"):
            files.append(p)
        else:
            sys.exit("not a directory or .mlir file: %s" % p)
    return files


def run(cmd, timeout):
    try:
        r = subprocess.run(cmd, capture_output=True, timeout=timeout)
        return r.returncode, r.stdout, r.stderr
    except subprocess.TimeoutExpired:
        return None, b"", b"timeout"


def check(lpbq_opt, path, pipeline, timeout):
    """Returns (outcome, message): outcome is ok, rejected or FAIL."""
    with open(path, encoding="utf-8", errors="replace") as f:
        split = ["-split-input-file"] if SPLIT.search(f.read()) else []
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out.mlir")
        cmd = [lpbq_opt, path] + split + pipeline + ["-o", out]
        rc, _, err = run(cmd, timeout)
        if rc is None:
            return "FAIL", "timed out after %ss" % timeout
        if SANITIZER.search(err):
            first = next(l for l in err.decode(errors="replace").splitlines()
                         if SANITIZER.search(l.encode()))
            return "FAIL", "sanitizer report: " + first.strip()
        if rc < 0 or rc > 1:
            return "FAIL", "crashed (exit code %d)" % rc
        if rc == 1:
            if b"error:" not in err:
                return "FAIL", "failed without an error diagnostic"
            return "rejected", ""
        # Success: the output must read back and verify.
        rc, _, err = run([lpbq_opt, out] + split + ["-o", os.devnull], timeout)
        if rc != 0:
            msg = err.decode(errors="replace").strip().splitlines()
            return "FAIL", "output does not verify: " + (msg[0] if msg else "exit %s" % rc)
        return "ok", ""


def main():
    ap = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="*", help="files or directories (default: test/)")
    ap.add_argument("--lpbq-opt", help="the lpbq-opt to run (default: $LPBQ_BUILD_DIR/bin, build/bin, PATH)")
    ap.add_argument("--block-size", type=int, help="also run both pipelines with this block size")
    ap.add_argument("-j", "--jobs", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=300)
    ap.add_argument("-v", "--verbose", action="store_true", help="one line per run")
    args = ap.parse_args()

    lpbq_opt = find_lpbq_opt(args.lpbq_opt)
    files = collect(args.paths or [os.path.join(ROOT, "test")])
    pipelines = [["--lpbq-quantize-weights"],
                 ["--lpbq-quantize-weights", "--lpbq-to-per-channel"]]
    if args.block_size:
        q = "--lpbq-quantize-weights=block-size=%d" % args.block_size
        pipelines += [[q], [q, "--lpbq-to-per-channel"]]

    jobs = [(f, p) for f in files for p in pipelines]
    counts = {"ok": 0, "rejected": 0, "FAIL": 0}
    with concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as pool:
        results = pool.map(lambda j: check(lpbq_opt, j[0], j[1], args.timeout), jobs)
        for (f, p), (outcome, msg) in zip(jobs, results):
            counts[outcome] += 1
            rel = os.path.relpath(f)
            if outcome == "FAIL" or args.verbose:
                print("%-8s %s %s%s" % (outcome, rel, " ".join(p),
                                        ": " + msg if msg else ""))
    print("corpus-run: %d files, %d runs: %d ok, %d rejected with a diagnostic, "
          "%d failed" % (len(files), len(jobs), counts["ok"], counts["rejected"],
                         counts["FAIL"]))
    return 1 if counts["FAIL"] else 0


if __name__ == "__main__":
    sys.exit(main())
