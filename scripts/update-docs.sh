#!/usr/bin/env bash
# Regenerates the dialect and pass reference from ODS into docs/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${LPBQ_BUILD_DIR:-$root/build}"
ninja -C "$build" mlir-doc
cp "$build/docs/Dialects/LPBQDialect.md" "$root/docs/LPBQDialect.md"
cp "$build/docs/LPBQPasses.md" "$root/docs/LPBQPasses.md"
cp "$build/docs/LPBQConversionPasses.md" "$root/docs/LPBQConversionPasses.md"
