#!/usr/bin/env bash
# Configures and builds one CMake preset (default: release), all targets or the ones named.
# Usage: [RETURNSIM_WARNINGS_AS_ERRORS=ON] tools/build.sh [preset] [target...]
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-release}"
shift || true
targets=()
for t in "$@"; do targets+=(--target "$t"); done
# RETURNSIM_WARNINGS_AS_ERRORS=ON (tools/test.sh, so CI) makes every warning in our code an error;
# unset, the build directory keeps what it was configured with (no rebuild for a flag change).
options=()
if [[ -n "${RETURNSIM_WARNINGS_AS_ERRORS:-}" ]]; then
  options+=(-DRETURNSIM_WARNINGS_AS_ERRORS="$RETURNSIM_WARNINGS_AS_ERRORS")
fi
cmake --preset "$preset" "${options[@]}" >/dev/null
cmake --build --preset "$preset" -j "$(nproc)" "${targets[@]}"
