#!/usr/bin/env bash
# Builds lpbq with AddressSanitizer + UndefinedBehaviorSanitizer
# (-DLPBQ_ENABLE_SANITIZERS=ON) into ${LPBQ_SANITIZE_BUILD_DIR:-build-asan}
# and runs the whole lit suite (regression tests, gtest unit tests, Python
# tests) with it. Clang 22 by default; CC=gcc CXX=g++ works too. Ends with
# lit's summary and exits non-zero on any failure or sanitizer report.
#
# Runtime options, and why:
#  - ASAN_OPTIONS=allow_user_poisoning=0: Debian's libMLIR.so/libLLVM.so are
#    not instrumented. LLVM's BumpPtrAllocator (inline, in the headers)
#    poisons each new slab from our instrumented code and unpoisons each
#    allocation; the libraries' own uninstrumented copies never unpoison, so
#    MLIR's storage uniquer hands out poisoned memory that ASan's memcpy
#    interceptor then reports (use-after-poison in DenseIntOrFPElementsAttr::
#    getRaw and the like). Turning manual poisoning off removes these false
#    reports; heap, stack and global checks are unaffected.
#  - leak checking stays on (detect_leaks=1, the default on Linux) for every
#    lpbq binary; Python tests run with detect_leaks=0 and the shared ASan
#    runtime in LD_PRELOAD (test/lit.cfg.py does this): the interpreter is
#    not instrumented and does not free everything at exit, and it must have
#    the runtime loaded first to dlopen the sanitized liblpbq-c.so.
#  - UBSAN_OPTIONS=print_stacktrace=1: UBSan findings abort (the build uses
#    -fno-sanitize-recover=undefined), with a stack.
# Tests that run mlir-runner (uninstrumented) need nothing special.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${LPBQ_SANITIZE_BUILD_DIR:-$root/build-asan}"
jobs="${LPBQ_JOBS:-1}"
if [ ! -f "$build/build.ninja" ]; then
  CC="${CC:-clang-22}" CXX="${CXX:-clang++-22}" cmake -G Ninja -S "$root" \
    -B "$build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_FLAGS=-gline-tables-only \
    -DCMAKE_CXX_FLAGS=-gline-tables-only -DLPBQ_ENABLE_SANITIZERS=ON || exit 1
fi
ninja -C "$build" -j "$jobs" || { echo "build failed"; exit 1; }

export ASAN_OPTIONS="${ASAN_OPTIONS:-allow_user_poisoning=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"
lit=/usr/lib/llvm-22/bin/lit
[ -x "$lit" ] || lit="$(command -v lit)"
"$lit" -sv "$build/test" "$@"
