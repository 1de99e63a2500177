#!/usr/bin/env bash
# Configures and builds lpbq into ${LPBQ_BUILD_DIR:-build} (installs missing
# Debian packages first). Extra arguments go to cmake.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${LPBQ_BUILD_DIR:-$root/build}"
"$root/scripts/setup.sh"
if [ ! -f "$build/build.ninja" ] || [ $# -gt 0 ]; then
  cmake -G Ninja -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release "$@"
fi
ninja -C "$build" -j "${LPBQ_JOBS:-$(nproc)}"
