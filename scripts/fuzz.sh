#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/, clang-22 with ASan+UBSan) into
# ${LPBQ_FUZZ_BUILD_DIR:-build-fuzz}, writes seed corpora from the tests
# (fuzz/make-corpus.py -> fuzz/corpus/<target>/) and runs each target for
# LPBQ_FUZZ_RUNS executions (default 1000000) or LPBQ_FUZZ_TIME seconds
# (default 600), whichever comes first. Prints the executions of each target
# and every crash, with the top of its stack; reproducers are kept under
# <build>/fuzz-artifacts/.
#
# A crash whose stack has no frame in lpbq's sources (lib/, include/,
# tools/) is upstream MLIR's (Debian's release-built libMLIR.so): it is
# reported as such and the target restarts with the budget left. A crash
# in lpbq's code (or an lpbq invariant the targets check) stops the target
# and makes the script exit non-zero.
#
#   scripts/fuzz.sh                  # all targets: parse import core passes
#   LPBQ_FUZZ_TIME=60 scripts/fuzz.sh core parse
#   <build>/fuzz/lpbq-fuzz-core <build>/fuzz-artifacts/core-crash-...  # replay
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${LPBQ_FUZZ_BUILD_DIR:-$root/build-fuzz}"
runs="${LPBQ_FUZZ_RUNS:-1000000}"
max_time="${LPBQ_FUZZ_TIME:-600}"
jobs="${LPBQ_JOBS:-1}"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(parse import core passes)

cc="${CC:-clang-22}"
cxx="${CXX:-clang++-22}"
if [ ! -f "$build/build.ninja" ]; then
  CC="$cc" CXX="$cxx" cmake -G Ninja -S "$root" -B "$build" \
    -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_FLAGS=-gline-tables-only \
    -DCMAKE_CXX_FLAGS=-gline-tables-only -DLPBQ_ENABLE_FUZZERS=ON || exit 1
fi
ninja -C "$build" -j "$jobs" lpbq-fuzzers lpbq-opt || { echo "build failed"; exit 1; }

# Debian's libMLIR.so/libLLVM.so are uninstrumented: LLVM's bump allocators
# poison slabs from our instrumented inline code that the libraries' copies
# never unpoison, so user poisoning is off (the fuzz targets also say so in
# __asan_default_options).
export ASAN_OPTIONS="${ASAN_OPTIONS:-allow_user_poisoning=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"

/usr/bin/python3 "$root/fuzz/make-corpus.py" --lpbq-opt "$build/bin/lpbq-opt" || exit 1

mkdir -p "$build/fuzz-artifacts" "$build/fuzz-logs"
status=0
summary=()
for t in "${targets[@]}"; do
  bin="$build/fuzz/lpbq-fuzz-$t"
  [ -x "$bin" ] || { echo "no fuzz target '$t'"; status=1; continue; }
  work="$build/fuzz-work/$t"
  mkdir -p "$work"
  extra=()
  case "$t" in
    parse|passes) extra=(-dict="$root/fuzz/mlir.dict" -max_len=65536) ;;
    import) extra=(-dict="$root/fuzz/json.dict" -max_len=65536) ;;
    core) extra=(-max_len=4096) ;;
  esac
  echo "== lpbq-fuzz-$t: up to $runs runs or ${max_time}s (logs: $build/fuzz-logs/$t.*.log)"
  total=0 start=$SECONDS round=0 upstream=0 outcome="no crash"
  while [ "$total" -lt "$runs" ] && [ $((SECONDS - start)) -lt "$max_time" ]; do
    round=$((round + 1))
    log="$build/fuzz-logs/$t.$round.log"
    "$bin" "$work" "$root/fuzz/corpus/$t" "${extra[@]}" \
      -runs=$((runs - total)) -max_total_time=$((max_time - (SECONDS - start))) \
      -timeout=60 -rss_limit_mb=4096 -print_final_stats=1 \
      -artifact_prefix="$build/fuzz-artifacts/$t-" > "$log" 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    total=$((total + ${execs:-0}))
    [ $rc -eq 0 ] && break
    artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -1)
    echo "  crash after $total executions (exit $rc): ${artifact:-see $log}"
    grep -m2 -E "ERROR: |runtime error|lpbq .*fuzz finding" "$log" | sed 's/^/    /'
    # The top of the stack, to tell lpbq's code from upstream MLIR's.
    grep -m8 -E "^ +#[0-9]+ " "$log" | sed 's/ (BuildId: [0-9a-f]*)//; s/^/    /'
    # lpbq's: an invariant a target checks, or a stack frame in lpbq's
    # sources or in the code ODS generated for them.
    if grep -q "fuzz finding" "$log" || grep -E "^ +#[0-9]+ " "$log" |
        grep -q -E "$root/(lib|include|tools)/|$build/include/lpbq/"; then
      outcome="CRASH in lpbq (reproducer: ${artifact:-see $log})"
      status=1
      break
    fi
    echo "    (no lpbq frame: upstream MLIR; restarting with the budget left)"
    upstream=$((upstream + 1))
    [ -n "$artifact" ] || break
  done
  [ "$upstream" -eq 0 ] || outcome="$outcome; $upstream upstream MLIR crash(es)"
  line="lpbq-fuzz-$t: $total executions in $((SECONDS - start)) s, $outcome"
  echo "$line"
  summary+=("$line")
done
echo "== summary"
printf '%s\n' "${summary[@]}"
exit $status
