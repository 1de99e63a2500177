#!/usr/bin/env bash
# Installs what is missing, builds, and runs the benchmarks: prints a table of
# medians and ratios measured in one run and writes bench-results/*.png/json.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${LPBQ_BUILD_DIR:-$root/build}"
"$root/scripts/build.sh"
mkdir -p "$root/bench-results"
/usr/bin/python3 "$root/bench/run.py" --build "$build" \
  --plot "$root/bench-results/encode.png" --json "$root/bench-results/encode.json" "$@"
