#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/, clang-22 with ASan+UBSan) into
# ${LPBQ_FUZZ_BUILD_DIR:-build-fuzz}, writes seed corpora from the tests
# (fuzz/make-corpus.py -> fuzz/corpus/<target>/) and runs each target for at
# most LPBQ_FUZZ_RUNS executions (default 1000000) or LPBQ_FUZZ_TIME seconds
# (default 600), whichever comes first. Prints the executions of each target
# and any crash (the reproducer is kept under <build>/fuzz-artifacts/); exits
# non-zero when a target found something.
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
  dict=()
  case "$t" in
    parse|passes) dict=(-dict="$root/fuzz/mlir.dict") ;;
    import) dict=(-dict="$root/fuzz/json.dict") ;;
  esac
  log="$build/fuzz-logs/$t.log"
  echo "== lpbq-fuzz-$t: up to $runs runs or ${max_time}s (log: $log)"
  "$bin" "$work" "$root/fuzz/corpus/$t" "${dict[@]}" \
    -runs="$runs" -max_total_time="$max_time" -timeout=60 -rss_limit_mb=4096 \
    -print_final_stats=1 -artifact_prefix="$build/fuzz-artifacts/$t-" \
    > "$log" 2>&1
  rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  [ -n "$execs" ] || execs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" | tail -1)
  secs=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -1)
  if [ $rc -eq 0 ]; then
    line="lpbq-fuzz-$t: ${execs:-?} executions in ${secs:-?} s, no crash"
  else
    status=1
    artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -1)
    line="lpbq-fuzz-$t: CRASH after ${execs:-?} executions (exit $rc): ${artifact:-see $log}"
    grep -m3 -E "ERROR: |runtime error|lpbq .*fuzz finding" "$log" | sed 's/^/    /'
  fi
  echo "$line"
  summary+=("$line")
done
echo "== summary"
printf '%s\n' "${summary[@]}"
exit $status
