#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite (lit +
# FileCheck, gtest unit tests, Python tests). Ends with `N passed, N failed`
# and exits non-zero on any failure.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${LPBQ_BUILD_DIR:-$root/build}"
"$root/scripts/build.sh" || { echo "build failed"; echo "0 passed, 1 failed"; exit 1; }
xml="$build/test-results.xml"
rm -f "$xml"
lit=/usr/lib/llvm-22/bin/lit
[ -x "$lit" ] || lit="$(command -v lit)"
"$lit" -v --xunit-xml-output="$xml" "$build/test"
rc=$?
counts=$(/usr/bin/python3 - "$xml" <<'PY'
import sys, xml.etree.ElementTree as ET
try:
    root = ET.parse(sys.argv[1]).getroot()
except Exception:
    print("0 1"); sys.exit()
passed = failed = skipped = 0
for tc in root.iter("testcase"):
    if tc.find("failure") is not None or tc.find("error") is not None:
        failed += 1
    elif tc.find("skipped") is not None:
        skipped += 1
    else:
        passed += 1
print(passed, failed, skipped)
PY
)
set -- $counts
passed=${1:-0}; failed=${2:-1}; skipped=${3:-0}
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
