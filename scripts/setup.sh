#!/usr/bin/env bash
# Installs everything lpbq needs on Debian 12 (idempotent). Needs root or sudo.
set -euo pipefail
PKGS=(
  cmake ninja-build g++ git
  llvm-22-dev libmlir-22-dev mlir-22-tools clang-22 libclang-rt-22-dev
  googletest libgtest-dev libbenchmark-dev
  python3 python3-numpy python3-matplotlib time
)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all packages present"
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
