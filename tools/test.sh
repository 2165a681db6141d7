#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds release and runs every test (unit,
# end-to-end, MPI, and the `validation` label: the stylized facts of SPEC §6 on the EU baseline),
# then builds with AddressSanitizer + UBSan and runs them again, except the validation runs (the
# same code paths at full EU size, which would take minutes under the sanitizers); last, fuzzes
# the YAML loaders for 60 seconds (tools/fuzz.sh; any finding fails the suite).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh --browser
# Warnings are errors here (and so in CI); the main job builds without -Werror.
export RETURNSIM_WARNINGS_AS_ERRORS=ON
tools/build.sh release
ctest --preset release -j "$(nproc)"
# Under the sanitizers only what runs there is built (not the validation suite or the benchmark).
tools/build.sh asan returnsim returnsim_tests
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --preset asan -j "$(nproc)" --label-exclude validation --exclude-regex _NOT_BUILT
tools/fuzz.sh 60
