#!/usr/bin/python3
"""Writes the seed corpora of the lpbq fuzz targets into fuzz/corpus/<target>/.

  parse, passes: every .mlir file under test/ and examples/ (and
                 fuzz/import-module.mlir), split at `// -----` like
                 -split-input-file (text only: the targets skip bytecode);
  import:        the encodings files under test/ (Inputs/*.json) and, with
                 --lpbq-opt, the encodings of fuzz/import-module.mlir exported
                 in both formats for several block sizes and groupings;
  core:          generated inputs in lpbq-fuzz-core's byte format, valid
                 parameters mostly.

Usage: fuzz/make-corpus.py [--lpbq-opt PATH] [--out DIR]
"""

import argparse
import hashlib
import os
import random
import re
import struct
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def write(directory, data):
    if isinstance(data, str):
        data = data.encode()
    name = hashlib.sha1(data).hexdigest()
    with open(os.path.join(directory, name), "wb") as f:
        f.write(data)


def mlir_files():
    for top in ("test", "examples"):
        for dirpath, _, files in os.walk(os.path.join(ROOT, top)):
            for f in sorted(files):
                if f.endswith(".mlir"):
                    yield os.path.join(dirpath, f)
    yield os.path.join(ROOT, "fuzz", "import-module.mlir")


def mlir_pieces():
    for path in mlir_files():
        with open(path) as f:
            text = f.read()
        for piece in re.split(r"^// -----\s*$", text, flags=re.M):
            if piece.strip():
                yield piece


def run(cmd, **kw):
    env = dict(os.environ)
    env.setdefault("ASAN_OPTIONS", "allow_user_poisoning=0:detect_leaks=0")
    return subprocess.run(cmd, capture_output=True, env=env, **kw)


def mlir_seeds(out):
    count = 0
    for piece in mlir_pieces():
        write(out, piece)
        count += 1
    return count


def import_seeds(out, lpbq_opt):
    count = 0
    inputs = os.path.join(ROOT, "test")
    for dirpath, _, files in os.walk(inputs):
        for f in sorted(files):
            if f.endswith(".json") or f.endswith(".encodings"):
                with open(os.path.join(dirpath, f), "rb") as fh:
                    write(out, fh.read())
                count += 1
    if not lpbq_opt:
        return count
    module = os.path.join(ROOT, "fuzz", "import-module.mlir")
    with tempfile.TemporaryDirectory() as tmp:
        for bs in (2, 4, 8):
            for grouping in (-1, 1, 2):
                for bw, dbw in ((4, 8), (3, 10), (8, 12)):
                    for fmt in ("1.0.0", "2.0.0"):
                        path = os.path.join(tmp, "enc.json")
                        r = run([lpbq_opt, module,
                                 "--lpbq-quantize-weights=block-size=%d "
                                 "block-grouping=%d bitwidth=%d "
                                 "decompressed-bitwidth=%d" % (bs, grouping, bw, dbw),
                                 "--lpbq-export-encodings=path=%s format=%s" % (path, fmt),
                                 "-o", os.devnull])
                        if r.returncode == 0:
                            with open(path, "rb") as fh:
                                write(out, fh.read())
                            count += 1
    return count


def core_seeds(out):
    """Inputs in CoreFuzzer.cpp's format: selector bytes < 240 pick
    lo + sel % (hi - lo + 1) for each parameter."""
    rng = random.Random(1)
    count = 0

    def sel(value, lo, hi):
        return bytes([value - lo])

    for _ in range(300):
        bw = rng.choice([2, 3, 4, 4, 4, 8])
        dbw = rng.choice([d for d in (bw + 1, 8, 10, 12, 16) if bw < d <= 16])
        bs = rng.choice([1, 2, 4, 8])
        g = rng.choice([0, 0, 1, 2])  # 0 means -1
        rank = rng.choice([2, 2, 3, 4])
        ch, blk = rng.sample(range(rank), 2)
        others = [a for a in range(rank) if a not in (ch, blk)]
        batch = others[:rng.choice([0, 1])] if others else []
        shape = [rng.choice([1, 2, 3, 4, 8]) for _ in range(rank)]
        shape[blk] = bs * rng.choice([1, 2, 4])
        data = b""
        data += sel(bw, 1, 9) + sel(dbw, bw, 17) + sel(bs, 0, 8) + sel(g, 0, 4)
        data += bytes([rng.randrange(3), 0])          # scheme, symmetric
        data += sel(rank, 1, 5) + sel(ch, 0, 4) + sel(blk, 0, 4)
        data += bytes([len(batch)]) + b"".join(sel(a, 0, 4) for a in batch)
        data += b"".join(sel(d, 0, 16) for d in shape)
        n = 1
        for d in shape:
            n *= d
        data += bytes([rng.randrange(64), rng.randrange(4)])  # exponent, raw
        if data[-1] == 0:
            data += b"".join(struct.pack("<f", rng.gauss(0, 1)) for _ in range(n))
        else:
            data += bytes(rng.randrange(256) for _ in range(n))
        data += bytes([rng.randrange(2)])  # threads
        data += bytes(rng.randrange(256) for _ in range(rng.randrange(64)))
        write(out, data)
        count += 1
    return count


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lpbq-opt", help="lpbq-opt, for the encodings seeds")
    ap.add_argument("--out", default=os.path.join(ROOT, "fuzz", "corpus"))
    args = ap.parse_args()
    dirs = {t: os.path.join(args.out, t) for t in ("parse", "passes", "import", "core")}
    for d in dirs.values():
        os.makedirs(d, exist_ok=True)
    counts = {
        "parse": mlir_seeds(dirs["parse"]),
        "passes": mlir_seeds(dirs["passes"]),
        "import": import_seeds(dirs["import"], args.lpbq_opt),
        "core": core_seeds(dirs["core"]),
    }
    for t, n in counts.items():
        print("corpus %-7s %4d seeds in %s" % (t, n, dirs[t]))


if __name__ == "__main__":
    sys.exit(main())
